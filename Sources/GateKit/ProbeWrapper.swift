/// A row-count probe for a dataset query, with the CTE list hoisted out of the derived table.
///
/// `SELECT COUNT(*) FROM (<sql>) t` is invalid T-SQL when `<sql>` starts with `WITH`: a CTE cannot
/// live inside a derived table. So the list is split off and put in front, the way Superset's MSSQL
/// engine does it: `WITH <ctes> SELECT COUNT(*) FROM (<main select>) AS <alias>`.
public struct CountProbe: Sendable, Equatable {
    /// `WITH a AS (...), b AS (...)`, verbatim, or nil when the query has none.
    public let cteList: String?
    /// The main SELECT, verbatim, without trailing semicolons.
    public let mainSelect: String
    public let alias: String

    public var sql: String {
        let count = "SELECT COUNT(*) AS row_count FROM (\n\(mainSelect)\n) AS \(alias)"
        return cteList.map { "\($0)\n\(count)" } ?? count
    }
}

public struct ProbeWrapperError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

public enum ProbeWrapper {
    public static func countProbe(for sql: String, alias: String = "gate_probe") throws(ProbeWrapperError) -> CountProbe {
        let tokens: [SQLToken]
        do { tokens = try SQLLexer.tokenize(sql) } catch {
            throw ProbeWrapperError(message: "line \(error.line):\(error.column): \(error.message)")
        }
        var code = tokens.filter { !$0.isComment }
        // Leading `;` (as in `;WITH`) and trailing `;` are not part of the query.
        while let first = code.first, first.isSymbol(";") { code.removeFirst() }
        while let last = code.last, last.isSymbol(";") { code.removeLast() }
        guard let first = code.first, let last = code.last else {
            throw ProbeWrapperError(message: "the query is empty")
        }
        let bytes = Array(sql.utf8)
        func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

        guard first.isKeyword("WITH") else {
            return CountProbe(cteList: nil, mainSelect: text(first.start, last.end), alias: alias)
        }
        guard let mainIndex = SQLStructure.cteListEnd(code, 0), mainIndex < code.count else {
            throw ProbeWrapperError(message: "line \(first.line):\(first.column): could not find where the WITH list ends and the main SELECT begins")
        }
        let cteEnd = code[mainIndex - 1].end
        return CountProbe(cteList: text(first.start, cteEnd), mainSelect: text(code[mainIndex].start, last.end), alias: alias)
    }
}
