import CODBC
import Foundation

/// Options that every connection sets: an ODBC call must never wait forever.
public struct ODBCOptions: Sendable {
    public var loginTimeoutSeconds: Int
    public var queryTimeoutSeconds: Int
    public init(loginTimeoutSeconds: Int, queryTimeoutSeconds: Int) {
        self.loginTimeoutSeconds = loginTimeoutSeconds
        self.queryTimeoutSeconds = queryTimeoutSeconds
    }
}

/// One ODBC handle of any type, freed in `deinit` (after its children: they hold it).
final class ODBCHandle {
    let type: Int32
    let pointer: SQLHANDLE

    /// Allocates a handle of `type` under `parent` (nil for an environment).
    init(_ type: Int32, parent: ODBCHandle?, onFailure: () -> ODBCError) throws(ODBCError) {
        var allocated: SQLHANDLE?
        guard succeeded(SQLAllocHandle(SQLSMALLINT(type), parent?.pointer, &allocated)), let allocated else { throw onFailure() }
        self.type = type
        pointer = allocated
    }

    deinit { SQLFreeHandle(SQLSMALLINT(type), pointer) }

    func diagnostics(masking secrets: [String]) -> [ODBCDiagnostic] {
        diagnosticRecords(type, pointer, masking: secrets)
    }
}

/// A read-only connection that owns its environment and connection handles.
/// Not Sendable: ODBC handles are used from the one thread that made them (the gate opens a
/// connection per call, inside `onBlockingThread`), so nothing crosses tasks.
public final class ODBCConnection {
    private let environment: ODBCHandle
    let handle: ODBCHandle
    let secrets: [String]
    public let options: ODBCOptions

    /// SQLDriverConnect takes the length as an SQLSMALLINT.
    public static let maxConnectionStringBytes = Int(Int16.max)

    /// Connects read-only with a login timeout. The connection string is never kept or printed.
    public init(connectionString: String, options: ODBCOptions) throws(ODBCError) {
        self.options = options
        let secrets = Secrets.values(inConnectionString: connectionString)
        self.secrets = secrets
        environment = try ODBCHandle(SQL_HANDLE_ENV, parent: nil) {
            ODBCError(step: .allocate, records: [ODBCDiagnostic(sqlState: "HY001", nativeCode: 0, message: "could not allocate an ODBC environment handle")])
        }
        SQLSetEnvAttr(environment.pointer, SQLINTEGER(SQL_ATTR_ODBC_VERSION), SQLPOINTER(bitPattern: Int(SQL_OV_ODBC3)), 0)
        let environment = self.environment
        handle = try ODBCHandle(SQL_HANDLE_DBC, parent: environment) {
            ODBCError(step: .allocate, records: environment.diagnostics(masking: secrets))
        }
        let dbc = handle.pointer
        let login = max(1, options.loginTimeoutSeconds)
        // Without a login timeout an unreachable server hangs for minutes: refuse to go on without one.
        guard succeeded(SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_LOGIN_TIMEOUT), SQLPOINTER(bitPattern: login), 0)) else {
            throw ODBCError(step: .configure, records: handle.diagnostics(masking: secrets)
                + [ODBCDiagnostic(sqlState: "HY000", nativeCode: 0, message: "the driver manager refused a login timeout")])
        }
        SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_CONNECTION_TIMEOUT), SQLPOINTER(bitPattern: login), 0)
        // The gate is read-only against its targets; drivers that ignore this still only get SELECTs.
        SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_ACCESS_MODE), SQLPOINTER(bitPattern: Int(SQL_MODE_READ_ONLY)), 0)
        var bytes = Array(connectionString.utf8)
        guard bytes.count <= Self.maxConnectionStringBytes else {
            throw ODBCError(step: .connect, records: [ODBCDiagnostic(sqlState: "HY090", nativeCode: 0,
                message: "the connection string is \(bytes.count) bytes; ODBC takes at most \(Self.maxConnectionStringBytes)")])
        }
        var out = [SQLCHAR](repeating: 0, count: 1024)
        var outLength: SQLSMALLINT = 0
        let code = SQLDriverConnect(dbc, nil, &bytes, SQLSMALLINT(bytes.count), &out, SQLSMALLINT(out.count), &outLength, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        guard succeeded(code) else {
            throw ODBCError(step: .connect, records: handle.diagnostics(masking: secrets))
        }
    }

    deinit {
        // The handle frees itself; a connected one must be disconnected first.
        SQLDisconnect(handle.pointer)
    }

    /// Runs one statement and hands each row to `row` as optional strings (nil is SQL NULL).
    /// Returns the column names. Rows stream: nothing is kept after `row` returns.
    @discardableResult
    public func query(_ sql: String, row: ([String?]) throws -> Void) throws -> [String] {
        try ODBCStatement(connection: self).run(sql, timeoutSeconds: options.queryTimeoutSeconds, row: row)
    }

    /// Runs one statement, describes its columns (type and scale) to `described`, then hands each row to `row` as text.
    /// A value longer than `maxValueBytes` stops the query with `ValueTooLarge`.
    public func query(_ sql: String, maxValueBytes: Int = Int.max, described: ([ODBCColumn]) throws -> Void,
                      row: ([String?]) throws -> Void) throws {
        _ = try ODBCStatement(connection: self).run(sql, timeoutSeconds: options.queryTimeoutSeconds, described: described,
                                                    maxValueBytes: maxValueBytes, row: row)
    }

    /// Streams every row in blocks (bound column buffers), keeping none: what `--fetch` measures.
    public func stream(_ sql: String, cap: Int = Int.max) throws -> (rows: Int, columns: Int) {
        try ODBCStatement(connection: self).stream(sql, timeoutSeconds: options.queryTimeoutSeconds, cap: cap)
    }

    /// The connection string for streaming large results: psqlODBC otherwise reads the whole result into
    /// client memory before the first row (UseDeclareFetch reads it through a cursor, `Fetch` rows at a time).
    /// Microsoft's SQL Server driver streams a default result set as it is; other drivers are left as they are.
    public static func streaming(_ connectionString: String) -> String {
        let driver = ConnectionString.pairs(connectionString).first { $0.key == "driver" }?.value.lowercased() ?? ""
        guard driver.contains("postgresql") || driver.contains("psqlodbc") else { return connectionString }
        let separator = connectionString.hasSuffix(";") || connectionString.isEmpty ? "" : ";"
        return connectionString + separator + "UseDeclareFetch=1;Fetch=10000;"
    }

    /// The first column of the first row, as an integer (for `SELECT COUNT(*) ...`).
    public func scalarInteger(_ sql: String) throws -> Int {
        var value: String??
        try query(sql) { columns in if value == nil { value = columns.first ?? nil } }
        guard let text = value ?? nil, let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ODBCError(step: .fetch, records: [ODBCDiagnostic(sqlState: "HY000", nativeCode: 0, message: "expected one integer, got \(value.map { $0 ?? "NULL" } ?? "no row")")])
        }
        return number
    }
}
