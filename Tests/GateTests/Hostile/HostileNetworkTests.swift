import Foundation
import Testing
@testable import GateKit
@testable import Probes

extension Stub {
    /// What the stub received since its answer was last set: method, path and body of each request.
    func received() async throws -> [(method: String, path: String, body: String)] {
        let response = try await control().send("GET", base.appendingPathComponent("_stub/received"))
        let object = try #require(try? JSONSerialization.jsonObject(with: response.body) as? [String: Any], "HTTP \(response.status): \(response.text)")
        let requests = try #require(object["requests"] as? [[String: Any]])
        return requests.map { ($0["method"] as? String ?? "", $0["path"] as? String ?? "", $0["body"] as? String ?? "") }
    }

    static func started(tls: TestCertificate? = nil) async throws -> Stub {
        let stub = try Stub(tls: tls)
        try await stub.waitUntilUp()
        return stub
    }
}

/// The network as an attacker or an unlucky production environment shapes it, on loopback: redirects that
/// would carry the password elsewhere, servers echoing it in every encoding, lookups that hang, connections
/// accepted and closed, answers that are not JSON.
@Suite("Hostile network", .serialized)
struct HostileNetworkTests {
    static let loginPath = "/api/v1/security/login"
    static let password = "Head7q/\"\\é\t +%&'<Tail9z"

    func superset(_ stub: Stub, http: HTTPClient? = nil, queries: HTTPClient? = nil) throws -> SupersetClient {
        SupersetClient(baseURL: stub.base, username: "gate", password: Self.password,
                       http: try http ?? HTTPClient(timeoutSeconds: 5, caFile: stub.caFile), queries: queries)
    }

    /// The error a call threw, as the gate reports it.
    func failure(_ call: () async throws -> some Any) async -> ProbeFailure? {
        do {
            _ = try await call()
            return nil
        } catch {
            return ProbeFailure(error)
        }
    }

    // MARK: - redirects

