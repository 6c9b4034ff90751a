import Foundation
import Probes

/// The tenant database, as the database arm needs it. Tests swap in fakes for error paths.
package protocol TenantDatabase: Sendable {
    /// Runs a `SELECT COUNT(*) …` probe and returns the count.
    func count(_ sql: String) async throws -> Int
    /// Streams every row of the query, sqlcmd-style.
    func fetchAll(_ sql: String) async throws -> FetchStats
    /// The content fingerprint of the query's rows; throws `FetchCap` past `maxRows`.
    func fingerprint(_ sql: String, maxRows: Int) async throws -> ContentFingerprint
    /// Which database this is, for messages: never a secret.
    var label: String { get }
}

extension TenantDatabase {
    package var label: String { "the tenant database" }
}

/// Superset, as the render arm reads it (read-only).
package protocol SupersetReading: Sendable {
    func login() async throws
    func dashboard(_ idOrSlug: String) async throws -> SupersetDashboard
    func charts(dashboardID: Int) async throws -> [SupersetChart]
    func datasets(dashboardID: Int) async throws -> [SupersetDataset]
    /// A dataset whole: every saved metric and calculated column, its temporal column and template parameters.
    func dataset(id: Int) async throws -> SupersetDataset
    /// A database entry: engine, and where it connects when the role may read that.
    func databaseEntry(id: Int) async throws -> SupersetDatabaseEntry
    /// The dashboards' export bundle, a ZIP.
    func exportDashboards(ids: [Int]) async throws -> Data
    /// A chart as saved: datasource, `params`, `query_context`.
    func chart(id: Int) async throws -> SupersetChartDefinition
    /// Renders a chart from its saved query; keeps up to `keepingRows` of its rows (none when 0).
    func renderChart(id: Int, keepingRows: Int) async throws -> ChartRender
    /// Renders a composed query context (a chart's saved one with the dashboard's default filters merged).
    func renderQuery(_ queryContext: Data, keepingRows: Int) async throws -> ChartRender
    func countRows(datasetID: Int) async throws -> (count: Int, sql: String?)
    /// Every row-level-security rule (an administrator's read).
    func rowLevelSecurity() async throws -> [SupersetRLSRule]
    /// The roles of this login's user.
    func roles() async throws -> [String]
    /// A dataset's raw rows (its columns, no metrics), at most `limit`, with the SQL Superset ran.
    func datasetRows(datasetID: Int, columns: [String], limit: Int) async throws -> ChartRender
    /// Secrets of the session (password, token), masked in everything the gate reports.
    var sessionSecrets: [String] { get async }
}

extension SupersetReading {
    package var sessionSecrets: [String] { get async { [] } }
}

/// The real (or, in tests, fake) systems the arms probe. An arm whose target is nil does not run.
package struct GateTargets: Sendable {
    package var database: (any TenantDatabase)?
    package var superset: (any SupersetReading)?
    package var sentinel: (any SentinelReading)?
    /// A viewer's own login, when the environment names one: the Superset arm renders every chart again as them.
    package var viewer: Viewer?
    /// The secrets the targets were given (connection-string secrets, passwords): masked in every report.
    package var secrets: [String] = []
    /// Where people open Superset: reports link each dashboard's and chart's page under it.
    package var supersetURL: URL?

    package init(database: (any TenantDatabase)? = nil, superset: (any SupersetReading)? = nil, sentinel: (any SentinelReading)? = nil) {
        self.database = database
        self.superset = superset
        self.sentinel = sentinel
    }
}

/// A Superset login with a viewer's role, and how reports name it (its user, or "the viewer's API key").
package struct Viewer: Sendable {
    package let name: String
    package let superset: any SupersetReading

    package init(name: String, superset: any SupersetReading) {
        self.name = name
        self.superset = superset
    }
}

/// The API's status sentinel.
package protocol SentinelReading: Sendable {
    var displayURL: String { get }
    func read() async throws -> SentinelAnswer
}

extension SupersetClient: SupersetReading {}
