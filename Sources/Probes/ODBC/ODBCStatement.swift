import CODBC

/// A statement: holds its connection (so the connection outlives it) and its own handle.
final class ODBCStatement {
    let connection: ODBCConnection
    private let handle: ODBCHandle

    init(connection: ODBCConnection) throws(ODBCError) {
        self.connection = connection
        handle = try ODBCHandle(SQL_HANDLE_STMT, parent: connection.handle) {
            ODBCError(step: .allocate, records: connection.handle.diagnostics(masking: connection.secrets))
        }
    }

    private var secrets: [String] { connection.secrets }

    private func failure(_ step: ODBCError.Step) -> ODBCError {
        ODBCError(step: step, records: handle.diagnostics(masking: secrets))
    }

    func run(_ sql: String, timeoutSeconds: Int, row: ([String?]) throws -> Void) throws -> [String] {
        // Every query has a timeout; a driver that refuses one does not get to run it (01S02,
        // "value changed", is a success with info and still bounds the query).
        guard succeeded(SQLSetStmtAttr(handle.pointer, SQLINTEGER(SQL_ATTR_QUERY_TIMEOUT), SQLPOINTER(bitPattern: max(1, timeoutSeconds)), 0)) else {
            throw ODBCError(step: .configure, records: handle.diagnostics(masking: secrets)
                + [ODBCDiagnostic(sqlState: "HY000", nativeCode: 0, message: "the driver refused a query timeout, so the query was not run")])
        }
        var text = Array(sql.utf8)
        let executed = SQLExecDirect(handle.pointer, &text, SQLINTEGER(text.count))
        guard succeeded(executed) || executed == SQLRETURN(SQL_NO_DATA) else { throw failure(.execute) }

        var columnCount: SQLSMALLINT = 0
        guard succeeded(SQLNumResultCols(handle.pointer, &columnCount)) else { throw failure(.describe) }
        var names: [String] = []
        for index in 1...max(1, Int(columnCount)) where columnCount > 0 {
            var name = [SQLCHAR](repeating: 0, count: 256)
            var nameLength: SQLSMALLINT = 0
            var type: SQLSMALLINT = 0
            var size: SQLULEN = 0
            var digits: SQLSMALLINT = 0
            var nullable: SQLSMALLINT = 0
            guard succeeded(SQLDescribeCol(handle.pointer, SQLUSMALLINT(index), &name, SQLSMALLINT(name.count), &nameLength, &type, &size, &digits, &nullable)) else {
                throw failure(.describe)
            }
            names.append(String(decoding: name.prefix(min(Int(nameLength), name.count - 1)), as: UTF8.self))
        }
        guard columnCount > 0 else { return names }

        var buffer = [SQLCHAR](repeating: 0, count: 8192)
        var values = [String?](repeating: nil, count: Int(columnCount))
        while true {
            let fetched = SQLFetch(handle.pointer)
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
            let code = SQLGetData(handle.pointer, SQLUSMALLINT(column), SQLSMALLINT(SQL_C_CHAR), &buffer, SQLLEN(buffer.count), &indicator)
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
