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
    /// Secrets of the session (password, token), masked in everything the gate reports.
    var sessionSecrets: [String] { get async }
}

extension SupersetReading {
    public var sessionSecrets: [String] { get async { [] } }
}

/// The real (or, in tests, fake) systems the arms probe. An arm whose target is nil does not run.
public struct GateTargets: Sendable {
    public var database: (any TenantDatabase)?
    public var superset: (any SupersetReading)?
    public var sentinel: (any SentinelReading)?
    /// The secrets the targets were given (connection-string secrets, passwords): masked in every report.
    public var secrets: [String] = []

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
    private let retry: RetryPolicy
    /// `--fetch` stops and fails past this many rows rather than stream without end.
    private let maxFetchRows: Int

    public init(connectionString: String, options: ODBCOptions, retry: RetryPolicy = .none, maxFetchRows: Int = Int.max) {
        self.connectionString = connectionString
        self.options = options
        self.retry = retry
        self.maxFetchRows = maxFetchRows
    }

    public var label: String { ConnectionString.label(connectionString) }

    public func count(_ sql: String) async throws -> Int {
        try await call("count probe") { try $0.scalarInteger(sql) }
    }

    public func fetchAll(_ sql: String) async throws -> FetchStats {
        let cap = maxFetchRows
        return try await call("fetch", connectionString: ODBCConnection.streaming(connectionString)) { connection in
            let clock = ContinuousClock()
            var streamed = (rows: 0, columns: 0)
            let elapsed = try clock.measure { streamed = try connection.stream(sql, cap: cap) }
            return FetchStats(rows: streamed.rows, columns: streamed.columns, seconds: elapsed.seconds)
        }
    }

    /// One connection and one statement on a blocking thread, timeouts bounded by the current deadline,
    /// retried while the failure is transient (a lost connection, 08xxx; a timeout).
    private func call<T: Sendable>(_ what: String, connectionString: String? = nil,
                                   _ body: @escaping @Sendable (ODBCConnection) throws -> T) async throws -> T {
        let connectionString = connectionString ?? self.connectionString, options = options
        return try await Retry.run(retry, transient: { error in
            (error as? ODBCError)?.isTransient == true || error is DeadlineExceeded ? .some(nil) : nil
        }) { _ in
            // Two phases, each bounded by its own timeout and by the scope's deadline: connecting by the login
            // timeout, then the query, its answer included (a trickling answer is bounded as a whole), by the
            // query timeout. The driver enforces each first; a second later the backstop abandons the call.
            let slack = Duration.seconds(1)
            let login = Duration.seconds(options.loginTimeoutSeconds), query = Duration.seconds(options.queryTimeoutSeconds)
            let (instant, scope) = CallDeadline.bound(timeout: login + slack)
            let started = ContinuousClock.now
            let phase = CallPhase()
            let expired: @Sendable () -> DeadlineExceeded = {
                DeadlineExceeded(call: "the ODBC \(what)" + (phase.connected ? "" : " (connecting)"), waited: .now - started, scope: scope,
                                 timeout: phase.connected ? query : login)
            }
            var bounded = options
            if let scope {
                let left = Int((scope.remaining.seconds).rounded(.up))
                guard left > 0 else { throw expired() }
                bounded.loginTimeoutSeconds = min(options.loginTimeoutSeconds, left)
                bounded.queryTimeoutSeconds = min(options.queryTimeoutSeconds, left)
            }
            let settings = bounded
            let scopeInstant = CallDeadline.current?.instant
            // A blocked C call cannot be interrupted: at the deadline its thread is left to finish on its own.
            return try await ServiceTime.measure {
                try await onBlockingThread(deadline: BlockingDeadline(instant), onTimeout: expired) { deadline in
                    let connection = try ODBCConnection(connectionString: connectionString, options: settings)
                    phase.markConnected()
                    let queryEnd = ContinuousClock.now + query + slack
                    deadline.move(to: scopeInstant.map { min($0, queryEnd) } ?? queryEnd)
                    return try body(connection)
                }
            }
        }
    }
}

/// Whether a database call got past connecting, for its timeout message.
private final class CallPhase: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    var connected: Bool { lock.withLock { done } }
    func markConnected() { lock.withLock { done = true } }
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
