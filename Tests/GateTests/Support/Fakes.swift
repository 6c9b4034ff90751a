import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Fakes for error paths and evaluation tests. They live here, never in product code.
struct FakeDatabase: TenantDatabase {
    var counts: [String: Int] = [:]
    var failure: ProbeFailure?
    var defaultCount = 0

    func count(_ sql: String) async throws -> Int {
        if let failure { throw failure }
        return counts.first { sql.contains($0.key) }?.value ?? defaultCount
    }

    func fetchAll(_ sql: String) async throws -> FetchStats {
        FetchStats(rows: try await count(sql), columns: 1, seconds: 0)
    }

    func fingerprint(_ sql: String, maxRows: Int) async throws -> ContentFingerprint {
        throw ProbeFailure(message: "the fake database keeps no rows", code: .httpStatus(501))
    }
}

struct FakeSentinel: SentinelReading {
    var answer: Result<SentinelAnswer, ProbeFailure>
    var displayURL: String { "http://fake/api/powerfill/status" }
    func read() async throws -> SentinelAnswer { try answer.get() }
}

/// A sentinel whose answer changes after a number of reads, standing for a rollout in progress.
actor SwitchingSentinel: SentinelReading {
    private var reads = 0
    let switchAfter: Int
    let before: SentinelAnswer
    let after: SentinelAnswer
    init(switchAfter: Int, before: SentinelAnswer, after: SentinelAnswer) {
        self.switchAfter = switchAfter
        self.before = before
        self.after = after
    }
    nonisolated var displayURL: String { "http://fake/status" }
    func read() async throws -> SentinelAnswer {
        reads += 1
        return reads > switchAfter ? after : before
    }
}

/// A small in-memory Superset for error paths of the render arm.
struct FakeSuperset: SupersetReading {
    var dashboards: [String: SupersetDashboard] = [:]
    var charts: [Int: [SupersetChart]] = [:]
    var datasets: [Int: [SupersetDataset]] = [:]
    var counts: [Int: Int] = [:]
    var renderFailures: [Int: ProbeFailure] = [:]
    /// Chart id → result rows of its render (1 when not given).
    var renderRows: [Int: Int] = [:]
    /// Chart id → the rows its render answers (none when not given).
    var renderData: [Int: ChartData] = [:]
    /// Chart id → the chart as saved; a chart without one answers 404.
    var definitions: [Int: SupersetChartDefinition] = [:]
    /// Database id → its entry; without one, 404.
    var databaseEntries: [Int: SupersetDatabaseEntry] = [:]
    var loginFailure: ProbeFailure?
    /// Row-level-security rules, and the roles of the fake's user.
    var rlsRules: [SupersetRLSRule] = []
    var userRoles: [String] = ["Gamma"]
    var rlsFailure: ProbeFailure?
    /// Superset before 6 answers `/api/v1/me/roles/` 401 to a token.
    var rolesFailure: ProbeFailure?
    /// Dashboard id → its `position_json`; without one, every attached chart is laid out (as a deploy does).
    var layouts: [Int: String?] = [:]

    func login() async throws { if let loginFailure { throw loginFailure } }
    func dashboard(_ idOrSlug: String) async throws -> SupersetDashboard {
        guard let found = dashboards[idOrSlug] else {
            throw ProbeFailure(message: "Superset has no such object at /api/v1/dashboard/\(idOrSlug) (HTTP 404): Not found", code: .httpStatus(404))
        }
        let position = layouts[found.id] ?? Self.layout(charts[found.id] ?? [])
        return SupersetDashboard(id: found.id, title: found.title, slug: found.slug, jsonMetadata: found.jsonMetadata,
                                 positionJSON: position, published: found.published)
    }
    func charts(dashboardID: Int) async throws -> [SupersetChart] { charts[dashboardID] ?? [] }
    func exportDashboards(ids: [Int]) async throws -> Data {
        throw ProbeFailure(message: "the fake Superset exports nothing", code: .httpStatus(501))
    }
    /// The dataset listed under any dashboard with that id.
    func dataset(id: Int) async throws -> SupersetDataset {
        guard let found = datasets.values.joined().first(where: { $0.id == id }) else {
            throw ProbeFailure(message: "Superset has no such object at /api/v1/dataset/\(id) (HTTP 404): Not found", code: .httpStatus(404))
        }
        return found
    }
    func datasets(dashboardID: Int) async throws -> [SupersetDataset] { datasets[dashboardID] ?? [] }
    func databaseEntry(id: Int) async throws -> SupersetDatabaseEntry {
        guard let found = databaseEntries[id] else {
            throw ProbeFailure(message: "Superset has no such object at /api/v1/database/\(id) (HTTP 404): Not found", code: .httpStatus(404))
        }
        return found
    }
    func chart(id: Int) async throws -> SupersetChartDefinition {
        guard let found = definitions[id] else {
            throw ProbeFailure(message: "Superset has no such object at /api/v1/chart/\(id) (HTTP 404): Not found", code: .httpStatus(404))
        }
        return found
    }
    func renderQuery(_ queryContext: Data, keepingRows: Int) async throws -> ChartRender {
        throw ProbeFailure(message: "the fake Superset renders no composed query", code: .httpStatus(501))
    }
    func renderChart(id: Int, keepingRows: Int) async throws -> ChartRender {
        if let failure = renderFailures[id] { throw failure }
        return ChartRender(rowCount: renderRows[id] ?? 1, data: keepingRows > 0 ? renderData[id] : nil)
    }
    func countRows(datasetID: Int) async throws -> (count: Int, sql: String?) { (counts[datasetID] ?? 0, "SELECT COUNT(*) FROM (…) AS virtual_table") }
    func rowLevelSecurity() async throws -> [SupersetRLSRule] {
        if let rlsFailure { throw rlsFailure }
        return rlsRules
    }
    func roles() async throws -> [String] {
        if let rolesFailure { throw rolesFailure }
        return userRoles
    }
    func datasetRows(datasetID: Int, columns: [String], limit: Int) async throws -> ChartRender {
        throw ProbeFailure(message: "the fake Superset keeps no rows", code: .httpStatus(501))
    }

