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

    /// Sets the timeout, executes, and describes the result's columns.
    private func execute(_ sql: String, timeoutSeconds: Int) throws -> [ODBCColumn] {
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
        var columns: [ODBCColumn] = []
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
            columns.append(ODBCColumn(name: String(decoding: name.prefix(min(Int(nameLength), name.count - 1)), as: UTF8.self),
                                      size: Int(clamping: size), sqlType: Int(type), scale: Int(digits)))
        }
        return columns
    }

    /// Streams every row in blocks of `rowsPerBlock` into column-wise bound buffers, the way a client that
    /// prints rows receives them, and keeps nothing: the rows and columns counted. Values longer than their
    /// buffer are cut (01004, a success): they are received, not kept. Throws `FetchCap` past `cap` rows.
    func stream(_ sql: String, timeoutSeconds: Int, rowsPerBlock: Int = 1_000, cap: Int = Int.max) throws -> (rows: Int, columns: Int) {
        let columns = try execute(sql, timeoutSeconds: timeoutSeconds)
        guard !columns.isEmpty else { return (0, 0) }
        let block = max(1, rowsPerBlock)
        // Column-wise binding: one buffer and one indicator array per column, reused for every block.
        guard succeeded(SQLSetStmtAttr(handle.pointer, SQLINTEGER(SQL_ATTR_ROW_BIND_TYPE), SQLPOINTER(bitPattern: Int(SQL_BIND_BY_COLUMN)), 0)),
              succeeded(SQLSetStmtAttr(handle.pointer, SQLINTEGER(SQL_ATTR_ROW_ARRAY_SIZE), SQLPOINTER(bitPattern: block), 0)) else {
            throw failure(.configure)
        }
        let fetched = UnsafeMutablePointer<SQLULEN>.allocate(capacity: 1)
        fetched.initialize(to: 0)
        defer { fetched.deallocate() }
        guard succeeded(SQLSetStmtAttr(handle.pointer, SQLINTEGER(SQL_ATTR_ROWS_FETCHED_PTR), SQLPOINTER(fetched), 0)) else {
            throw failure(.configure)
        }
        var buffers: [UnsafeMutableRawPointer] = []
        var indicators: [UnsafeMutablePointer<SQLLEN>] = []
        defer {
            SQLFreeStmt(handle.pointer, SQLUSMALLINT(SQL_UNBIND))
            buffers.forEach { $0.deallocate() }
            indicators.forEach { $0.deallocate() }
        }
        for (index, column) in columns.enumerated() {
            // Room for the text of a number or a short string; a longer value is cut, having been received.
            let width = min(max(column.size + 3, 32), 1_024)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: width * block, alignment: 8)
            let indicator = UnsafeMutablePointer<SQLLEN>.allocate(capacity: block)
            buffers.append(buffer)
            indicators.append(indicator)
            guard succeeded(SQLBindCol(handle.pointer, SQLUSMALLINT(index + 1), SQLSMALLINT(SQL_C_CHAR), buffer, SQLLEN(width), indicator)) else {
                throw failure(.describe)
            }
        }
        var rows = 0
        while true {
            let code = SQLFetch(handle.pointer)
            if code == SQLRETURN(SQL_NO_DATA) { break }
            guard succeeded(code) else { throw failure(.fetch) }
            rows += Int(fetched.pointee)
            if rows > cap { throw FetchCap(cap: cap) }
        }
        return (rows, columns.count)
    }

    /// Runs the statement and hands each row to `row` as text (nil is SQL NULL), after `described` got the columns.
    func run(_ sql: String, timeoutSeconds: Int, described: ([ODBCColumn]) throws -> Void = { _ in }, maxValueBytes: Int = Int.max,
             row: ([String?]) throws -> Void) throws -> [String] {
        let columns = try execute(sql, timeoutSeconds: timeoutSeconds)
        try described(columns)
        let names = columns.map(\.name)
        let columnCount = names.count
        guard columnCount > 0 else { return names }
        var buffer = [SQLCHAR](repeating: 0, count: 8192)
        var values = [String?](repeating: nil, count: Int(columnCount))
        while true {
            let fetched = SQLFetch(handle.pointer)
            if fetched == SQLRETURN(SQL_NO_DATA) { break }
            guard succeeded(fetched) else { throw failure(.fetch) }
            for column in 0..<Int(columnCount) {
                values[column] = try readColumn(column + 1, buffer: &buffer, maxBytes: maxValueBytes)
            }
            try row(values)
        }
        return names
    }

    /// SQLGetData as SQL_C_CHAR, in pieces when a value is longer than the buffer (01004).
    private func readColumn(_ column: Int, buffer: inout [SQLCHAR], maxBytes: Int) throws -> String? {
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
            if collected.count > maxBytes { throw ValueTooLarge(limit: maxBytes) }
            if code == SQLRETURN(SQL_SUCCESS) { break }
        }
        return String(decoding: collected, as: UTF8.self)
    }
}

/// A result column as the driver describes it: its name, size (characters for text, precision for numbers), ODBC SQL
/// type (`SQL_DECIMAL`, `SQL_TYPE_TIMESTAMP`, …) and scale (decimal digits).
public struct ODBCColumn: Sendable, Equatable {
    public let name: String
    public let size: Int
    public let sqlType: Int
    public let scale: Int
}

/// A value, or a result read whole, longer than the reader takes: nothing past the limit is kept.
public struct ValueTooLarge: Error, Sendable, CustomStringConvertible {
    public let limit: Int
    public init(limit: Int) { self.limit = limit }
    public var description: String { "the rows' text passed \(limit) bytes, more than the gate reads of them" }
}

/// `--fetch` streamed more rows than its cap.
public struct FetchCap: Error, Sendable, CustomStringConvertible {
    public let cap: Int
    public init(cap: Int) { self.cap = cap }
    public var description: String {
        "the query returned more than \(cap) rows: streaming stopped at the cap (max_fetch_rows); raise it if that many rows are expected"
    }
}
