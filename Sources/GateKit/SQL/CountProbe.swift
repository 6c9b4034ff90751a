/// A row-count probe for a dataset query, with the CTE list hoisted out of the derived table.
///
/// `SELECT COUNT(*) FROM (<sql>) t` is invalid T-SQL when `<sql>` starts with `WITH`: a CTE cannot
/// live inside a derived table. So the list is split off and put in front, the way Superset's MSSQL
/// engine does it: `WITH <ctes> SELECT COUNT(*) FROM (<main select>) AS <alias>`.
/// A trailing `OPTION (…)` query hint (say `MAXRECURSION` for a recursive CTE) cannot live in a
/// derived table either, so it moves to the end of the probe.
package struct CountProbe: Sendable, Equatable {
    /// `WITH a AS (...), b AS (...)`, verbatim, or nil when the query has none.
    package let cteList: String?
    /// The main SELECT, verbatim, without trailing semicolons (and without a trailing OPTION clause).
    package let mainSelect: String
    package let alias: String
    /// The query's trailing `OPTION (...)` clause, verbatim, or nil when it has none.
    package var optionClause: String? = nil
    /// The query as it should be streamed: CTE list, main SELECT and OPTION clause, verbatim from the
    /// first code token to the last, i.e. the original statement without comments before or after it
    /// and without leading or trailing `;` and `GO`.
    package var fetchSQL: String

    /// `fetchSQL` defaults to the parts joined by line breaks when not given.
    package init(cteList: String?, mainSelect: String, alias: String, optionClause: String? = nil, fetchSQL: String? = nil) {
        self.cteList = cteList
        self.mainSelect = mainSelect
        self.alias = alias
        self.optionClause = optionClause
        self.fetchSQL = fetchSQL ?? [cteList, mainSelect, optionClause].compactMap { $0 }.joined(separator: "\n")
    }

    package var sql: String {
        var count = "SELECT COUNT(*) AS row_count FROM (\n\(mainSelect)\n) AS \(alias)"
        if let optionClause { count += "\n\(optionClause)" }
        return cteList.map { "\($0)\n\(count)" } ?? count
    }
}

package struct ProbeWrapperError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}

package enum ProbeWrapper {
    package static func countProbe(for sql: String, alias: String = "gate_probe") throws(ProbeWrapperError) -> CountProbe {
        let tokens: [SQLToken]
        do { tokens = try SQLLexer.tokenize(sql) } catch {
            throw ProbeWrapperError(message: "line \(error.line):\(error.column): \(error.message)")
        }
        var code = SQLStructure.code(tokens)
        // Leading `;` (as in `;WITH`) or `GO`, and trailing `;` or a trailing `GO` batch separator are not part of the query.
        // The leading ones are counted first and removed at once: one removal each would cost the text's length each.
        var leading = 0
        while leading < code.count {
            if code[leading].isSymbol(";") { leading += 1; continue }
            if let end = SQLStatements.batchSeparatorEnd(code, leading, textStart: leading) { leading = end; continue }
            break
        }
        code.removeFirst(leading)
        while let last = code.last {
            if last.isSymbol(";") { code.removeLast(); continue }
            if let go = trailingBatchSeparator(code) { code.removeSubrange(go...); continue }
            break
        }
        guard let first = code.first, var last = code.last else {
            throw ProbeWrapperError(message: "the query is empty")
        }
        let bytes = Array(sql.utf8)
        func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

        var mainIndex = 0
        var cteList: String?
        if first.isKeyword("WITH") {
            guard let end = SQLStructure.cteListEnd(code, 0), end < code.count else {
                throw ProbeWrapperError(message: "line \(first.line):\(first.column): could not find where the WITH list ends and the main SELECT begins")
            }
            mainIndex = end
            cteList = text(first.start, code[end - 1].end)
        }
        let fetchSQL = text(first.start, last.end)
        var optionClause: String?
        if let option = trailingOptionClause(code, from: mainIndex) {
            optionClause = text(code[option].start, last.end)
            last = code[option - 1]
        }
        // A probe around unbalanced parentheses would not be the query counted: refuse it.
        var open: [SQLToken] = []
        for token in code {
            if token.isSymbol("(") { open.append(token) }
            if token.isSymbol(")") {
                guard open.popLast() != nil else {
                    throw ProbeWrapperError(message: "line \(token.line):\(token.column): a ) that closes nothing")
                }
            }
        }
        if let unclosed = open.last {
            throw ProbeWrapperError(message: "line \(unclosed.line):\(unclosed.column): a ( that is never closed")
        }
        return CountProbe(cteList: cteList, mainSelect: text(code[mainIndex].start, last.end), alias: alias,
                          optionClause: optionClause, fetchSQL: fetchSQL)
    }

    /// Index of a `GO` (or `GO n`) that ends the code, alone on its line.
    static func trailingBatchSeparator(_ code: [SQLToken]) -> Int? {
        var index = code.count - 1
        if index > 0, code[index].kind == .number, code[index - 1].isKeyword("GO"), code[index - 1].line == code[index].line { index -= 1 }
        guard index > 0, code[index].isKeyword("GO"), code[index - 1].line < code[index].line else { return nil }
        return index
    }

    /// Index of the `OPTION` of an `OPTION ( … )` that ends the code at depth 0, after at least one main-query token.
    static func trailingOptionClause(_ code: [SQLToken], from start: Int) -> Int? {
        guard let last = code.last, last.isSymbol(")") else { return nil }
        let depths = SQLStructure.depths(code)
        guard let open = code.indices.last(where: { $0 >= start && depths[$0] == 0 && code[$0].isSymbol("(") }),
              open - 1 > start, code[open - 1].isKeyword("OPTION"),
              SQLStructure.matchingParen(code, open) == code.count - 1 else { return nil }
        return open - 1
    }
}