    @Test("a login answered with 307 or 308 to another origin is refused naming both URLs; the other origin receives nothing",
          arguments: [307, 308])
    func loginRedirectedElsewhere(status: Int) async throws {
        let superset = try await Stub.started(), elsewhere = try await Stub.started()
        try await elsewhere.set(["any_path": true, "login_ok": true])
        try await superset.set(["any_path": true, "redirect_to": elsewhere.base.absoluteString + Self.loginPath + "?next=1", "redirect_status": status])
        let refused = try #require(await failure { try await self.superset(superset).login() })
        #expect(refused.message.contains(superset.base.absoluteString + Self.loginPath) && refused.message.contains(elsewhere.base.absoluteString + Self.loginPath),
                "\(refused.message)")
        #expect(refused.message.contains("superset_url") && refused.message.contains("final address") && !refused.message.contains("next=1"), "\(refused.message)")
        #expect(try await elsewhere.received().isEmpty, "the password went to the other origin")
        #expect(try await superset.received().count == 1, "one request, not retried")
    }

    @Test("through the gate: a login redirected to another origin is one Superset arm error naming both URLs, exit 3, the password kept home",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func gateLoginRedirected() async throws {
        let superset = try await Stub.started(), elsewhere = try await Stub.started()
        try await elsewhere.set(["any_path": true, "login_ok": true])
        try await superset.set(["any_path": true, "redirect_to": elsewhere.base.absoluteString + Self.loginPath, "redirect_status": 308])
        let (report, _) = try await FaultTests().run(arms: [.superset], superset: superset.base, supersetPassword: Self.password)
        let error = try #require(report.results.first { $0.arm == .superset && $0.check == .arm }, "\(report.results.map(\.message))")
        #expect(error.outcome == .error && error.message.contains(superset.base.absoluteString + Self.loginPath)
                && error.message.contains(elsewhere.base.absoluteString + Self.loginPath) && error.message.contains("superset_url"), "\(error.message)")
        #expect(report.exitCode == 3)
        #expect(try await elsewhere.received().isEmpty, "the password went to the other origin")
        try ReportChecks.expectValid(report)
    }

    @Test("a login redirected with 307 on the same origin (a Superset under /bi/) still logs in, the body re-sent there")
    func loginRedirectedSameOrigin() async throws {
        let superset = try await Stub.started()
        try await superset.set(["any_path": true, "login_ok": true, "redirect_from": Self.loginPath,
                                "redirect_to": superset.base.absoluteString + "/bi" + Self.loginPath])
        try await self.superset(superset).login()
        let requests = try await superset.received()
        #expect(requests.map(\.path) == [Self.loginPath, "/bi" + Self.loginPath], "\(requests.map(\.path))")
        #expect(requests.last?.method == "POST" && requests.last?.body.contains("\"username\":\"gate\"") == true)
    }

    @Test("from https to http nothing is followed, not even a GET without credentials; the http origin receives nothing")
    func httpsToHTTPRefused() async throws {
        let certificate = try TestCertificate.make()
        let secure = try await Stub.started(tls: certificate), plain = try await Stub.started()
        let target = plain.base.absoluteString + "/api/powerfill/status"
        try await secure.set(["any_path": true, "redirect_to": target, "redirect_status": 302])
        let http = try HTTPClient(timeoutSeconds: 5, caFile: certificate.certificate)
        let get = try #require(await failure { try await http.send("GET", secure.statusURL) })
        #expect(get.message.contains(secure.statusURL.absoluteString) && get.message.contains(target) && get.message.contains("from https to http"), "\(get.message)")
        try await secure.set(["any_path": true, "redirect_to": plain.base.absoluteString + Self.loginPath, "redirect_status": 307])
        let login = try #require(await failure { try await self.superset(secure).login() })
        #expect(login.message.contains("from https to http"), "\(login.message)")
        #expect(try await plain.received().isEmpty, "something went out in clear text")
    }

    @Test("a GET without credentials follows a redirect to another origin; one with a bearer token does not")
    func crossOriginGet() async throws {
        let first = try await Stub.started(), second = try await Stub.started()
        try await first.set(["any_path": true, "redirect_to": second.statusURL.absoluteString, "redirect_status": 302])
        let http = HTTPClient(timeoutSeconds: 30)
        let answer = try await http.send("GET", first.statusURL)
        #expect(answer.status == 200 && answer.text.contains("phase-8-superset-ready"))
        #expect(try await second.received().count == 1)
        let refused = try #require(await failure { try await http.send("GET", first.statusURL, headers: ["Authorization": "Bearer t0k3n"]) })
        #expect(refused.message.contains("another origin, with credentials"), "\(refused.message)")
        let marked = try #require(await failure { try await http.send("GET", first.statusURL, headers: ["X-Api-Key": "k"], secretHeaders: ["x-api-key"]) })
        #expect(marked.message.contains("with credentials"), "a header the caller marks secret counts too: \(marked.message)")
        #expect(try await second.received().count == 1, "neither credentialed GET reached the other origin")
    }

    // MARK: - timeouts

    @Test("Superset's login and lookups use the HTTP timeout; only chart data uses the larger one, and says so")
    func lookupTimeouts() async throws {
        let stub = try await Stub.started()
        try await stub.set(["any_path": true, "login_ok": true, "mode": "hang"])
        // Far apart, so the order holds however late a loaded machine resumes either call.
        let lookups = HTTPClient(timeoutSeconds: 1)
        var queries = HTTPClient(timeoutSeconds: 12)
        queries.timeoutNote = "the larger of the HTTP and query timeouts: Superset runs a query for it"
        let client = try superset(stub, http: lookups, queries: queries)
        let clock = ContinuousClock()
        let start = clock.now
        let lookup = try #require(await failure { try await client.dashboard("x") })
        let lookupEnded = clock.now
        #expect(lookup.code == .timeout && lookup.message.contains("its timeout of 1 s") && !lookup.message.contains("larger"), "\(lookup.message)")
        let data = try #require(await failure { try await client.renderChart(id: 1) })
        let dataEnded = clock.now
        #expect(data.code == .timeout && data.message.contains("its timeout of 12 s (the larger of the HTTP and query timeouts"), "\(data.message)")
        // Ordered, not timed: the lookup gave up on its own (shorter) timeout, before the chart data did on its.
        #expect(lookupEnded - start < dataEnded - lookupEnded, "lookup \(lookupEnded - start), chart data \(dataEnded - lookupEnded)")
    }

    @Test("a Superset hanging on lookups ends at --http-timeout, not at the query timeout", .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func gateLookupTimeout() async throws {
        let stub = try await Stub.started()
        try await stub.set(["any_path": true, "login_ok": true, "mode": "hang"])
        var settings = FaultTests.quick
        settings.httpTimeoutSeconds = 2
        settings.queryTimeoutSeconds = 60
        settings.checkTimeoutSeconds = 60
        settings.runDeadlineSeconds = 60
        settings.retries = 0
        let (report, seconds) = try await FaultTests().run(arms: [.superset], superset: stub.base, settings: settings, only: ["powerfill-run-overview"])
        let errors = report.results.filter { $0.outcome == .error }
        #expect(errors.contains { $0.message.contains("its timeout of 2 s") }, "\(report.results.map(\.message))")
        #expect(!report.results.contains { $0.message.contains("timeout of 60 s") }, "\(report.results.map(\.message))")
        // 2 s a lookup; before, 60 s (the query timeout). 5x the bound it names, far under the other.
        // Idle 2.4 s; the query timeout would make it 60 s or more.
        #expect(seconds < 30, "\(seconds) s with --http-timeout 2 and a 60 s query timeout")
        try ReportChecks.expectValid(report)
    }

    // MARK: - connections

    @Test("a server that accepts and closes the connection: the connection was lost, retried; a later answer stands")
    func acceptThenClose() async throws {
        let stub = try await Stub.started()
        let http = HTTPClient(timeoutSeconds: 5, retry: RetryPolicy(attempts: 3, baseDelay: .milliseconds(50)))
        try await stub.set(["close_first": 1])
        let recovered = TryCounter()
        let answer = try await TryCounter.$current.withValue(recovered) { try await http.send("GET", stub.statusURL) }
        #expect(answer.status == 200 && recovered.tries == 2, "tries: \(recovered.tries)")

        try await stub.set(["mode": "close"])
        let lost = TryCounter()
        let error = await TryCounter.$current.withValue(lost) { await failure { try await http.send("GET", stub.statusURL) } }
        let message = try #require(error).message
        #expect(message.contains("the connection was lost") && lost.tries == 3, "\(message), tries \(lost.tries)")
    }

    // MARK: - answers that are not JSON

    @Test("a Superset answer that is not JSON is an error (the check could not run) for lookups and chart data, naming endpoint and what came")
    func notJSON() async throws {
        let stub = try await Stub.started()
        try await stub.set(["any_path": true, "login_ok": true, "status_code": 200, "content_type": "text/html; charset=utf-8",
                            "raw": "<html><body>Please sign in, \(Self.password)</body></html>"])
        let client = try superset(stub)
        let lookup = try #require(await failure { try await client.dashboard("powerfill-run-overview") })
        let data = try #require(await failure { try await client.renderChart(id: 7) })
        for (failure, endpoint) in [(lookup, "/api/v1/dashboard/powerfill-run-overview"), (data, "/api/v1/chart/7/data/")] {
            #expect(failure.code == .malformedAnswer && Evaluation.outcome(for: failure) == .error, "\(failure)")
            #expect(failure.message.contains(endpoint) && failure.message.contains("text/html") && failure.message.contains("Please sign in, ***"),
                    "\(failure.message)")
            #expect(!failure.message.contains("Head7q") && !failure.message.contains("Tail9z"))
        }
    }

    @Test("through the gate: a Superset answering an HTML page to every lookup is an error for each dashboard (exit 3), never a failure",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func gateNotJSON() async throws {
        let stub = try await Stub.started()
        try await stub.set(["any_path": true, "login_ok": true, "status_code": 200, "content_type": "text/html", "raw": "<html><body>Maintenance</body></html>"])
        let (report, _) = try await FaultTests().run(arms: [.superset], superset: stub.base)
        let dashboards = report.results.filter { $0.check == .dashboard }
        #expect(!dashboards.isEmpty && dashboards.allSatisfy { $0.outcome == .error && $0.message.contains("text/html") && $0.message.contains("Maintenance") },
                "\(report.results.map(\.message))")
        #expect(!report.results.contains { $0.outcome == .failed } && report.exitCode == 3)
        try ReportChecks.expectValid(report)
    }

    // MARK: - echoed secrets, end to end

    @Test("a Superset echoing the password in every encoding: no form of it in stdout, stderr, JUnit, JSON, HTML, summary or history",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func echoedPasswordEndToEnd() async throws {
        let stub = try await Stub.started()
        try await stub.set(["any_path": true, "echo_styles": true])
        let cli = CLITests()
        let text = try Repo.relocatedExpectations()
            .replacingOccurrences(of: "    superset_url: http://127.0.0.1:8088\n    odbc_connection_string_env: GATE_ODBC\n    superset_username_env",
                                  with: "    superset_url: \(stub.base.absoluteString)\n    odbc_connection_string_env: GATE_ODBC\n    superset_username_env")
        #expect(text.contains(stub.base.absoluteString))
        // The repository's query files, by absolute path, from a temporary folder.
        let file = try cli.temporary("expectations.yaml", text)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let reports = ["junit": folder + "/junit.xml", "json": folder + "/report.json", "html": folder + "/report.html", "summary": folder + "/summary.md"]
        let run = try await cli.gate(["--env", "local", "--expectations", file, "--arm", "superset", "--verbose", "--retries", "0",
                                      "--history", folder + "/history.sqlite"] + reports.flatMap { ["--\($0.key)", $0.value] },
                                     environment: ["GATE_SUPERSET_PASSWORD": Self.password])
        #expect(run.status == 3, "\(run.output)\(run.errors)")
        #expect(run.output.contains("refused the login") && run.output.contains("***"), "the echo was masked, not dropped: \(run.output)")
        let received = try await stub.received()
        #expect(received.contains { $0.path == Self.loginPath && $0.body.contains("Head7q") }, "the stub was sent the password to echo")
        var outputs = ["stdout": Data(run.output.utf8), "stderr": Data(run.errors.utf8)]
        for (name, path) in reports { outputs[name] = try Data(contentsOf: URL(fileURLWithPath: path)) }
        if let history = FileManager.default.contents(atPath: folder + "/history.sqlite") { outputs["history"] = history }
        #expect(outputs.count == 8 || outputs.count == 7, "\(outputs.keys.sorted())")
        for (name, bytes) in outputs {
            // The halves around the awkward characters: any form of the password that escaped masking holds one.
            for half in ["Head7q", "Tail9z"] {
                #expect(bytes.range(of: Data(half.utf8)) == nil, "\(name) holds part of the password")
            }
        }
    }
}
