import CODBC
import Foundation

/// One diagnostic record from the ODBC driver manager or driver.
public struct ODBCDiagnostic: Sendable, Equatable {
    public let sqlState: String
    public let nativeCode: Int32
    public let message: String
}

/// An ODBC failure: which step failed, the driver's records (SQLSTATE, native code, message)
/// and a hint. Descriptions are safe to print: secrets from the connection string are masked.
public struct ODBCError: Error, Sendable, CustomStringConvertible {
    public enum Step: String, Sendable {
        case allocate, configure, connect, execute, describe, fetch
    }

    public let step: Step
    public let records: [ODBCDiagnostic]

    public var sqlState: String? { records.first?.sqlState }
    public var nativeCode: Int32? { records.first?.nativeCode }
    public var message: String { records.first?.message ?? "no diagnostic record" }

    /// Timeouts: ODBC's HYT00/HYT01, and PostgreSQL's query_canceled (57014) from a statement timeout.
    public var isTimeout: Bool { ["HYT00", "HYT01", "57014"].contains(sqlState ?? "") }

    public var hint: String? {
        switch sqlState ?? "" {
        case "IM002":
            return "the ODBC driver named in the connection string is not installed; `odbcinst -q -d` lists installed drivers"
        case "IM003", "01000" where message.contains("Can't open lib") || message.contains("file not found"):
            return "the ODBC driver named in the connection string is not installed or its library cannot be loaded; `odbcinst -q -d` lists installed drivers"
        case "28000", "28P01":
            return "login refused: check the user and password in the connection string variable"
        case "08001", "08S01", "HYT00" where step == .connect:
            return "the database server could not be reached: check host, port and network, or raise the login timeout"
        case "42P01", "42S02", "42703", "42S22":
            return "the query names a table or column the database does not have"
        default:
            return isTimeout ? "the query ran past its timeout: raise query_timeout_seconds or make the query cheaper" : nil
        }
    }

    public var description: String {
        var text = "ODBC \(step.rawValue) failed"
        if let sqlState { text += " [SQLSTATE \(sqlState)" + (nativeCode.map { ", native \($0)" } ?? "") + "]" }
        text += ": " + message
        if let hint { text += " (\(hint))" }
        return text
    }
}

@inline(__always) func succeeded(_ code: SQLRETURN) -> Bool {
    code == SQLRETURN(SQL_SUCCESS) || code == SQLRETURN(SQL_SUCCESS_WITH_INFO)
}

/// Reads every diagnostic record of a handle, masking secrets in the messages.
func diagnostics(_ type: Int32, _ handle: SQLHANDLE?, masking secrets: [String]) -> [ODBCDiagnostic] {
    guard let handle else { return [] }
    var records: [ODBCDiagnostic] = []
    var index: SQLSMALLINT = 1
    while index < 20 {
        var state = [SQLCHAR](repeating: 0, count: 6)
        var native: SQLINTEGER = 0
        var text = [SQLCHAR](repeating: 0, count: 2048)
        var length: SQLSMALLINT = 0
        let code = SQLGetDiagRec(SQLSMALLINT(type), handle, index, &state, &native, &text, SQLSMALLINT(text.count), &length)
        guard succeeded(code) else { break }
        let message = String(decoding: text.prefix(max(0, min(Int(length), text.count - 1))), as: UTF8.self)
        let sqlState = String(decoding: state.prefix(5), as: UTF8.self)
        records.append(ODBCDiagnostic(sqlState: sqlState, nativeCode: native, message: Secrets.mask(message, secrets)))
        index += 1
    }
    return records
}

/// Options that every connection sets: an ODBC call must never wait forever.
public struct ODBCOptions: Sendable {
    public var loginTimeoutSeconds: Int
    public var queryTimeoutSeconds: Int
    public init(loginTimeoutSeconds: Int = 5, queryTimeoutSeconds: Int = 60) {
        self.loginTimeoutSeconds = loginTimeoutSeconds
        self.queryTimeoutSeconds = queryTimeoutSeconds
    }
}

/// A connection that owns its environment and connection handles and frees them in `deinit`.
/// Not thread-safe: use it from one task at a time (ODBC handles are not shared across threads).
public final class ODBCConnection: @unchecked Sendable {
    private var environment: SQLHENV?
    private var connection: SQLHDBC?
    private let secrets: [String]
    public let options: ODBCOptions

