import Foundation
import Probes

/// The real tenant database over unixODBC: one read-only connection per call, timeouts always set.
package struct ODBCDatabase: TenantDatabase {
    private let connectionString: String
    private let options: ODBCOptions
    private let retry: RetryPolicy
    /// `--fetch` stops and fails past this many rows rather than stream without end.
    private let maxFetchRows: Int
    /// The content fingerprint reads at most this much text of a query's rows (Superset's answer has the same cap).
    private let maxRowBytes: Int

    package init(connectionString: String, options: ODBCOptions, retry: RetryPolicy = .none, maxFetchRows: Int = Int.max,
                 maxRowBytes: Int = Settings.defaults.maxResponseBytes) {
        self.connectionString = connectionString
        self.options = options
        self.retry = retry
        self.maxFetchRows = maxFetchRows
        self.maxRowBytes = maxRowBytes
    }

    package var label: String { ConnectionString.label(connectionString) }

    package func count(_ sql: String) async throws -> Int {
        try await call("count probe") { try $0.scalarInteger(sql) }
    }

    package func fetchAll(_ sql: String) async throws -> FetchStats {
        let cap = maxFetchRows
        return try await call("fetch", connectionString: ODBCConnection.streaming(connectionString)) { connection in
            let clock = ContinuousClock()
            var streamed = (rows: 0, columns: 0)
            let elapsed = try clock.measure { streamed = try connection.stream(sql, cap: cap) }
            return FetchStats(rows: streamed.rows, columns: streamed.columns, seconds: elapsed.seconds)
        }
    }

    /// Every row of the query, each value canonicalised by its column's declared type, into a fingerprint; the rows
    /// are read through a cursor (as `--fetch` reads them) and not kept past `ContentFingerprint.keptRows`.
    package func fingerprint(_ sql: String, maxRows: Int) async throws -> ContentFingerprint {
        let budget = maxRowBytes
        return try await call("content fingerprint", connectionString: ODBCConnection.streaming(connectionString)) { connection in
            var fingerprint = ContentFingerprint(columns: [])
            var types: [Int] = []
            var read = 0
            try connection.query(sql, maxValueBytes: budget, described: { columns in
                types = columns.map(\.sqlType)
                fingerprint = ContentFingerprint(columns: columns.map(\.name))
            }, row: { row in
                guard fingerprint.rows < maxRows else { throw FetchCap(cap: maxRows) }
                read += row.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
                if read > budget { throw ValueTooLarge(limit: budget) }
                fingerprint.add(zip(row, types).map { CanonicalValue(databaseText: $0, sqlType: $1) })
            })
            return fingerprint
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
