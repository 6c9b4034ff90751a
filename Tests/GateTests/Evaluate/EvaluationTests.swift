import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The gate against fakes: every way reality can differ must be reported by name,
/// with the dashboard, the expected and the actual value.
@Suite("Evaluation against fakes")
struct EvaluationTests {
    let expectations = Sample.expectations

    func run(database: (any TenantDatabase)? = FakeDatabase(counts: ["pfill_run_history": 11]),
             superset: (any SupersetReading)? = nil, sentinel: (any SentinelReading)? = nil,
             arms: Set<Arm> = [.db, .superset, .sentinel], wait: Duration = .zero) async throws -> GateReport {
        let targets = GateTargets(database: database, superset: superset ?? FakeSuperset.matching(expectations, environment: "local"),
                                  sentinel: sentinel ?? FakeSentinel(answer: .success(Self.ready)))
        return try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(arms: arms, sentinelWait: wait))
    }

    static let ready = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-8-superset-ready-a54-fixed"}"#)

    @Test("everything as expected: every check passes and the exit code is 0")
    func allPass() async throws {
        let report = try await run()
        #expect(report.failures() == [])
        #expect(report.exitCode == 0)
        // 1 sentinel + the Superset and database arms + 8 × (dashboard, cross filters, extra charts, layout, rows, drift,
        // sql lint, superset database) + 25 charts + 8 × (lint, rows) + 8 agreement + 8 same rows
        let expectedCount: Int = 1 + 2 + 64 + 25 + 16 + 8 + 8
        #expect(report.results.count == expectedCount)
        // The fake lists no dataset columns: the planned same-rows checks are reported, skipped naming why.
        let skipped = report.results.filter { $0.outcome == .skipped }
        #expect(skipped.count == 8 && skipped.allSatisfy { $0.check == .content && $0.message.contains("Superset lists no columns") })
    }

    @Test("pre-fix counts against post-fix expectations fail exactly Run Overview (5 vs 11) and Cash Trade Slotting (688 vs 0)")
    func preFixData() async throws {
        let report = try await run(database: FakeDatabase(counts: ["pfill_run_history": 5, "pfill_cash_market_map": 688]), arms: [.db])
        let failures = report.failures()
        #expect(failures.map(\.slug) == ["powerfill-run-overview", "powerfill-cash-trade-slotting"])
        #expect(failures.map(\.expected) == [.rows(.exact(11)), .rows(.exact(0))])
        #expect(failures.map(\.actual) == [.count(5), .count(688)])
        #expect(failures.allSatisfy { $0.check == .rows && $0.outcome == .failed })
        // Where to look: the line of the dashboard's rows in the expectations file and its query file, in the console and JUnit.
        let overview = try #require(expectations.dashboards.first { $0.slug == "powerfill-run-overview" })
        let location = try #require(failures.first?.location)
        #expect(location.file == expectations.file && location.line == overview.keyLines["rows"] && location.query == overview.queryPath)
        #expect(location.line != nil && location.line != overview.line, "the rows key, not the dashboard's first line")
        #expect(ConsoleReport.render(report).contains("    at \(location.words)\n") && location.words.contains("(query \(overview.queryPath))"))
        #expect(JUnitReport.render(report).contains("file=\"\(expectations.file)\""))
        #expect(try JSONReport.parse(Data(try JSONReport.render(report).utf8)).results.first { $0.slug == "powerfill-run-overview" && $0.check == .rows }?.location == location)
        let cash = try #require(failures.last)
        #expect(cash.message.contains("PowerFill: Cash Trade Slotting"))
        #expect(cash.message.contains("688") && cash.message.contains("expected 0"))
        #expect(cash.message.contains("A66"), "the note explains the zero")
        #expect(report.exitCode == 1)
    }

    @Test("level: warn reports a row count outside its expectation as a warning: shown, exit code unchanged")
    func warnLevel() async throws {
        var relaxed = expectations
        relaxed.dashboards[Sample.index(of: Sample.cashTradeSlotting)].level = .warn
        let report = try await Gate.run(relaxed, environment: "local",
                                        targets: GateTargets(database: FakeDatabase(counts: ["pfill_run_history": 5, "pfill_cash_market_map": 688])),
                                        options: GateOptions(arms: [.db]))
        #expect(report.results.filter { $0.outcome == .warning }.map(\.slug) == ["powerfill-cash-trade-slotting"])
        #expect(report.failures().map(\.slug) == ["powerfill-run-overview"], "fail-level dashboards still fail")
        #expect(report.exitCode == 1)
        let console = ConsoleReport.render(report)
        #expect(console.contains("WARNINGS (not failing: a dashboard at level: warn, a lint warning, or a trend)\nWARN database · PowerFill: Cash Trade Slotting · rows: expected 0, actual 688"))
        #expect(console.contains("1 warnings"))
        relaxed.dashboards[0].level = .warn
        let onlyWarnings = try await Gate.run(relaxed, environment: "local",
                                              targets: GateTargets(database: FakeDatabase(counts: ["pfill_run_history": 5, "pfill_cash_market_map": 688])),
                                              options: GateOptions(arms: [.db]))
        #expect(onlyWarnings.exitCode == 0)
        #expect(JUnitReport.render(onlyWarnings).contains("<system-err>warning: PowerFill: Run Overview (Hub): the database returned 5 rows"))
    }

    @Test("a query that fails is an error carrying its SQLSTATE; the exit code is 3")
    func queryError() async throws {
        let failure = ProbeFailure(message: "ODBC execute failed [SQLSTATE 42703, native 7]: column \"nope\" does not exist", code: .sqlState("42703"))
        struct FailingCounts: TenantDatabase {
            let failure: ProbeFailure
            func count(_ sql: String) async throws -> Int {
                if sql == "SELECT 1" { return 1 }
                throw failure
            }
            func fetchAll(_ sql: String) async throws -> FetchStats { throw failure }
            func fingerprint(_ sql: String, maxRows: Int) async throws -> ContentFingerprint { ContentFingerprint(columns: []) }
        }
        let report = try await run(database: FailingCounts(failure: failure), arms: [.db])
        let errors = report.results.filter { $0.outcome == .error }
        #expect(errors.count == 8)
        #expect(errors.allSatisfy { $0.actual == .failure(.sqlState("42703")) && $0.message.contains("column \"nope\" does not exist") })
        #expect(report.exitCode == 3)
    }

    @Test("a database that cannot be reached is an arm error and an error for each dashboard naming the cause; the lint still reports")
    func databaseUnreachable() async throws {
        let report = try await run(database: FakeDatabase(failure: ProbeFailure(message: "ODBC connect failed [SQLSTATE 08001]", code: .sqlState("08001"))), arms: [.db])
        let errors = report.results.filter { $0.outcome == .error }
        #expect(errors.map(\.check) == [.arm] + Array(repeating: .rows, count: 8))
        #expect(errors.dropFirst().allSatisfy { $0.dashboard != nil && $0.actual == .failure(.sqlState("08001")) && $0.message.contains("could not connect") && $0.message.contains("08001") })
        #expect(report.results.filter { $0.check == .lint }.count == 8)
        #expect(report.exitCode == 3)
    }

    @Test("--fetch: streamed rows must equal the count; a mismatch is named")
    func fetchMismatch() throws {
        let dashboard = try GatePlan(expectations, environment: "local", options: GateOptions()).dashboards[0]
        let observation = DatabaseObservation(slug: dashboard.slug, lint: [], probeSQL: "SELECT COUNT(*) …", count: .success(11),
                                              fetch: .success(FetchStats(rows: 10, columns: 16, seconds: 0.01)))
        let fetch = try #require(Evaluation.evaluateDatabase(observation, dashboard).first { $0.check == .fetch })
        #expect(fetch.outcome == .failed)
        #expect(fetch.message == "streamed 10 rows but the count probe said 11")
        #expect(fetch.expected == .quantity(11, of: .rows) && fetch.expected?.description == "11 rows")
    }

    @Test("a definite failure outranks a check that could not run in the exit code")
    func exitCodePrecedence() {
        let failed = CheckResult(arm: .db, check: .rows, outcome: .failed)
        let error = CheckResult(arm: .superset, check: .rows, outcome: .error)
        #expect(GateReport(environment: "x", startedAt: Date(), seconds: 0, results: [error, failed]).exitCode == 1)
        #expect(GateReport(environment: "x", startedAt: Date(), seconds: 0, results: [error]).exitCode == 3)
        #expect(GateReport(environment: "x", startedAt: Date(), seconds: 0, results: [CheckResult(arm: .db, check: .lint, outcome: .skipped)]).exitCode == 0)
    }

    // MARK: Superset

    func supersetFailures(_ mutate: (inout FakeSuperset) -> Void) async throws -> [CheckResult] {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        mutate(&fake)
        return try await run(superset: fake, arms: [.superset, .db]).failures()
    }

    @Test("a missing dashboard is a named failure")
    func missingDashboard() async throws {
        let failures = try await supersetFailures { $0.dashboards["powerfill-trade-recap"] = nil }
        let failure = try #require(failures.first)
        #expect(failures.count == 1)
        #expect(failure.check == .dashboard && failure.actual == .state(.missing))
        #expect(failure.message.contains("PowerFill: Trade Recap") && failure.message.contains("slug 'powerfill-trade-recap'"))
    }

    @Test("a renamed dashboard, disabled cross filters, a missing chart, an extra chart and a changed type are each named")
    func structureDrift() async throws {
        let failures = try await supersetFailures { fake in
            let overview = fake.dashboards["powerfill-run-overview"]!
            fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: overview.id, title: "Run Overview OLD", slug: overview.slug,
                                                                          jsonMetadata: #"{"cross_filters_enabled": false}"#)
            fake.charts[overview.id]!.removeAll { $0.name == "Runs Table" }
            fake.charts[overview.id]!.append(SupersetChart(id: 1, name: "Surprise", vizType: "pie"))
            let index = fake.charts[overview.id]!.firstIndex { $0.name == "Status Distribution" }!
            fake.charts[overview.id]![index] = SupersetChart(id: fake.charts[overview.id]![index].id, name: "Status Distribution", vizType: "table")
        }
        #expect(Set(failures.map(\.check)) == [.dashboard, .crossFilters, .chart("Runs Table"), .noExtraCharts, .chart("Status Distribution")])
        #expect(failures.first { $0.check == .dashboard }?.message.contains("'Run Overview OLD'") == true)
        #expect(failures.first { $0.check == .chart("Runs Table") }?.message.contains("is missing") == true)
        #expect(failures.first { $0.check == .noExtraCharts }?.message.contains("'Surprise' (pie)") == true)
        let changed = try #require(failures.first { $0.check == .chart("Status Distribution") })
        #expect(changed.expected == .chart(viz: "pie", rows: nil))
        #expect(changed.message.contains("is table, expected pie"))
    }

    @Test("a chart that errors fails with Superset's own message; a render that times out is an error")
    func renderFailures() async throws {
        let fake = FakeSuperset.matching(expectations, environment: "local")
        let kpi = fake.charts[1]!.first { $0.name == "Latest Run KPIs" }!.id
        let table = fake.charts[1]!.first { $0.name == "Runs Table" }!.id
        let failures = try await supersetFailures { fake in
            fake.renderFailures[kpi] = ProbeFailure(message: "Superset answered HTTP 400 at /api/v1/chart/\(kpi)/data/: Error: column \"x\" does not exist", code: .httpStatus(400))
            fake.renderFailures[table] = ProbeFailure(message: "http://127.0.0.1:8088/api/v1/chart/\(table)/data/ did not answer within the timeout (15 s)", code: .timeout)
        }
        let failed = try #require(failures.first { $0.check == .chart("Latest Run KPIs") })
        #expect(failed.outcome == .failed)
        #expect(failed.message.contains("column \"x\" does not exist"))
        let timedOut = try #require(failures.first { $0.check == .chart("Runs Table") })
        #expect(timedOut.outcome == .error)
        #expect(failures.count == 2)
    }

    @Test("SQL edited in Superset is drift; an added outer ORDER BY also fails the lint of the deployed SQL")
    func deployedSQLDrift() async throws {
        let failures = try await supersetFailures { fake in
            let deployed = fake.datasets[8]![0]
            let sql = deployed.sql! + "\nORDER BY investor_instrument"
            fake.datasets[8] = [SupersetDataset(id: 8, tableName: "ds", sql: sql, databaseID: deployed.databaseID, databaseName: deployed.databaseName)]
        }
        #expect(failures.count == 2 && Set(failures.map(\.check)) == [.sqlDrift, .sqlLint])
        #expect(failures.allSatisfy { $0.slug == "powerfill-cash-trade-slotting" })
        #expect(failures.first { $0.check == .sqlLint }?.message.contains("[outer-order-by]") == true)
        #expect(failures.first { $0.check == .sqlDrift }?.detail?.contains("ORDER BY") == true)
    }

    @Test("lint warnings (SQL Server would reject, PostgreSQL runs) show as a warning without failing; errors fail")
    func lintWarnings() throws {
        let base = CheckResult(arm: .db, check: .lint, outcome: .passed)
        let warned = Evaluation.judgeLint(SQLLint.check("SELECT a, COUNT(*) FROM t GROUP BY a", file: "q.sql"), base)
        #expect(warned.outcome == .warning)
        #expect(warned.message.contains("[unnamed-column]"))
        let failed = Evaluation.judgeLint(SQLLint.check("SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY a", file: "q.sql"), base)
        #expect(failed.outcome == .failed)
        #expect(failed.message.contains("[outer-order-by]"))
        #expect(failed.detail?.contains("[unnamed-column]") == true)
        #expect(Evaluation.judgeLint([], base).outcome == .passed)
    }

    @Test("whitespace and comments are not drift")
    func noDriftForFormatting() {
        #expect(SQLText.normalized("SELECT a,\n  b -- x\nFROM t;") == SQLText.normalized("/* c */ SELECT a, b FROM t"))
        #expect(SQLText.normalized("SELECT a FROM t") != SQLText.normalized("SELECT a FROM u"))
    }

    @Test("when Superset and the database disagree, the agreement check fails naming both counts")
    func crossArmDisagreement() async throws {
        let failures = try await supersetFailures { $0.counts[1] = 12 }
        let superset = try #require(failures.first { $0.arm == .superset })
        #expect(superset.expected == .rows(.exact(11)) && superset.actual == .count(12))
        let agreement = try #require(failures.first { $0.arm == .agreement })
        #expect(agreement.message.contains("Superset counted 12 rows but the database counted 11"))
        #expect(failures.count == 2)
    }

    @Test("where to look: a chart's checks point at its line and its page in Superset (explore), the dashboard's at the dashboard's page; the Superset URL's path kept, its credentials left out")
    func pages() async throws {
        let fake = FakeSuperset.matching(expectations, environment: "local")
        var targets = GateTargets(database: FakeDatabase(counts: ["pfill_run_history": 11]), superset: fake)
        targets.supersetURL = URL(string: "https://gate:hunter2@bi.example.com/bi/?next=x")
        let report = try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(arms: [.db, .superset]))
        let overview = try #require(expectations.dashboards.first { $0.slug == "powerfill-run-overview" })
        let chart = try #require(report.results.first { $0.slug == overview.slug && $0.check == .chart("Status Distribution") })
        let id = try #require(try await fake.charts(dashboardID: fake.dashboard(overview.slug).id).first { $0.name == "Status Distribution" }?.id)
        #expect(chart.location?.url == "https://bi.example.com/bi/explore/?slice_id=\(id)")
        #expect(chart.location?.line == overview.charts[2].line && chart.location?.line != nil)
        let dashboardID = try await fake.dashboard(overview.slug).id
        for kind in [CheckKind.dashboard, .rows, .sqlDrift] {
            let result = try #require(report.results.first { $0.slug == overview.slug && $0.arm == .superset && $0.check == kind })
            #expect(result.location?.url == "https://bi.example.com/bi/superset/dashboard/\(dashboardID)/", "\(kind)")
        }
        #expect(report.results.first { $0.arm == .db && $0.check == .rows }?.location?.line == overview.keyLines["rows"])
        #expect(report.results.first { $0.arm == .superset && $0.check == .sqlDrift }?.location?.line == overview.keyLines["query"])
    }

    @Test("a refused login is one arm error, exit 3; every check it planned is still reported, skipped naming the arm")
    func loginRefused() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        fake.loginFailure = ProbeFailure(message: "Superset refused the login at /api/v1/security/login (HTTP 401)", code: .loginRefused(httpStatus: 401))
        let report = try await run(superset: fake, arms: [.superset])
        #expect(report.results.filter { $0.outcome != .skipped }.map(\.check) == [.arm])
        #expect(report.exitCode == 3)
        let plan = try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.superset]))
        #expect(Set(report.results.map { PlannedCheck(arm: $0.arm, slug: $0.slug, kind: $0.check) }) == Set(plan.plannedChecks))
        #expect(report.results.filter { $0.outcome == .skipped }.allSatisfy { $0.message == "not run: the superset arm could not start (see its arm check)" })
    }

    @Test("dashboards are looked up by the environment's id when it gives one")
    func lookupByID() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "staging")
        fake.counts = [:]
        let arm = SupersetArm(superset: fake)
        let planned = try GatePlan(expectations, environment: "staging", options: GateOptions()).dashboards[0]
        let observation = await arm.observe(planned, limiter: AsyncLimiter(limit: 2))
        #expect(observation.lookup == "13")
        #expect((try? observation.dashboard.get())?.title == expectations.dashboards[0].title)
    }

    // MARK: Sentinel

    @Test("a sentinel at an old build fails with expected and actual")
    func sentinelOld() async throws {
        let old = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-7-read-apis"}"#)
        let report = try await run(sentinel: FakeSentinel(answer: .success(old)), arms: [.sentinel])
        let failure = try #require(report.failures().first)
        #expect(failure.outcome == .failed)
        #expect(failure.actual == .reportedBuild(module: "PowerFill", status: "phase-7-read-apis"))
        #expect(failure.expected?.description == "PowerFill phase-8-superset-ready (prefix)")
    }

    @Test("a sentinel answering HTTP 503 fails showing the status and the body")
    func sentinel503() async throws {
        let report = try await run(sentinel: FakeSentinel(answer: .success(SentinelAnswer(status: 503, body: "rolling out"))), arms: [.sentinel])
        let failure = try #require(report.failures().first)
        #expect(failure.message.contains("HTTP 503") && failure.message.contains("rolling out"))
    }

    @Test("a wrong module fails even when the status matches")
    func sentinelWrongModule() async throws {
        let answer = SentinelAnswer(status: 200, body: #"{"module":"BestEx","status":"phase-8-superset-ready"}"#)
        #expect(try await run(sentinel: FakeSentinel(answer: .success(answer)), arms: [.sentinel]).exitCode == 1)
    }

    @Test("an unreachable sentinel is an error, exit 3")
    func sentinelUnreachable() async throws {
        let report = try await run(sentinel: FakeSentinel(answer: .failure(ProbeFailure(message: "unreachable", code: .unreachable))), arms: [.sentinel])
        #expect(report.results.map(\.outcome) == [.error])
        #expect(report.exitCode == 3)
    }

    @Test("--wait polls until the rollout switches the sentinel to the expected build")
    func sentinelWaitPasses() async throws {
        let old = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-7"}"#)
        let sentinel = SwitchingSentinel(switchAfter: 2, before: old, after: Self.ready)
        // Waits for the state, not a time: a long --wait ends as soon as the third read sees the new build, however
        // slowly a loaded machine runs the polls.
        let observation = await SentinelArm(sentinel: sentinel, expectation: expectations.sentinel!, wait: .seconds(120)).observe()
        #expect(observation.attempts == 3, "passes on the read that first sees the new build")
        #expect(Evaluation.evaluateSentinel(observation, expectations.sentinel!).outcome == .passed)
    }

    @Test("--wait gives up at the deadline and reports the last answer")
    func sentinelWaitTimesOut() async throws {
        let old = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-7"}"#)
        let observation = await SentinelArm(sentinel: FakeSentinel(answer: .success(old)), expectation: expectations.sentinel!, wait: .milliseconds(600)).observe()
        #expect(observation.attempts >= 2)
        let result = Evaluation.evaluateSentinel(observation, expectations.sentinel!)
        #expect(result.outcome == .failed)
        #expect(result.message.contains("tries"))
    }

    @Test("match modes: exact, prefix, pattern")
    func matchModes() {
        let exact = SentinelExpectation(path: "/", module: "M", status: "s-1", match: .exact)
        #expect(exact.statusMatches("s-1") && !exact.statusMatches("s-1-fixed"))
        let prefix = SentinelExpectation(path: "/", module: "M", status: "s-1", match: .prefix)
        #expect(prefix.statusMatches("s-1-fixed") && !prefix.statusMatches("s-2"))
        // A prefix ends at a boundary: the end, or a separator that starts a build suffix.
        for suffix in ["", "-a54-fixed", ".2", "+build7", "_hotfix"] {
            #expect(prefix.statusMatches("s-1" + suffix), "s-1\(suffix)")
        }
        for other in ["s-10", "s-1x", "s-1 ", "s-1/x"] {
            #expect(!prefix.statusMatches(other), "\(other)")
        }
        let pattern = SentinelExpectation(path: "/", module: "M", status: "phase-[89]-.*", match: .pattern)
        #expect(pattern.statusMatches("phase-9-x") && !pattern.statusMatches("xphase-9-x"))
    }
}