    /// A Superset that holds exactly what `expectations` describe, with `rows` rows per dataset.
    static func matching(_ expectations: Expectations, environment: String) -> FakeSuperset {
        var fake = FakeSuperset()
        var chartID = 1000
        let spec = try? expectations.environment(named: environment)
        for (index, dashboard) in expectations.dashboards.enumerated() {
            let id = index + 1
            let slug = dashboard.slug + (spec?.slugSuffix ?? "")
            let charts = dashboard.charts.map { chart in
                chartID += 1
                return SupersetChart(id: chartID, name: chart.name, vizType: chart.viz)
            }
            let info = SupersetDashboard(id: id, title: dashboard.title + (spec?.titleSuffix ?? ""), slug: slug,
                                         jsonMetadata: #"{"cross_filters_enabled": true}"#, published: true)
            fake.dashboards[slug] = info
            if let pinned = dashboard.ids[environment] { fake.dashboards[String(pinned)] = info }
            fake.charts[id] = charts
            for chart in charts {
                fake.definitions[chart.id] = definition(chart.id, dataset: id)
            }
            fake.datasets[id] = [SupersetDataset(id: id, tableName: "ds_\(slug)", sql: dashboard.sql,
                                                 databaseID: 1, databaseName: spec?.supersetDatabase, schema: spec?.supersetSchema)]
            if case .exact(let rows)? = dashboard.rows[environment] { fake.counts[id] = rows }
        }
        return fake
    }

    /// A chart saved on `dataset` with a query context that queries it and adds no filter.
    static func definition(_ id: Int, dataset: Int, queryContext: String? = nil, params: String? = nil) -> SupersetChartDefinition {
        SupersetChartDefinition(id: id, datasourceID: dataset, datasourceType: "table", params: params ?? #"{"datasource": "\#(dataset)__table"}"#,
                                queryContext: queryContext ?? #"{"datasource": {"id": \#(dataset), "type": "table"}, "queries": [{"filters": [], "extras": {"where": ""}}]}"#)
    }

    /// A `position_json` with one CHART entry per chart, as Superset's layout writes it.
    static func layout(_ charts: [SupersetChart]) -> String {
        var position: [String: Any] = ["DASHBOARD_VERSION_KEY": "v2", "ROOT_ID": ["type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]]]
        for (index, chart) in charts.enumerated() {
            position["CHART-\(index + 1)"] = ["type": "CHART", "id": "CHART-\(index + 1)", "children": [] as [String],
                                              "meta": ["chartId": chart.id, "sliceName": chart.name]]
        }
        let data = (try? JSONSerialization.data(withJSONObject: position, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Expectations {
    /// The repository's expectations file; tests fail clearly when it does not load.
    static func repository() throws -> Expectations {
        try ExpectationsLoader.load(path: Repo.expectationsPath)
    }
}

extension GateReport {
    func failures(_ arm: Arm? = nil) -> [CheckResult] {
        results.filter { ($0.outcome == .failed || $0.outcome == .error) && (arm == nil || $0.arm == arm) }
    }
}

/// Where a check belongs: its dashboard and kind, for comparing sets of failures.
struct CheckPlace: Hashable, CustomStringConvertible {
    let slug: String?
    let check: CheckKind
    init(_ slug: String?, _ check: CheckKind) {
        self.slug = slug
        self.check = check
    }
    var description: String { "\(slug ?? "-") · \(check)" }
}

extension CheckResult {
    var place: CheckPlace { CheckPlace(slug, check) }
}