    /// Connects read-only with a login timeout. The connection string is never kept or printed.
    public init(connectionString: String, options: ODBCOptions = ODBCOptions()) throws {
        self.options = options
        self.secrets = Secrets.values(inConnectionString: connectionString)
        var env: SQLHANDLE?
        guard succeeded(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &env)), let env else {
            throw ODBCError(step: .allocate, records: [ODBCDiagnostic(sqlState: "HY001", nativeCode: 0, message: "could not allocate an ODBC environment handle")])
        }
        environment = env
        SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), SQLPOINTER(bitPattern: Int(SQL_OV_ODBC3)), 0)
        var dbc: SQLHANDLE?
        guard succeeded(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), env, &dbc)), let dbc else {
            throw ODBCError(step: .allocate, records: diagnostics(SQL_HANDLE_ENV, env, masking: secrets))
        }
        connection = dbc
        let login = max(1, options.loginTimeoutSeconds)
        // Without a login timeout an unreachable server hangs for minutes: refuse to go on without one.
        guard succeeded(SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_LOGIN_TIMEOUT), SQLPOINTER(bitPattern: login), 0)) else {
            throw ODBCError(step: .configure, records: diagnostics(SQL_HANDLE_DBC, dbc, masking: secrets)
                + [ODBCDiagnostic(sqlState: "HY000", nativeCode: 0, message: "the driver manager refused a login timeout")])
        }
        SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_CONNECTION_TIMEOUT), SQLPOINTER(bitPattern: login), 0)
        // The gate is read-only against its targets; drivers that ignore this still only get SELECTs.
        SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_ACCESS_MODE), SQLPOINTER(bitPattern: Int(SQL_MODE_READ_ONLY)), 0)
        var bytes = Array(connectionString.utf8)
        var out = [SQLCHAR](repeating: 0, count: 1024)
        var outLength: SQLSMALLINT = 0
        let code = SQLDriverConnect(dbc, nil, &bytes, SQLSMALLINT(bytes.count), &out, SQLSMALLINT(out.count), &outLength, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        guard succeeded(code) else {
            throw ODBCError(step: .connect, records: diagnostics(SQL_HANDLE_DBC, dbc, masking: secrets))
        }
    }

    deinit {
        if let connection {
            SQLDisconnect(connection)
            SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), connection)
        }
        if let environment { SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), environment) }
    }

    /// Runs one statement and hands each row to `row` as optional strings (nil is SQL NULL).
    /// Returns the column names. Rows stream: nothing is kept after `row` returns.
    @discardableResult
    public func query(_ sql: String, row: ([String?]) throws -> Void) throws -> [String] {
        let statement = try ODBCStatement(connection: connection, secrets: secrets)
        return try statement.run(sql, timeoutSeconds: options.queryTimeoutSeconds, row: row)
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

/// A statement handle, freed when the value goes away.
final class ODBCStatement {
    private var handle: SQLHSTMT?
    private let secrets: [String]

    init(connection: SQLHDBC?, secrets: [String]) throws {
        self.secrets = secrets
        var stmt: SQLHANDLE?
        guard succeeded(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_STMT), connection, &stmt)), let stmt else {
            throw ODBCError(step: .allocate, records: diagnostics(SQL_HANDLE_DBC, connection, masking: secrets))
        }
        handle = stmt
    }

    deinit {
        if let handle { SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_STMT), handle) }
    }

    private func failure(_ step: ODBCError.Step) -> ODBCError {
        ODBCError(step: step, records: diagnostics(SQL_HANDLE_STMT, handle, masking: secrets))
    }

    func run(_ sql: String, timeoutSeconds: Int, row: ([String?]) throws -> Void) throws -> [String] {
        // Every query has a timeout; a driver that refuses one does not get to run it (01S02,
        // "value changed", is a success with info and still bounds the query).
        guard succeeded(SQLSetStmtAttr(handle, SQLINTEGER(SQL_ATTR_QUERY_TIMEOUT), SQLPOINTER(bitPattern: max(1, timeoutSeconds)), 0)) else {
            throw ODBCError(step: .configure, records: diagnostics(SQL_HANDLE_STMT, handle, masking: secrets)
                + [ODBCDiagnostic(sqlState: "HY000", nativeCode: 0, message: "the driver refused a query timeout, so the query was not run")])
        }
        var text = Array(sql.utf8)
        let executed = SQLExecDirect(handle, &text, SQLINTEGER(text.count))
        guard succeeded(executed) || executed == SQLRETURN(SQL_NO_DATA) else { throw failure(.execute) }

        var columnCount: SQLSMALLINT = 0
        guard succeeded(SQLNumResultCols(handle, &columnCount)) else { throw failure(.describe) }
        var names: [String] = []
        for index in 1...max(1, Int(columnCount)) where columnCount > 0 {
            var name = [SQLCHAR](repeating: 0, count: 256)
            var nameLength: SQLSMALLINT = 0
            var type: SQLSMALLINT = 0
            var size: SQLULEN = 0
            var digits: SQLSMALLINT = 0
            var nullable: SQLSMALLINT = 0
            guard succeeded(SQLDescribeCol(handle, SQLUSMALLINT(index), &name, SQLSMALLINT(name.count), &nameLength, &type, &size, &digits, &nullable)) else {
                throw failure(.describe)
            }
            names.append(String(decoding: name.prefix(min(Int(nameLength), name.count - 1)), as: UTF8.self))
        }
        guard columnCount > 0 else { return names }

        var buffer = [SQLCHAR](repeating: 0, count: 8192)
        var values = [String?](repeating: nil, count: Int(columnCount))
        while true {
            let fetched = SQLFetch(handle)
            if fetched == SQLRETURN(SQL_NO_DATA) { break }
            guard succeeded(fetched) else { throw failure(.fetch) }
            for column in 0..<Int(columnCount) {
                values[column] = try readColumn(column + 1, buffer: &buffer)
            }
            try row(values)
        }
        return names
    }

    /// SQLGetData as SQL_C_CHAR, in pieces when a value is longer than the buffer (01004).
    private func readColumn(_ column: Int, buffer: inout [SQLCHAR]) throws -> String? {
        var collected: [UInt8] = []
        while true {
            var indicator: SQLLEN = 0
            let code = SQLGetData(handle, SQLUSMALLINT(column), SQLSMALLINT(SQL_C_CHAR), &buffer, SQLLEN(buffer.count), &indicator)
            if code == SQLRETURN(SQL_NO_DATA) { break }
            guard succeeded(code) else { throw failure(.fetch) }
            if indicator == SQLLEN(SQL_NULL_DATA) { return nil }
            // A piece fills the buffer minus its terminating NUL when more follows.
            let available = buffer.count - 1
            let pieceLength = (indicator == SQLLEN(SQL_NO_TOTAL) || Int(indicator) > available) ? available : Int(indicator)
            collected.append(contentsOf: buffer.prefix(pieceLength))
            if code == SQLRETURN(SQL_SUCCESS) { break }
        }
        return String(decoding: collected, as: UTF8.self)
    }
}
