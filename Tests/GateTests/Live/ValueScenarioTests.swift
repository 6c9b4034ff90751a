import Foundation
import Testing
@testable import GateKit
@testable import Probes

extension DataState {
    /// The state's data as `ci/data-scratch values up` loads it.
    var fixture: String { environment == "local" ? "post-fix" : "populated" }

    /// This state's environment pointed at the values scratch set (`ci/data-scratch values`): a database of its own,
    /// whose rows a test may change, under its own dashboards. The database arm reads `odbc`: the values database, or
    /// (for Superset on another database than the gate's) the state's own.
    func valuesPlan(skipping checks: Set<String> = [], odbc: String = "GATE_ODBC_VALUES") throws -> GatePlan {
        try plan(arms: [.superset, .db], skipping: checks) { environment in
            environment.slugSuffix = "-values"
            environment.titleSuffix = " (values)"
            environment.odbcConnectionStringEnv = odbc
            environment.supersetDatabase = "Values scratch"
        }
    }

    func runValuesGate(skipping checks: Set<String> = [], odbc: String = "GATE_ODBC_VALUES") async throws -> GateReport {
        let plan = try valuesPlan(skipping: checks, odbc: odbc)
        return await Gate.run(plan, targets: try TargetFactory.targets(for: plan))
    }
}

/// What a viewer reads, on the real stack: values that change while every count stays equal fail by value, naming the
/// chart, the group and both numbers, with the definition check switched off (each of the two catches its own cases).
extension ScenarioTests {
    @Test("the latest run's output_guide_count set to 0 in the database: Latest Run KPIs fails by value (shows 0, expected 515), every count unchanged; restored, the gate passes", arguments: DataState.all)
    func valueChangedInData(_ state: DataState) async throws {
        try await Scripts.run("data-scratch", ["values", "up", state.fixture])
        let clean = try await state.runValuesGate(skipping: ["definition"])
        #expect(clean.failures().isEmpty, "\(clean.failures().map(\.message))")
        let values = clean.results.filter { $0.check.family == ValueCheck.family }
        #expect(values.count == (state.environment == "local" ? 3 : 8) && values.allSatisfy { $0.outcome == .passed }, "\(values.map(\.message))")

        do {
            try await Scripts.run("data-scratch", ["values", "sql"], input: """
                UPDATE pfill_run_history SET output_guide_count = 0
                WHERE run_id = (SELECT run_id FROM pfill_run_history ORDER BY started_at DESC, run_id DESC LIMIT 1);
                """)
            let changed = try await state.runValuesGate(skipping: ["definition"])
            let failures = changed.failures()
            #expect(failures.count == 1, "only the KPI's value: \(failures.map(\.message))")
            let kpi = try #require(failures.first)
            #expect(kpi.check == CheckKind(family: ValueCheck.family, chart: "Latest Run KPIs"))
            #expect(kpi.message.contains("chart 'Latest Run KPIs' shows 0, expected 515 (under the dashboard's default filters: Status (status)"), "\(kpi.message)")
            #expect(kpi.expected == .chartValue(.single(.exact(515, scale: 0))) && kpi.actual == .chartReading(.number(0)))
        } catch {
            _ = try? await Scripts.run("data-scratch", ["values", "up", state.fixture])
            throw error
        }
        try await Scripts.run("data-scratch", ["values", "up", state.fixture])
        let restored = try await state.runValuesGate()
        #expect(restored.failures().isEmpty, "\(restored.failures().map(\.message))")
    }

    @Test("the dataset's saved metric count edited to COUNT(*) * 2: Status Distribution fails by value, group by group, with the definition check off; restored, the gate passes", arguments: DataState.all)
    func metricDoubled(_ state: DataState) async throws {
        let overview = state.slug("powerfill-run-overview")
        let restored = try await onScratch(state) {
            try await script("superset-scenario", ["set-metric", overview, "count", "COUNT(*) * 2"])
            let report = try await state.runGate(arms: [.superset], skipping: ["definition"])
            #expect(!report.results.contains { $0.check.family == DefinitionCheck.family }, "the definition check is off")
            let status = try #require(report.failures().first { $0.check == CheckKind(family: ValueCheck.family, chart: "Status Distribution") })
            let complete = state.environment == "local" ? 1 : 2
            #expect(status.message.contains("chart 'Status Distribution' Cancelled: expected 2, shows 4; Complete: expected \(complete), shows \(complete * 2); "
                                            + "Failed: expected 8, shows 16"), "\(status.message)")
            #expect(report.failures().allSatisfy { $0.check.family == ValueCheck.family }, "counts unchanged: \(report.failures().map(\.message))")
        }
        #expect(restored.failures().isEmpty, "\(restored.failures().map(\.message))")
    }
}

/// The dashboard as a viewer opens it: the shipped Run Overview has a Status filter (every status by default) and a
/// Started time filter (2020 on); a default that matches nothing opens the charts in its scope empty.
extension ScenarioTests {
    @Test("a native filter's default that matches nothing (each extraFormData key the shipped filters use: filters, time_range) fails the charts it empties, naming the filter and its default, with the definition check off; restored, the gate passes",
          arguments: DataState.all)
    func filterDefaults(_ state: DataState) async throws {
        let overview = state.slug("powerfill-run-overview")
        func gate() async throws -> GateReport { try await state.runGate(arms: [.superset], skipping: ["definition"]) }
        let restored = try await onScratch(state) {
            // filters: a status no run has. Every chart in scope opens empty (the KPI's MAX over no rows is null).
            try await script("superset-scenario", ["set-filter-default", overview, "Status", #"["Nothing"]"#])
            let status = try await gate()
            let failures = status.failures()
            let runs = try #require(failures.first { $0.check == .chart("Runs Table") })
            #expect(runs.message.contains("Status (status) = ['Nothing']"), "\(runs.message)")
            #expect(runs.message.contains(state.environment == "local" ? "is empty under the dashboard's default filters" : "renders 0 rows under the dashboard's default filters")
                    && runs.message.contains(state.environment == "local" ? "its saved query alone renders 11 rows" : "12 without them, expected 12"), "\(runs.message)")
            let kpi = try #require(failures.first { $0.check == CheckKind(family: ValueCheck.family, chart: "Latest Run KPIs") })
            #expect(kpi.message.contains("shows null, expected 515 (under the dashboard's default filters: Status (status) = ['Nothing']"), "\(kpi.message)")
            let slices = try #require(failures.first { $0.check == CheckKind(family: ValueCheck.family, chart: "Status Distribution") })
            #expect(slices.message.contains("Cancelled: expected 2, missing; Complete: expected"), "\(slices.message)")
            #expect(failures.allSatisfy { $0.slug == overview }, "only Run Overview: \(failures.map(\.message))")

            // time_range: a window no run started in. Runs Table filters on its temporal column; the other two charts
            // have none, so the range does not reach them (as on Superset's page).
            try await script("superset-scenario", ["set-filter-default", overview, "Status", #"["Failed", "Cancelled", "Complete"]"#])
            try await script("superset-scenario", ["set-filter-default", overview, "Started", #""2000-01-01 : 2001-01-01""#])
            let time = try await gate()
            let empty = try #require(time.failures().first { $0.check == .chart("Runs Table") })
            #expect(empty.message.contains("Started = '2000-01-01 : 2001-01-01'"), "\(empty.message)")
            #expect(time.failures().count == 1, "only Runs Table: \(time.failures().map(\.message))")
        }
        #expect(restored.failures().isEmpty, "\(restored.failures().map(\.message))")
    }
}
