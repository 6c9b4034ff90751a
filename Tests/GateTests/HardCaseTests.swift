import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Ways the gate could have been fooled or could have misreported, each pinned by a test.
@Suite("Hard cases")
struct HardCaseTests {
    let expectations: Expectations
    init() throws { expectations = try Expectations.repository() }

    func run(_ fake: FakeSuperset, arms: Set<Arm> = [.superset]) async throws -> GateReport {
        try await Gate.run(expectations, environment: "local", targets: GateTargets(database: FakeDatabase(counts: ["pfill_run_history": 11]), superset: fake),
                           options: GateOptions(arms: arms))
    }

    @Test("a chart duplicated by a deploy is a named failure, even though every name is expected")
    func duplicatedChart() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        fake.charts[1]!.append(SupersetChart(id: 9_999, name: "Runs Table", vizType: "table"))
        let failures = try await run(fake).failures()
        #expect(failures.map(\.check) == ["chart Runs Table"])
        #expect(failures.first?.message.contains("appears 2 times") == true)
    }

    @Test("a dashboard with two datasets fails naming both, rather than checking whichever Superset lists first")
    func twoDatasets() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        fake.datasets[2]!.append(SupersetDataset(id: 77, tableName: "stray_dataset", sql: "SELECT 1 AS a"))
        let failures = try await run(fake).failures()
        #expect(failures.map(\.check) == ["rows"])
        #expect(failures.first?.message.contains("stray_dataset") == true)
    }

    @Test("Superset answering 5xx or 429 is an error (could not check), a 4xx is a failure")
    func serverErrorsAreErrors() {
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: "HTTP 502")) == .error)
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: "HTTP 429")) == .error)
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: "HTTP 400")) == .failed)
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: "timeout")) == .error)
    }

    @Test("json_metadata without cross_filters_enabled fails and says the key is missing")
    func crossFiltersMissing() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        let first = fake.dashboards["powerfill-run-overview"]!
        fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: first.id, title: first.title, slug: first.slug, jsonMetadata: "{}")
        let failure = try #require(try await run(fake).failures().first)
        #expect(failure.check == "cross filters" && failure.actual == "not set")
    }

    @Test("--fetch without a count still answers to the expected rows")
    func fetchAgainstExpectation() throws {
        let dashboard = expectations.dashboards[7]
        let observation = DatabaseObservation(slug: dashboard.slug, lint: [], count: .failure(ProbeFailure(message: "x", code: "57014")),
                                              fetch: .success(FetchStats(rows: 688, columns: 9, seconds: 0.1)))
        let fetch = try #require(Evaluation.evaluateDatabase(observation, dashboard, environment: "local").first { $0.check == "fetch" })
        #expect(fetch.outcome == .failed)
        #expect(fetch.message.contains("streamed 688 rows, expected 0"))
    }

    @Test("with --wait, the other arms start only after the sentinel reports the expected build")
    func waitComesFirst() async throws {
        actor Timeline {
            var events: [String] = []
            func add(_ event: String) { events.append(event) }
        }
        let timeline = Timeline()
        struct RecordingSentinel: SentinelReading {
            let timeline: Timeline
            let inner: SwitchingSentinel
            var displayURL: String { "http://fake/status" }
            func read() async throws -> SentinelAnswer {
                let answer = try await inner.read()
                await timeline.add(answer.body.contains("phase-8") ? "sentinel ready" : "sentinel old")
                return answer
            }
        }
        struct RecordingDatabase: TenantDatabase {
            let timeline: Timeline
            func count(_ sql: String) async throws -> Int {
                await timeline.add("db")
                return sql.contains("pfill_run_history") ? 11 : 0
            }
            func fetchAll(_ sql: String) async throws -> FetchStats { FetchStats(rows: 0, columns: 0, seconds: 0) }
        }
        let old = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-7"}"#)
        let ready = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-8-superset-ready"}"#)
        let sentinel = RecordingSentinel(timeline: timeline, inner: SwitchingSentinel(switchAfter: 2, before: old, after: ready))
        let report = try await Gate.run(expectations, environment: "local",
                                        targets: GateTargets(database: RecordingDatabase(timeline: timeline), sentinel: sentinel),
                                        options: GateOptions(arms: [.sentinel, .db], sentinelWait: .seconds(10)))
        #expect(report.exitCode == 0)
        let events = await timeline.events
        let firstDB = try #require(events.firstIndex(of: "db"))
        let ready_ = try #require(events.firstIndex(of: "sentinel ready"))
        #expect(ready_ < firstDB, "\(events)")
    }

    @Test("URLs keep their path prefix: a Superset under /bi/ is asked under /bi/")
    func pathPrefix() {
        #expect(HTTPClient.join(URL(string: "https://x.example/bi/")!, "/api/v1/chart/1/data/?force=true")?.absoluteString
                == "https://x.example/bi/api/v1/chart/1/data/?force=true")
        #expect(HTTPClient.join(URL(string: "http://127.0.0.1:8089")!, "api/powerfill/status")?.absoluteString
                == "http://127.0.0.1:8089/api/powerfill/status")
    }

    @Test("secrets: braced values with }} escapes, spaces around =, and short values are all masked")
    func secrets() {
        #expect(Secrets.values(inConnectionString: "Driver={X};PWD={a}}b;c};Server=s") == ["a}b;c"])
        #expect(Secrets.values(inConnectionString: "Uid = u; Password = hunter2 ;") == ["hunter2"])
        #expect(Secrets.mask("user u failed with pw ab", ["ab"]) == "user u failed with pw ***")
    }

    @Test("no dashboards to check is a configuration error, never a pass")
    func nothingToCheck() throws {
        var empty = expectations
        empty.dashboards = []
        #expect(throws: ConfigurationError.self) { try Gate.dashboards(empty, environment: "local", only: []) }
        #expect(throws: ConfigurationError.self) { try Gate.dashboards(expectations, environment: "local", only: ["nope"]) }
    }

    @Test("a dashboard without rows for the environment is reported with its line")
    func rowsMissingLine() throws {
        var changed = expectations
        changed.dashboards[0].rows["local"] = nil
        do {
            _ = try Gate.dashboards(changed, environment: "local", only: [])
            Issue.record("must fail")
        } catch {
            #expect(error.line == expectations.dashboards[0].line)
            #expect(error.line != nil)
        }
    }

    @Test("--wait and --arm values", arguments: [
        ("90", 90.0), ("90s", 90), ("5m", 300), ("1m30s", 90), ("2h", 7200), ("0", 0), ("0.5", 0.5),
    ])
    func durations(_ text: String, _ seconds: Double) {
        #expect(CommandLineValues.duration(text) == .milliseconds(Int(seconds * 1000)))
    }

    @Test("bad --wait values are refused, never a crash", arguments: ["inf", "nan", "1e300", "-5", "", "soon", "5x", "25h", "5m3"])
    func badDurations(_ text: String) {
        #expect(CommandLineValues.duration(text) == nil)
    }

    @Test("--arm names, letters and lists; an empty name is an error")
    func arms() throws {
        #expect(try CommandLineValues.arms([]) == [.sentinel, .superset, .db])
        #expect(try CommandLineValues.arms(["db,sentinel"]) == [.db, .sentinel])
        #expect(try CommandLineValues.arms(["b", "c"]) == [.superset, .db])
        #expect(throws: CommandLineValues.ArmError.self) { try CommandLineValues.arms([""]) }
        #expect(throws: CommandLineValues.ArmError.self) { try CommandLineValues.arms(["db,"]) }
        #expect(throws: CommandLineValues.ArmError.self) { try CommandLineValues.arms(["render-farm"]) }
    }

    @Test("the expectations the arm suites are parameterized with load, so the suites cannot pass with no cases")
    func armSuitesHaveCases() {
        #expect(LiveGate.expectations != nil)
        #expect(LiveGate.dashboards.count == 8)
        #expect(LiveGate.charts.count == 25)
    }
}

