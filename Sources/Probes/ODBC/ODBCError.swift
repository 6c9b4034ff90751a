import CODBC

/// One diagnostic record from the ODBC driver manager or driver.
public struct ODBCDiagnostic: Sendable, Equatable {
    public let sqlState: SQLState
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

    public var sqlState: SQLState? { records.first?.sqlState }
    public var nativeCode: Int32? { records.first?.nativeCode }
    public var message: String { records.first?.message ?? "no diagnostic record" }

    /// Timeouts: ODBC's HYT00/HYT01, and PostgreSQL's query_canceled (57014) from a statement timeout.
    public var isTimeout: Bool { sqlState?.isTimeout ?? false }

    /// The server refused the credentials. psqlODBC reports a failed password as 08001, a connection failure,
    /// with the server's own words: those words are the only sign, so they are read here, once.
    public var isLoginRefused: Bool {
        guard let sqlState else { return false }
        if sqlState.isLoginRefused { return true }
        let text = message.lowercased()
        return sqlState.isConnectionFailure && (text.contains("password authentication failed") || text.contains("authentication failed")
            || text.contains("login failed"))
    }

    /// Worth another try: the connection failed or was lost (08xxx), or a timeout. Never a refused login
    /// (a lockout may follow), a missing driver or a query the server rejected.
    public var isTransient: Bool { !isLoginRefused && ((sqlState?.isConnectionFailure ?? false) || isTimeout) }

    /// The driver named in the connection string is not installed or does not load. unixODBC says
    /// "Can't open lib" under 01000 for a driver whose library is missing.
    public var isDriverMissing: Bool {
        guard let sqlState else { return false }
        return sqlState.isDriverMissing
            || (sqlState == .generalWarning && (message.contains("Can't open lib") || message.contains("file not found")))
    }

    public var hint: String? {
        if isDriverMissing {
            return sqlState == .driverNotFound
                ? "the ODBC driver named in the connection string is not installed; `odbcinst -q -d` lists installed drivers"
                : "the ODBC driver named in the connection string is not installed or its library cannot be loaded; `odbcinst -q -d` lists installed drivers"
        }
        guard let sqlState else { return nil }
        if isLoginRefused { return "login refused: check the user and password in the connection string variable" }
        if sqlState == .communicationLinkFailure && step != .connect {
            return "the connection was lost during the query (a server restart, a failover or the network); it is retried"
        }
        if sqlState.isConnectionFailure || (sqlState == .timeoutExpired && step == .connect) {
            return "the database server could not be reached: check host, port and network, or raise the login timeout"
        }
        if sqlState.isUnknownObject { return "the query names a table or column the database does not have" }
        return isTimeout ? "the query ran past its timeout: raise query_timeout_seconds or make the query cheaper" : nil
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
func diagnosticRecords(_ type: Int32, _ handle: SQLHANDLE, masking secrets: [String]) -> [ODBCDiagnostic] {
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
        let sqlState = SQLState(rawValue: String(decoding: state.prefix(5), as: UTF8.self))
        records.append(ODBCDiagnostic(sqlState: sqlState, nativeCode: native, message: Secrets.mask(message, secrets)))
        index += 1
    }
    return records
}
