/// One dashboard as a run checks it: its slug and title as the environment (or tenant) names it, and what it expects
/// there, resolved once by the plan. Everything else reads through to the expectations (`dashboard.queryPath`).
@dynamicMemberLookup
package struct PlannedDashboard: Sendable, Equatable {
    /// The dashboard as the expectations give it, with the environment's (or tenant's) slug and title suffixes.
    package let expectation: DashboardExpectation
    /// The row count expected here: the tenant's own, else the environment's.
    package let rows: RowExpectation
    /// The Superset id the environment pins, when it pins one.
    package let pinnedID: Int?
    /// Each expected chart, with its rendered rows expected here when the expectations give them.
    package let charts: [PlannedChart]

    /// `keys`: where the expectations are looked up, first match wins (`prod/acme`, then `prod`). The plan has checked
    /// every dashboard it plans has rows under one of them.
    init(_ dashboard: DashboardExpectation, in environment: EnvironmentSpec, keys: [String]) {
        var named = dashboard
        named.slug = environment.slug(of: dashboard)
        named.title = environment.title(of: dashboard)
        expectation = named
        rows = keys.lazy.compactMap { dashboard.rows[$0] }.first ?? .range(min: nil, max: nil)
        pinnedID = keys.lazy.compactMap { dashboard.ids[$0] }.first
        charts = dashboard.charts.map { chart in
            PlannedChart(name: chart.name, viz: chart.viz, rows: keys.lazy.compactMap { chart.rows[$0] }.first,
                         value: keys.lazy.compactMap { chart.values[$0] }.first,
                         viewerRows: keys.lazy.compactMap { chart.viewer.rows[$0] ?? dashboard.viewer.rows[$0] }.first,
                         viewerValue: keys.lazy.compactMap { chart.viewer.values[$0] }.first, line: chart.line)
        }
    }

    package subscript<Value>(dynamicMember keyPath: KeyPath<DashboardExpectation, Value>) -> Value {
        expectation[keyPath: keyPath]
    }

    /// The value a dashboard check's key gave, or nil when the expectations leave it out.
    package func value(for family: CheckFamily) -> ExpectationValue? { expectation.value(for: family) }

    /// The line of the expectations file a check of this dashboard judged: its chart's entry for a chart's check, the
    /// key a count or a dashboard check read (`rows:`, `published:`), else the dashboard's entry.
    package func line(of kind: CheckKind) -> Int? {
        if let name = kind.chart, let chart = charts.first(where: { $0.name == name }), let line = chart.line { return line }
        let key: String? = switch kind.trended?.family ?? kind.family {
        case .rows, .fetch: "rows"
        case .sqlDrift, .lint, .sqlLint: "query"
        default: CheckRegistry.dashboardChecks.first { $0.family == kind.family }?.key?.name
        }
        return key.flatMap { expectation.keyLines[$0] } ?? expectation.line
    }
}

/// One expected chart of a planned dashboard.
package struct PlannedChart: Sendable, Equatable {
    package let name: String
    package let viz: String
    /// Its render's result rows expected here; nil when the expectations give none.
    package let rows: RowExpectation?
    /// Its value or values by group expected here; nil when the expectations give none.
    package var value: ChartValueExpectation? = nil
    /// What the viewer sees of it here, where the expectations say they see less than the gate's login (`viewer:`).
    package var viewerRows: RowExpectation? = nil
    package var viewerValue: ChartValueExpectation? = nil
    /// Where it stands in the expectations file.
    package var line: Int? = nil
}

extension EnvironmentSpec {
    /// The dashboard's slug in this environment: the one place suffixes are applied.
    package func slug(of dashboard: DashboardExpectation) -> String { dashboard.slug + slugSuffix }
    package func title(of dashboard: DashboardExpectation) -> String { dashboard.title + titleSuffix }
}