@Suite("Superset client on the real stack", .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct SupersetClientTests {
    func client() throws -> SupersetClient {
        SupersetClient(baseURL: try #require(URL(string: Env.value("GATE_SUPERSET_URL") ?? "")),
                       username: try #require(Env.value("GATE_SUPERSET_USER")),
                       password: try #require(Env.value("GATE_SUPERSET_PASSWORD")), http: HTTPClient(timeoutSeconds: 15))
    }

    /// A token Superset itself would have issued, expired a minute ago (HS256 with the stack's secret key).
    func expiredToken() async throws -> String {
        let script = """
            import hmac, hashlib, base64, json, time, os
            b = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(',', ':')).encode()).rstrip(b'=')
            now = int(time.time())
            h = b({"alg": "HS256", "typ": "JWT"})
            p = b({"fresh": False, "iat": now - 1000, "nbf": now - 1000, "exp": now - 60, "jti": "gate-test", "type": "access", "sub": "1"})
            s = base64.urlsafe_b64encode(hmac.new(os.environ["GATE_SUPERSET_SECRET_KEY"].encode(), h + b"." + p, hashlib.sha256).digest()).rstrip(b'=')
            print((h + b"." + p + b"." + s).decode())
            """
        return try await onBlockingThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("an expired token (401) gets exactly one re-login, then the call succeeds",
          .enabled(if: Env.value("GATE_SUPERSET_SECRET_KEY") != nil, "needs the local stack's secret key to mint an expired token"))
    func reloginOn401() async throws {
        let client = try client()
        try await client.login()
        await client.replaceToken(try await expiredToken())
        let dashboard = try await client.dashboard("powerfill-run-overview")
        #expect(dashboard.title == "PowerFill: Run Overview (Hub)")
        #expect(await client.logins == 2)
    }

    @Test("a token that no longer verifies (422, key rotated) also gets one re-login")
    func reloginOn422() async throws {
        let client = try client()
        try await client.login()
        await client.replaceToken("not.a.token")
        #expect(try await client.dashboard("powerfill-run-overview").title == "PowerFill: Run Overview (Hub)")
        #expect(await client.logins == 2)
    }

    @Test("a dashboard that does not exist is a 404 the gate reports as missing, not an error")
    func notFound() async throws {
        let client = try client()
        do {
            _ = try await client.dashboard("no-such-dashboard/../x")
            Issue.record("must not be found")
        } catch let error as SupersetError {
            #expect(error.kind == .notFound)
        }
    }
}
