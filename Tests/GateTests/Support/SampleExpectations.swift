import Foundation
import Testing
@testable import GateKit

/// The PowerFill dashboards as the suites that test code see them, built here in code: editing the shipped
/// `expectations.yaml` moves only the live suites (and the tests of that file itself). The query texts are the
/// fixture queries, which the fakes count by the table they read.
enum Sample {
    /// Built once for the whole run; suites copy it and change what they test.
    static let expectations: Expectations = build()

    /// The dashboard with `slug`, and its index, so tests name what they change instead of counting positions.
    static func index(of slug: String) -> Int {
        guard let index = expectations.dashboards.firstIndex(where: { $0.slug == slug }) else { preconditionFailure("no sample dashboard '\(slug)'") }
        return index
    }

    static let runOverview = "powerfill-run-overview"
    static let cashTradeSlotting = "powerfill-cash-trade-slotting"

    /// One sample dashboard: its local and staging rows (staging pins ids 13…20), its note, its charts.
    private struct Dashboard {
        let slug: String, title: String, query: String, local: Int, note: String
        let charts: [(String, String)]
    }

    private static let dashboards: [Dashboard] = [
        Dashboard(slug: runOverview, title: "PowerFill: Run Overview (Hub)", query: "37_pfill_run_history_overview.sql", local: 11,
                  note: "Audit trail accumulates across runs: 5 historical Failed/Cancelled + 6 new, latest Complete with output_guide_count 515",
                  charts: [("Runs Table", "table"), ("Latest Run KPIs", "big_number_total"), ("Status Distribution", "pie")]),
        Dashboard(slug: "powerfill-allocation-guide", title: "PowerFill: Allocation Guide", query: "38_pfill_allocation_guide.sql", local: 0,
                  note: "A66: UE clears and rebuilds empty on this data set (no syn-trades)",
                  charts: [("Allocations Table", "table"), ("Kickouts Table", "table"), ("Allocations vs Kickouts", "echarts_timeseries_bar"),
                           ("Loan Amount by Type", "echarts_timeseries_bar")]),
        Dashboard(slug: "powerfill-trade-recap", title: "PowerFill: Trade Recap", query: "39_pfill_trade_recap.sql", local: 0,
                  note: "A66: UE clears and rebuilds empty on this data set",
                  charts: [("Trade Table", "table"), ("Fulfillment by Counterparty", "echarts_timeseries_bar"),
                           ("Pre vs Post Session", "echarts_timeseries_scatter")]),
        Dashboard(slug: "powerfill-pool-switching", title: "PowerFill: Pool Switching", query: "40_pfill_switching.sql", local: 0,
                  note: "A66: UE clears and rebuilds empty on this data set",
                  charts: [("Switching Pairs Table", "table"), ("Volume by Pool", "echarts_timeseries_bar")]),
        Dashboard(slug: "powerfill-pool-candidates", title: "PowerFill: Pool Candidates", query: "41_pfill_pool_candidates.sql", local: 0,
                  note: "A66: UE clears and rebuilds empty on this data set",
                  charts: [("Top 100 by Score", "table"), ("Score Distribution", "histogram_v2"), ("By Product", "echarts_timeseries_bar")]),
        Dashboard(slug: "powerfill-existing-disposition", title: "PowerFill: Existing Pool Disposition", query: "42_pfill_existing_disposition.sql",
                  local: 0, note: "A63 defensive query: empty until rmcat_loan has 'at risk' segments and pfill_pool_guide is populated",
                  charts: [("Detail Table", "table"), ("Pool Loan Counts", "echarts_timeseries_bar"), ("Risk Status Distribution", "pie")]),
        Dashboard(slug: "powerfill-pooling-guide", title: "PowerFill: Pooling Guide", query: "43_pfill_pooling_guide.sql", local: 0,
                  note: "A66: UE clears and rebuilds empty on this data set",
                  charts: [("Per-Pool Table", "table"), ("Pool Volume", "echarts_timeseries_bar"), ("Action Mix", "echarts_timeseries_bar")]),
        Dashboard(slug: cashTradeSlotting, title: "PowerFill: Cash Trade Slotting", query: "44_pfill_cash_trade_slotting.sql", local: 0,
                  note: "A66 sub-finding: UE supersedes Step 4's pfill_cash_market_map (688 rows pre-fix)",
                  charts: [("Map Table", "table"), ("By Investor Instrument", "echarts_timeseries_bar"), ("Grid Type Distribution", "pie"),
                           ("Total Mappings KPI", "big_number_total")]),
    ]

    private static func build() -> Expectations {
        var local = EnvironmentSpec(name: "local", apiURL: .literal("http://127.0.0.1:8089"), supersetURL: .literal("http://127.0.0.1:8088"),
                                    odbcConnectionStringEnv: "GATE_ODBC", supersetUsernameEnv: "GATE_SUPERSET_USER",
                                    supersetPasswordEnv: "GATE_SUPERSET_PASSWORD", line: 20)
        local.supersetDatabase = "PowerFill Local"
        local.settings.loginTimeoutSeconds = 15
        local.settings.httpTimeoutSeconds = 60
        var staging = EnvironmentSpec(name: "staging", apiURL: .environment("GATE_STAGING_API_URL"),
                                      supersetURL: .environment("GATE_STAGING_SUPERSET_URL"), odbcConnectionStringEnv: "GATE_STAGING_ODBC",
                                      supersetUsernameEnv: "GATE_STAGING_SUPERSET_USER", supersetPasswordEnv: "GATE_STAGING_SUPERSET_PASSWORD", line: 70)
        staging.settings.queryTimeoutSeconds = 120
        var settings = Settings.defaults
        settings.loginTimeoutSeconds = 5
        settings.queryTimeoutSeconds = 60
        settings.httpTimeoutSeconds = 15
        settings.concurrency = 4
        let dashboards = Self.dashboards.enumerated().map { index, sample in
            let path = "Fixtures/queries/" + sample.query
            let sql = (try? String(contentsOfFile: Repo.path(path), encoding: .utf8)) ?? ""
            // Lines as a file would give them: the entry, its query and rows keys, then a line per chart.
            let line = 100 + 12 * index
            var dashboard = DashboardExpectation(slug: sample.slug, title: sample.title, ids: ["staging": 13 + index], queryPath: path, sql: sql,
                                                 rows: ["local": .exact(sample.local), "staging": .exact(sample.local)], note: sample.note,
                                                 charts: sample.charts.enumerated().map { offset, chart in
                                                     var expectation = ChartExpectation(name: chart.0, viz: chart.1)
                                                     expectation.line = line + 6 + offset
                                                     return expectation
                                                 }, line: line)
            dashboard.keyLines = ["query": line + 3, "rows": line + 4]
            return dashboard
        }
        return Expectations(file: Repo.path("sample-expectations.yaml"), settings: settings, environments: [local, staging],
                            sentinel: SentinelExpectation(path: "/api/powerfill/status", module: "PowerFill", status: "phase-8-superset-ready",
                                                          match: .prefix),
                            dashboards: dashboards)
    }
}

/// Loading `yaml` (as `e.yaml`, every query file `SELECT 1 AS x`) fails with an error that holds `message` and points
/// at `location` (`e.yaml:4`): a bad input is named where it is.
func expectLoadError(_ yaml: String, _ message: String, at location: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(sourceLocation: sourceLocation) {
        _ = try ExpectationsLoader.parse(yaml, file: "e.yaml") { _ in "SELECT 1 AS x" }
    } throws: { error in
        "\(error)".contains(message) && "\(error)".contains(location)
    }
}
