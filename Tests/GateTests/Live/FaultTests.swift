import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// One fault, injected for real, at a time: the gate ends within its deadline, writes valid JUnit and JSON,
/// marks the affected checks as errors with a clear reason, and still reports the arms the fault did not touch.
@Suite("Faults on the real stack", .serialized, .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct FaultTests {
    /// Short timeouts: every fault here must end in seconds.
    /// The HTTP timeout is 15 s: a test about another fault must not fail because the whole suite's start keeps a
    /// healthy stub from answering within 3 s; the tests about HTTP timeouts set 3 s themselves.
    /// The check and run deadlines are long for the same reason (they count from the run's start, which a starved test
    /// task may reach late); the tests about deadlines set short ones themselves.
    static let quick = SettingsOverride(loginTimeoutSeconds: 3, queryTimeoutSeconds: 5, httpTimeoutSeconds: 15, checkTimeoutSeconds: 60,
                                        runDeadlineSeconds: 120, retries: 1)

    /// A run of environment `local` with some of its targets replaced; returns the report and how long it took.
    func run(arms: Set<Arm>, api: URL? = nil, superset: URL? = nil, odbc: String? = nil, supersetPassword: String? = nil,
             settings: SettingsOverride = quick, caFile: String? = nil, only: [String] = [], sql: [String: String] = [:], fetch: Bool = false)
        async throws -> (report: GateReport, seconds: Double) {
        var expectations = try Expectations.repository()
        let index = try #require(expectations.environments.firstIndex { $0.name == "local" })
        var variables = ProcessInfo.processInfo.environment
        if let api { expectations.environments[index].apiURL = .literal(api.absoluteString) }
        if let superset { expectations.environments[index].supersetURL = .literal(superset.absoluteString) }
        if let odbc {
            expectations.environments[index].odbcConnectionStringEnv = "GATE_FAULT_ODBC"
            variables["GATE_FAULT_ODBC"] = odbc
        }
        if let supersetPassword {
            expectations.environments[index].supersetPasswordEnv = "GATE_FAULT_SUPERSET_PASSWORD"
            variables["GATE_FAULT_SUPERSET_PASSWORD"] = supersetPassword
        }
        expectations.environments[index].settings = settings
        for (slug, text) in sql {
            let dashboard = try #require(expectations.dashboards.firstIndex { $0.slug == slug })
            expectations.dashboards[dashboard].sql = text
        }
        var options = GateOptions(arms: arms, fetchRows: fetch, only: only)
        options.caFile = caFile
        let plan = try GatePlan(expectations, environment: "local", options: options)
        let clock = ContinuousClock()
        let start = clock.now
        let report = await Gate.run(plan, targets: try TargetFactory.targets(for: plan, variables: variables))
        return (report, (clock.now - start).seconds)
    }

    static var odbc: String { Env.value("GATE_ODBC") ?? "" }

    /// The local connection string with its port replaced.
    static func odbc(port: Int) -> String {
        odbc.split(separator: ";").map { $0.lowercased().hasPrefix("port=") ? "Port=\(port)" : String($0) }.joined(separator: ";") + ";"
    }

    func armError(_ report: GateReport, _ arm: Arm) -> CheckResult? {
        report.results.first { $0.arm == arm && $0.check == .arm && $0.outcome != .passed }
    }

    @Test("PostgreSQL not reachable before the run: one database arm error naming it, exit 3; the sentinel still reported")
    func databaseDown() async throws {
        let (report, seconds) = try await run(arms: [.db, .sentinel], odbc: Self.odbc(port: Stub.freePort()))
        let error = try #require(armError(report, .db))
        #expect(error.outcome == .error && error.message.contains("could not be reached"), "\(error.message)")
        // Every dashboard says it went unchecked, and why: not only the arm.
        let rows = report.results.filter { $0.arm == .db && $0.check == .rows }
        #expect(rows.count == 8, "\(rows.map(\.message))")
        for row in rows {
            #expect(row.outcome == .error && row.dashboard != nil && row.message.contains("could not connect to powerfill on 127.0.0.1"), "\(row.message)")
        }
        #expect(report.results.contains { $0.arm == .sentinel && $0.outcome == .passed })
        #expect(report.exitCode == 3)
        // Idle: 0.3 s. The bound says "no hang"; the start of a whole-suite run can hold this task for many seconds.
        #expect(seconds < 60, "ended within its deadline: \(seconds) s")
        try ReportChecks.expectValid(report)
    }

    @Test("PostgreSQL gone during a query: that check is an error naming the connection loss, within the deadline")
    func databaseLostDuringRun() async throws {
        let port = Stub.freePort()
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = ["python3", Repo.path("ci/faults/tcp-proxy.py"), "\(port)", Env.value("GATE_PG_PORT") ?? "55432"]
        proxy.standardError = FileHandle.nullDevice
        try proxy.run()
        defer { if proxy.isRunning { kill(proxy.processIdentifier, SIGKILL) } }
        try await Self.waitUntilListening(port)
        async let outcome = run(arms: [.db], odbc: Self.odbc(port: port), only: ["powerfill-run-overview"],
                                sql: ["powerfill-run-overview": "SELECT pg_sleep(4) AS slept"])
        try await Task.sleep(for: .seconds(2))
        kill(proxy.processIdentifier, SIGKILL)
        let (report, seconds) = try await outcome
        let rows = try #require(report.results.first { $0.check == .rows })
        #expect(rows.outcome == .error, "\(rows.message)")
        #expect(rows.actual?.description.hasPrefix("SQLSTATE 08") == true || rows.message.contains("could not be reached"), "\(rows.actual?.description ?? "") \(rows.message)")
        #expect(report.exitCode == 3)
        #expect(seconds < 60, "\(seconds) s")
        try ReportChecks.expectValid(report)
    }

    /// A TCP proxy in front of PostgreSQL that misbehaves once a connection has carried 3,000 bytes from the server.
    func misbehavingProxy(_ arguments: [String]) async throws -> (process: Process, port: Int) {
        let port = Stub.freePort()
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        proxy.arguments = ["python3", Repo.path("ci/faults/tcp-proxy.py"), "\(port)", Env.value("GATE_PG_PORT") ?? "55432"] + arguments
        proxy.standardError = FileHandle.nullDevice
        try proxy.run()
        try await Self.waitUntilListening(port)
        return (proxy, port)
    }

    /// Waits until something accepts connections on `port` (a Python process starts slowly on a loaded machine).
    static func waitUntilListening(_ port: Int) async throws {
        for _ in 0..<200 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProbeFailure(message: "the TCP proxy did not start listening on \(port)")
    }

    /// A 20,000-byte row: its answer runs past the proxy's 3,000 bytes; the count probe's answer does not.
    static let bigRow = ["powerfill-run-overview": "SELECT repeat('x', 20000) AS big"]

    @Test("a connection reset in the middle of an answer is a lost connection (08S01), retried at once, never a timeout")
    func resetMidAnswer() async throws {
        let (proxy, port) = try await misbehavingProxy(["--reset-after-bytes", "3000"])
        defer { kill(proxy.processIdentifier, SIGKILL) }
        let (report, seconds) = try await run(arms: [.db], odbc: Self.odbc(port: port), only: ["powerfill-run-overview"], sql: Self.bigRow, fetch: true)
        let fetch = try #require(report.results.first { $0.check == .fetch })
        #expect(fetch.outcome == .error && fetch.message.contains("08S01") && fetch.message.contains("lost"), "\(fetch.message)")
        #expect(fetch.tries == 2, "retried: \(fetch.message)")
        #expect(!fetch.message.contains("timeout"), "\(fetch.message)")
        // Idle: 0.4 s. Waiting out a timeout would take 2 x 6 s.
        // Idle: 0.4 s; waiting out the query timeout twice would take 12 s. The message (no timeout, 08S01) is the proof.
        #expect(seconds < 11, "\(seconds) s")
        try ReportChecks.expectValid(report)
    }

    @Test("a database trickling its answer one byte at a time is cut at the query timeout, the answer bounded as a whole")
    func databaseTrickles() async throws {
        let (proxy, port) = try await misbehavingProxy(["--trickle-after-bytes", "3000", "--trickle-ms", "20"])
        defer { kill(proxy.processIdentifier, SIGKILL) }
        var settings = Self.quick
        settings.queryTimeoutSeconds = 2
        settings.retries = 0
        let (report, seconds) = try await run(arms: [.db], odbc: Self.odbc(port: port), settings: settings, only: ["powerfill-run-overview"],
                                              sql: Self.bigRow, fetch: true)
        let fetch = try #require(report.results.first { $0.check == .fetch })
        #expect(fetch.outcome == .error && fetch.message.contains("within its timeout of 2 s"), "\(fetch.message)")
        // The whole answer would take 340 s at this pace; one try is bounded at 2 s + 1 s. 5x that:
        #expect(seconds < 60, "\(seconds) s")
        try ReportChecks.expectValid(report)
    }

    @Test("Superset stopped: one Superset arm error naming the URL; the database arm still passes")
    func supersetDown() async throws {
        let url = URL(string: "http://127.0.0.1:\(Stub.freePort())")!
        let (report, seconds) = try await run(arms: [.superset, .db], superset: url)
        let error = try #require(armError(report, .superset))
        #expect(error.message.contains(url.absoluteString) && error.message.contains("unreachable"), "\(error.message)")
        #expect(error.message.contains("after 2 tries"), "a refused connection is retried: \(error.message)")
        #expect(report.results.filter { $0.arm == .db && $0.check == .rows }.allSatisfy { $0.outcome == .passed })
        #expect(report.exitCode == 3 && seconds < 60)
        try ReportChecks.expectValid(report)
    }

    @Test("Superset answering 500, and an HTML page with status 200: clear arm errors, not a refused login")
    func supersetBroken() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["any_path": true, "status_code": 500, "raw": "Internal Server Error"])
        let (failing, seconds) = try await run(arms: [.superset], superset: stub.base)
        let error = try #require(armError(failing, .superset))
        #expect(error.message.contains("HTTP 500") && !error.message.contains("refused the login"), "\(error.message)")
        #expect(failing.exitCode == 3 && seconds < 60)
        try ReportChecks.expectValid(failing)

        try await stub.set(["any_path": true, "status_code": 200, "raw": "<html><body><h1>Sign in</h1></body></html>", "content_type": "text/html"])
        let (html, _) = try await run(arms: [.superset], superset: stub.base)
        let page = try #require(armError(html, .superset))
        #expect(page.message.contains("no access_token") && page.message.contains("an HTML page"), "\(page.message)")
        try ReportChecks.expectValid(html)
    }

    @Test("a token Superset keeps refusing after one re-login: every check is an error naming HTTP 401, never a failure")
    func tokenRefused() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["any_path": true, "login_ok": true, "status_code": 401, "body": ["msg": "Token has been revoked"]])
        let (report, seconds) = try await run(arms: [.superset], superset: stub.base)
        let dashboards = report.results.filter { $0.check == .dashboard }
        #expect(dashboards.count == 8 && dashboards.allSatisfy { $0.outcome == .error && $0.actual == .failure(.httpStatus(401)) }, "\(dashboards.map(\.message))")
        #expect(report.exitCode == 3 && seconds < 60)
        try ReportChecks.expectValid(report)
    }

    @Test("a sentinel that accepts the connection and never answers ends at its timeout, or at the run deadline when that comes first")
    func sentinelHangs() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["mode": "hang"])
        var settings = Self.quick
        settings.httpTimeoutSeconds = 3
        settings.retries = 0
        let (timedOut, seconds) = try await run(arms: [.sentinel], api: stub.base, settings: settings)
        let status = try #require(timedOut.results.first { $0.check == .sentinelStatus })
        #expect(status.outcome == .error && status.message.contains("its timeout of 3 s"), "\(status.message)")
        // Idle: 3 s. The stub hangs for 600 s: a bound far below that, with room for a loaded machine.
        #expect(seconds < 60, "\(seconds) s")

        settings.httpTimeoutSeconds = 60
        settings.runDeadlineSeconds = 2
        let (cut, cutSeconds) = try await run(arms: [.sentinel], api: stub.base, settings: settings)
        let late = try #require(cut.results.first { $0.check == .sentinelStatus })
        #expect(late.message.contains("the run deadline (2 s): it passed during GET"), "\(late.message)")
        #expect(cutSeconds < 30, "\(cutSeconds) s against a 2 s deadline (and a 60 s timeout)")
        try ReportChecks.expectValid(cut)
    }

    @Test("--wait on a sentinel that never answers overruns its deadline by at most one backoff step")
    func waitBounded() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["mode": "hang"])
        var settings = Self.quick
        settings.httpTimeoutSeconds = 60
        settings.retries = 0
        var expectations = try Expectations.repository()
        let index = try #require(expectations.environments.firstIndex { $0.name == "local" })
        expectations.environments[index].apiURL = .literal(stub.base.absoluteString)
        expectations.environments[index].settings = settings
        let plan = try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.sentinel], sentinelWait: .seconds(2)))
        let clock = ContinuousClock()
        let start = clock.now
        let report = await Gate.run(plan, targets: try TargetFactory.targets(for: plan))
        let seconds = (clock.now - start).seconds
        let status = try #require(report.results.first { $0.check == .sentinelStatus })
        #expect(status.outcome == .error && status.message.contains("the --wait deadline (2 s, plus one backoff step)"), "\(status.message)")
        // The first backoff step is 250 ms: one try runs to 2.25 s at the most.
        // 5x the 2.25 s it takes idle; the 60 s timeout is what an unbounded try would take.
        #expect(seconds < 30, "\(seconds) s against --wait 2s")
        try ReportChecks.expectValid(report)
    }

    @Test("a sentinel answering one byte at a time is bounded as a whole request, not per byte")
    func sentinelTrickles() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["mode": "trickle", "trickle_ms": 1000, "body": ["module": "PowerFill", "status": "phase-8-superset-ready"]])
        var settings = Self.quick
        settings.httpTimeoutSeconds = 3
        settings.retries = 0
        let (report, seconds) = try await run(arms: [.sentinel], api: stub.base, settings: settings)
        let status = try #require(report.results.first { $0.check == .sentinelStatus })
        #expect(status.outcome == .error && status.message.contains("the whole request, not per byte"), "\(status.message)")
        // The whole body takes 56 s at this pace; idle the 3 s timeout ends it at 3 s.
        #expect(seconds < 40, "the 3 s timeout held although bytes kept coming: \(seconds) s")
        try ReportChecks.expectValid(report)
    }

    @Test("a 503 with a hostile Retry-After (inf, nan, 1e300, -5) is retried on the backoff, never a crash")
    func hostileRetryAfter() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        for header in ["inf", "nan", "1e300", "-5", "soon"] {
            try await stub.set(["status_code": 503, "raw": "maintenance", "retry_after": header])
            let (report, seconds) = try await run(arms: [.sentinel], api: stub.base)
            let status = try #require(report.results.first { $0.check == .sentinelStatus })
            #expect(status.outcome == .failed && status.actual?.description.hasPrefix("HTTP 503") == true, "\(header): \(status.message)")
            #expect(seconds < 30, "\(header): \(seconds) s")
        }
    }

    @Test("an answer far larger than the cap is an error naming the URL and the cap, read no further")
    func responseTooLarge() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["size_bytes": 64 * 1024 * 1024])
        var settings = Self.quick
        settings.maxResponseBytes = 1024 * 1024
        let (report, seconds) = try await run(arms: [.sentinel], api: stub.base, settings: settings)
        let status = try #require(report.results.first { $0.check == .sentinelStatus })
        #expect(status.outcome == .error && status.message.contains("answered more than 1.0 MiB"), "\(status.message)")
        #expect(status.message.contains(stub.statusURL.absoluteString))
        #expect(seconds < 30, "\(seconds) s")
        try ReportChecks.expectValid(report)
    }

    @Test("a query slower than its timeout is an error with its SQLSTATE after its tries; the other dashboards pass")
    func slowQuery() async throws {
        var settings = Self.quick
        settings.queryTimeoutSeconds = 1
        let (report, seconds) = try await run(arms: [.db], settings: settings, sql: ["powerfill-pool-switching": "SELECT pg_sleep(3) AS slept"])
        let slow = try #require(report.results.first { $0.slug == "powerfill-pool-switching" && $0.check == .rows })
        #expect(slow.outcome == .error && slow.actual == .failure(.sqlState("57014")) && slow.tries == 2, "\(slow.message)")
        #expect(slow.message.contains("after 2 tries"))
        #expect(report.results.filter { $0.check == .rows && $0.slug != "powerfill-pool-switching" }.allSatisfy { $0.outcome == .passed })
        #expect(report.exitCode == 3 && seconds < 60)
        try ReportChecks.expectValid(report)
    }

    @Test("an ODBC driver that is not installed: one arm error naming it and how to list the installed ones")
    func unknownDriver() async throws {
        let (report, _) = try await run(arms: [.db], odbc: "Driver={No Such Driver 99};Server=127.0.0.1;Uid=u;Pwd=p;")
        let error = try #require(armError(report, .db))
        #expect(error.message.contains("odbcinst -q -d"), "\(error.message)")
        #expect(report.exitCode == 3)
        try ReportChecks.expectValid(report)
    }

    @Test("https with a certificate the machine does not trust is a clear error; naming its CA with ca_file makes it pass")
    func untrustedCertificate() async throws {
        let certificate = try TestCertificate.make()
        let stub = try Stub(tls: certificate)
        try await stub.waitUntilUp()
        let (untrusted, seconds) = try await run(arms: [.sentinel], api: stub.base)
        let status = try #require(untrusted.results.first { $0.check == .sentinelStatus })
        #expect(status.outcome == .error && status.message.contains("not trusted") && status.message.contains("ca_file"), "\(status.message)")
        #expect(status.tries == 1, "a certificate is never retried")
        #expect(seconds < 30)
        try ReportChecks.expectValid(untrusted)
        let (trusted, _) = try await run(arms: [.sentinel], api: stub.base, caFile: certificate.certificate)
        #expect(trusted.exitCode == 0, "\(trusted.results.map(\.message))")
    }

    @Test("the run deadline passing mid-run: every check still running is an error naming its call, and the report is whole")
    func runDeadline() async throws {
        var settings = Self.quick
        settings.runDeadlineSeconds = 1
        settings.concurrency = 1
        let (report, seconds) = try await run(arms: [.superset, .db, .sentinel], settings: settings)
        let cut = report.results.filter { $0.outcome == .error && $0.message.contains("the run deadline (1 s)") }
        #expect(!cut.isEmpty, "\(report.results.map(\.message))")
        // Which call it was in, and for how long; or that it never started.
        for check in cut {
            #expect(check.message.contains("passed during") || check.message.contains("had passed before"), "\(check.message)")
        }
        #expect(report.exitCode == 3)
        // The messages above are the proof; the time only says it did not run on (idle: 1 s).
        #expect(seconds < 30, "\(seconds) s against a 1 s deadline")
        try ReportChecks.expectValid(report)
    }
}
