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
    var loginFailure: ProbeFailure?

    func login() async throws { if let loginFailure { throw loginFailure } }
    func dashboard(_ idOrSlug: String) async throws -> SupersetDashboard {
        guard let found = dashboards[idOrSlug] else {
            throw ProbeFailure(message: "Superset has no such object at /api/v1/dashboard/\(idOrSlug) (HTTP 404): Not found", code: .httpStatus(404))
        }
        return found
    }
    func charts(dashboardID: Int) async throws -> [SupersetChart] { charts[dashboardID] ?? [] }
    func datasets(dashboardID: Int) async throws -> [SupersetDataset] { datasets[dashboardID] ?? [] }
    func renderChart(id: Int) async throws -> Int {
        if let failure = renderFailures[id] { throw failure }
        return 1
    }
    func countRows(datasetID: Int) async throws -> (count: Int, sql: String?) { (counts[datasetID] ?? 0, "SELECT COUNT(*) FROM (…) AS virtual_table") }

    /// A Superset that holds exactly what `expectations` describe, with `rows` rows per dataset.
    static func matching(_ expectations: Expectations, environment: String) -> FakeSuperset {
        var fake = FakeSuperset()
        var chartID = 1000
        for (index, dashboard) in expectations.dashboards.enumerated() {
            let id = index + 1
            fake.dashboards[dashboard.ids[environment].map(String.init) ?? dashboard.slug] = SupersetDashboard(
                id: id, title: dashboard.title, slug: dashboard.slug, jsonMetadata: #"{"cross_filters_enabled": true}"#)
            fake.charts[id] = dashboard.charts.map { chart in
                chartID += 1
                return SupersetChart(id: chartID, name: chart.name, vizType: chart.viz)
            }
            fake.datasets[id] = [SupersetDataset(id: id, tableName: "ds_\(dashboard.slug)", sql: dashboard.sql)]
            if case .exact(let rows)? = dashboard.rows[environment] { fake.counts[id] = rows }
        }
        return fake
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
