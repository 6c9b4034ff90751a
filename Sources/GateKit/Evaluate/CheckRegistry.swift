/// Every family of checks the gate knows. Reports name checks by their family's title; the history and the JSON
/// report keep its code, read back here.
package enum CheckRegistry {
    /// The dashboard checks the Superset arm runs for each dashboard it found, in the reports' order.
    package static let dashboardChecks: [any DashboardCheck.Type] = [
        PublishedCheck.self,
        CrossFiltersCheck.self,
        CacheTimeoutCheck.self,
        DefinitionCheck.self,
        ValueCheck.self,
        ViewerCheck.self,
    ]

    /// The families of the checks written in the pipeline itself, then the dashboard checks'.
    package static let families: [CheckFamily] = [
        .arm, .sentinelStatus, .dashboard, .identity, .layout, .charts, .chart, .noExtraCharts, .rows, .sqlDrift, .sqlLint,
        .database, .lint, .fetch, .agreement, .content, .trend,
    ] + dashboardChecks.map { $0.family }

    /// The families `--skip-check` switches off: the dashboard checks, and the content check (whose reading costs a
    /// request and a query per dashboard).
    package static var skippable: [CheckFamily] { dashboardChecks.map { $0.family } + [.content] }

    /// The dashboard keys the checks read, beside the core ones.
    package static var dashboardKeys: [ExpectationKey] { dashboardChecks.compactMap { $0.key } }

    private static let byCode = Dictionary(families.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The family with `code`. A code this gate does not know (a history or report from a newer gate) stays itself,
    /// titled by its code: it is still compared and shown, never dropped.
    package static func family(code: String) -> CheckFamily {
        byCode[code] ?? CheckFamily(code: code, title: code)
    }
}
