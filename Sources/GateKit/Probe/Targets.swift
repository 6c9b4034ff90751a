import Foundation
import Probes

/// The tenant database, as the database arm needs it. Tests swap in fakes for error paths.
public protocol TenantDatabase: Sendable {
    /// Runs a `SELECT COUNT(*) …` probe and returns the count.
    func count(_ sql: String) async throws -> Int
    /// Streams every row of the query, sqlcmd-style.
    func fetchAll(_ sql: String) async throws -> FetchStats
    /// Which database this is, for messages: never a secret.
    var label: String { get }
}

extension TenantDatabase {
    public var label: String { "the tenant database" }
}

/// Superset, as the render arm reads it (read-only).
public protocol SupersetReading: Sendable {
    func login() async throws
    func dashboard(_ idOrSlug: String) async throws -> SupersetDashboard
    func charts(dashboardID: Int) async throws -> [SupersetChart]
    func datasets(dashboardID: Int) async throws -> [SupersetDataset]
    /// A chart as saved: datasource, `params`, `query_context`.
    func chart(id: Int) async throws -> SupersetChartDefinition
    func renderChart(id: Int) async throws -> Int
    func countRows(datasetID: Int) async throws -> (count: Int, sql: String?)
}

/// The real (or, in tests, fake) systems the arms probe. An arm whose target is nil does not run.
public struct GateTargets: Sendable {
    public var database: (any TenantDatabase)?
    public var superset: (any SupersetReading)?
    public var sentinel: (any SentinelReading)?

    public init(database: (any TenantDatabase)? = nil, superset: (any SupersetReading)? = nil, sentinel: (any SentinelReading)? = nil) {
        self.database = database
        self.superset = superset
        self.sentinel = sentinel
    }
}

/// The API's status sentinel.
public protocol SentinelReading: Sendable {
    var displayURL: String { get }
    func read() async throws -> SentinelAnswer
}

extension SupersetClient: SupersetReading {}

/// The real tenant database over unixODBC: one read-only connection per call, timeouts always set.
public struct ODBCDatabase: TenantDatabase {
    private let connectionString: String
    private let options: ODBCOptions

    public init(connectionString: String, options: ODBCOptions) {
        self.connectionString = connectionString
        self.options = options
    }

    public var label: String { ConnectionString.label(connectionString) }

    public func count(_ sql: String) async throws -> Int {
        let connectionString = connectionString, options = options
        return try await onBlockingThread {
            try ODBCConnection(connectionString: connectionString, options: options).scalarInteger(sql)
        }
    }

    public func fetchAll(_ sql: String) async throws -> FetchStats {
        let connectionString = connectionString, options = options
        return try await onBlockingThread {
            let connection = try ODBCConnection(connectionString: connectionString, options: options)
            let clock = ContinuousClock()
            var rows = 0
            var columns = 0
            let elapsed = try clock.measure {
                columns = try connection.query(sql) { _ in rows += 1 }.count
            }
            return FetchStats(rows: rows, columns: columns, seconds: elapsed.seconds)
        }
    }
}

/// The real sentinel over HTTP.
public struct HTTPSentinel: SentinelReading {
    public let url: URL
    let http: HTTPClient

    public init(url: URL, http: HTTPClient) {
        self.url = url
        self.http = http
    }

    public var displayURL: String { HTTPClient.display(url) }

    public func read() async throws -> SentinelAnswer {
        let response = try await http.send("GET", url, headers: ["Accept": "application/json"])
        return SentinelAnswer(status: response.status, body: response.text)
    }
}
