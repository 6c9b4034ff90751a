import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import GateKit
@testable import Probes

/// Reality differs, on the real stack: the gate must say so, naming the dashboard, expected and actual.
/// These run against copies deployed by ci/superset-deploy (`-prefix` on the pre-fix database,
/// `-scratch` to mutate), so the main set the arm suites read is never touched.
@Suite("Scenarios on the real stack", .serialized, .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct ScenarioTests {
    let expectations: Expectations
    init() throws { expectations = try Expectations.repository() }

    /// The repository's expectations, pointed at a suffixed copy of the dashboards.
    func copy(suffix: String, titleSuffix: String) -> Expectations {
        var copy = expectations
        copy.dashboards = copy.dashboards.map { dashboard in
            var dashboard = dashboard
            dashboard.slug += suffix
            dashboard.title += titleSuffix
            return dashboard
        }
        return copy
    }

    func superset() throws -> SupersetClient {
        SupersetClient(baseURL: try #require(URL(string: Env.value("GATE_SUPERSET_URL") ?? "http://127.0.0.1:8088")),
                       username: try #require(Env.value("GATE_SUPERSET_USER")), password: try #require(Env.value("GATE_SUPERSET_PASSWORD")),
                       http: HTTPClient(timeoutSeconds: 30))
    }

    /// `body` against a freshly deployed scratch set; the set is then redeployed (also when `body` throws) and the
    /// gate's report on the restored set returned, for the test to expect a pass.
    func onScratch(_ state: DataState, viewer: Bool = false, _ body: () async throws -> Void) async throws -> GateReport {
        try await script("superset-deploy", ["--scratch"])
        do {
            try await body()
        } catch {
            _ = try? await script("superset-deploy", ["--scratch"])
            throw error
        }
        try await script("superset-deploy", ["--scratch"])
        return try await state.runGate(arms: [.superset], viewer: viewer)
    }

    @discardableResult
    func script(_ name: String, _ arguments: [String], input: String? = nil) async throws -> String {
        try await Scripts.run(name, arguments, input: input)
    }

    @Test("pre-fix data against post-fix expectations: exactly Run Overview (5 vs 11) and Cash Trade Slotting (688 vs 0) fail, in both arms")
    func preFixData() async throws {
        var prefix = copy(suffix: "-prefix", titleSuffix: " (pre-fix)")
        // The pre-fix copy is deployed on its own Superset database, on purpose: only the data differs here.
        prefix.environments[0].supersetDatabase = "PowerFill Local pre-fix"
        let database = ODBCDatabase(connectionString: try #require(Env.value("GATE_ODBC_PREFIX")), options: ODBCOptions(loginTimeoutSeconds: 15, queryTimeoutSeconds: 60))
        let report = try await Gate.run(prefix, environment: "local", targets: GateTargets(database: database, superset: try superset()),
                                        options: GateOptions(arms: [.db, .superset]))
        for arm in [Arm.db, .superset] {
            let failures = report.failures(arm).filter { $0.check.family != ValueCheck.family }
            #expect(failures.map(\.slug) == ["powerfill-run-overview-prefix", "powerfill-cash-trade-slotting-prefix"], "\(arm): \(failures.map(\.message))")
            #expect(failures.map(\.check) == [.rows, .rows])
            #expect(failures.map(\.expected) == [.rows(.exact(11)), .rows(.exact(0))])
            #expect(failures.map(\.actual) == [.count(5), .count(688)])
            #expect(failures.last?.message.contains("A66") == true)
        }
        // What a viewer reads, from Superset alone: the KPI has no completed run to show, the pie lacks it, and the
        // mappings count is the 688 rows the fix removed.
        let values = report.failures(.superset).filter { $0.check.family == ValueCheck.family }
        #expect(values.map(\.check.chart) == ["Latest Run KPIs", "Status Distribution", "Total Mappings KPI"], "\(values.map(\.message))")
        #expect(values.map(\.actual) == [.chartReading(.notANumber("null")), .chartReading(.groups(["Failed": 3, "Cancelled": 2])),
                                        .chartReading(.number(688))])
        #expect(report.failures(.agreement).isEmpty, "both arms saw the same wrong counts")
        #expect(report.exitCode == 1)
    }

    @Test("a chart deleted, a chart whose type changed, and SQL edited to add an outer ORDER BY are each reported by name",
          arguments: DataState.all)
    func supersetMutations(_ state: DataState) async throws {
        let slug = state.slug
        try await script("superset-deploy", ["--scratch"])
        do {
            try await script("superset-scenario", ["delete-chart", slug("powerfill-run-overview"), "Status Distribution"])
            try await script("superset-scenario", ["set-viz", slug("powerfill-allocation-guide"), "Kickouts Table", "pie"])
            let sql = try String(contentsOfFile: Repo.path("Fixtures/queries/44_pfill_cash_trade_slotting.sql"), encoding: .utf8)
            try await script("superset-scenario", ["set-sql", slug("powerfill-cash-trade-slotting")], input: sql + "\nORDER BY investor_instrument\n")

            let report = try await state.runGate(arms: [.superset])
            let failures = report.failures(.superset)
            let deleted = try #require(failures.first { $0.check == .chart("Status Distribution") })
            #expect(deleted.slug == slug("powerfill-run-overview"))
            #expect(deleted.actual == .state(.missing))
            #expect(deleted.message.contains("'Status Distribution' (pie) is missing"))
            let stale = try #require(failures.first { $0.check == .layout })
            #expect(stale.message.contains("which no longer exists"), "the deleted chart's layout entry: \(stale.message)")
            let changed = try #require(failures.first { $0.check == .chart("Kickouts Table") })
            #expect(changed.expected?.description.hasPrefix("table") == true)
            #expect(changed.message.contains("is pie, expected table"))
            let lint = try #require(failures.first { $0.check == .sqlLint })
            #expect(lint.slug == slug("powerfill-cash-trade-slotting"))
            #expect(lint.message.contains("[outer-order-by]"))
            let drift = try #require(failures.first { $0.check == .sqlDrift })
            #expect(drift.slug == slug("powerfill-cash-trade-slotting"))
            #expect(failures.count == 5 && Set(failures.map(\.place)) == [
                CheckPlace(slug("powerfill-run-overview"), .chart("Status Distribution")),
                CheckPlace(slug("powerfill-run-overview"), .layout),
                CheckPlace(slug("powerfill-allocation-guide"), .chart("Kickouts Table")),
                CheckPlace(slug("powerfill-cash-trade-slotting"), .sqlLint),
                CheckPlace(slug("powerfill-cash-trade-slotting"), .sqlDrift),
            ], "nothing else may fail: \(failures.map(\.message))")
        } catch {
            _ = try? await script("superset-deploy", ["--scratch"])
            throw error
        }
        try await script("superset-deploy", ["--scratch"])
        #expect(try await state.runGate(arms: [.superset]).failures().isEmpty, "restored")
    }

    @Test("a wrong Superset password is one clear arm error, exit 3, and the password is never shown")
    func wrongSupersetPassword() async throws {
        let wrong = "not-the-password-\(UUID().uuidString.prefix(8))"
        let client = SupersetClient(baseURL: try #require(URL(string: Env.value("GATE_SUPERSET_URL") ?? "")),
                                    username: "admin", password: wrong, http: HTTPClient(timeoutSeconds: 10))
        let report = try await Gate.run(expectations, environment: "local", targets: GateTargets(superset: client), options: GateOptions(arms: [.superset]))
        #expect(report.exitCode == 3)
        let error = try #require(report.results.first)
        #expect(error.check == .arm && error.message.contains("refused the login"))
        #expect(!ConsoleReport.render(report).contains(wrong))
        #expect(!JUnitReport.render(report).contains(wrong))
    }

    @Test("the gate logs in with an API key (local-populated) and with a user and password (local): both pass; a wrong key is one arm error naming FAB_API_KEY_ENABLED, exit 3, the key never shown")
    func apiKeyLogin() async throws {
        let populated = try GatePlan(expectations, environment: "local-populated", options: GateOptions(arms: [.superset]))
        #expect(populated.environment.supersetAPIKeyEnv == "GATE_SUPERSET_API_KEY" && populated.environment.supersetPasswordEnv == nil)
        let withKey = await Gate.run(populated, targets: try TargetFactory.targets(for: populated))
        #expect(withKey.exitCode == 0 && withKey.results.count > 100, "\(withKey.failures().map(\.message))")
        let local = try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.superset], only: ["powerfill-run-overview"]))
        #expect(local.environment.supersetPasswordEnv != nil)
        let withPassword = await Gate.run(local, targets: try TargetFactory.targets(for: local))
        #expect(withPassword.exitCode == 0, "\(withPassword.failures().map(\.message))")

        let wrong = "sst_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let client = SupersetClient(baseURL: try #require(URL(string: Env.value("GATE_SUPERSET_URL") ?? "")), apiKey: wrong,
                                    http: HTTPClient(timeoutSeconds: 10))
        let refused = try await Gate.run(expectations, environment: "local", targets: GateTargets(superset: client), options: GateOptions(arms: [.superset]))
        #expect(refused.exitCode == 3)
        let error = try #require(refused.results.first)
        #expect(error.check == .arm && error.message.contains("refused the API key") && error.message.contains("FAB_API_KEY_ENABLED"), "\(error.message)")
        #expect(!ConsoleReport.render(refused).contains(wrong) && !JUnitReport.render(refused).contains(wrong))
    }

    @Test("an unreachable Superset is an error naming the URL, within the timeout")
    func supersetUnreachable() async throws {
        let client = SupersetClient(baseURL: URL(string: "http://127.0.0.1:1")!, username: "u", password: "p", http: HTTPClient(timeoutSeconds: 3))
        let report = try await Gate.run(expectations, environment: "local", targets: GateTargets(superset: client), options: GateOptions(arms: [.superset]))
        #expect(report.exitCode == 3)
        #expect(report.results.first?.message.contains("127.0.0.1:1") == true)
    }
}
