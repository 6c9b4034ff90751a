extension LintRule {
    static let outerOrderBy = LintRule(
        id: .outerOrderBy, severity: .error,
        summary: "ORDER BY of the outermost query (after any CTE list; for UNION/EXCEPT/INTERSECT the trailing ORDER BY belongs to the whole set) without TOP, OFFSET … FETCH, FOR XML or FOR JSON. ORDER BY inside `OVER (…)` or `WITHIN GROUP (…)` is fine; inside a CTE or subquery it is a warning (below).",
        doc: "Superset wraps a dataset as `SELECT … FROM (<sql>) AS virtual_table`, and SQL Server rejects an ORDER BY in a derived table (Msg 1033): every chart on the dataset breaks. FOR BROWSE is no exemption; for UNION/EXCEPT/INTERSECT the trailing ORDER BY belongs to the whole set operation, so a TOP in one branch does not cover it. Every SELECT statement of the text is checked.")

    static let orderByInSubquery = LintRule(
        id: .orderByInSubquery, severity: .warning,
        summary: "ORDER BY in a CTE, derived table or subquery without TOP, OFFSET or FOR XML (Msg 1033)",
        doc: "ORDER BY in a CTE body, derived table or subquery (any parenthesised query inside the statement) without TOP in that same query specification, OFFSET … ROWS, FOR XML or FOR JSON. SQL Server rejects it (Msg 1033). ORDER BY inside OVER (…), WITHIN GROUP (…) and a WINDOW definition is not a query's ORDER BY and is never reported.")
}

extension SQLLint {
    /// The ORDER token of an ORDER BY that belongs to the outermost query and is not exempt.
    static func outerOrderBy(_ statement: [SQLToken]) -> SQLToken? {
        var code = statement
        if let first = code.first, first.isKeyword("WITH"), let end = SQLStructure.cteListEnd(code, 0) {
            code = Array(code[end...])
        }
        // `(SELECT … ORDER BY …)` as the whole query: look inside the parentheses.
        while let first = code.first, first.isSymbol("("), let close = SQLStructure.matchingParen(code, 0), close == code.count - 1 {
            code = Array(code[1..<close])
        }
        return unexemptOrderBy(code)
    }

    /// The ORDER tokens of ORDER BYs in parenthesised queries inside the statement (CTE bodies, derived
    /// tables, subqueries, parenthesised set-operation branches) that no TOP, OFFSET or FOR XML/JSON exempts.
    /// The parentheses that wrap the whole main query are the outermost query's (`outer-order-by`), and
    /// parentheses that hold no query (OVER, WITHIN GROUP, WINDOW, function arguments) are skipped.
    static func subqueryOrderBys(_ statement: [SQLToken]) -> [SQLToken] {
        var mainStart = 0
        if let first = statement.first, first.isKeyword("WITH"), let end = SQLStructure.cteListEnd(statement, 0) {
            mainStart = end
        }
        // Parentheses wrapping the whole main query: `((SELECT … ORDER BY a))`.
        var wrappers: Set<Int> = []
        var open = mainStart
        var close = statement.count - 1
        while open < close, statement[open].isSymbol("("), SQLStructure.matchingParen(statement, open) == close {
            wrappers.insert(open)
            open += 1
            close -= 1
        }
        var found: [SQLToken] = []
        for index in statement.indices where statement[index].isSymbol("(") && !wrappers.contains(index) && holdsQuery(statement, index) {
            guard let close = SQLStructure.matchingParen(statement, index) else { continue }
            if let order = unexemptOrderBy(Array(statement[(index + 1)..<close])) { found.append(order) }
        }
        return found
    }

    /// Whether the parentheses opening at `open` hold a query: `(SELECT …`, or `((SELECT …) UNION …`.
    /// A window specification or WITHIN GROUP starts with PARTITION, ORDER, ROWS/RANGE or a window name.
    static func holdsQuery(_ code: [SQLToken], _ open: Int) -> Bool {
        if open > 0, code[open - 1].isKeyword("OVER") { return false }
        if open > 1, code[open - 1].isKeyword("GROUP"), code[open - 2].isKeyword("WITHIN") { return false }
        var index = open + 1
        while index < code.count, code[index].isSymbol("(") { index += 1 }
        return index < code.count && code[index].isKeyword("SELECT")
    }

    /// The ORDER token of the last ORDER BY at depth 0 of one query expression, unless TOP (in a single query
    /// specification), OFFSET … ROWS, FOR XML or FOR JSON exempts it.
    static func unexemptOrderBy(_ code: [SQLToken]) -> SQLToken? {
        let depths = SQLStructure.depths(code)
        var orderIndex: Int?
        var hasSetOperator = false
        for index in code.indices where depths[index] == 0 {
            if let keyword = code[index].keyword, SQLStatements.setOperators.contains(keyword) { hasSetOperator = true }
            if code[index].isKeyword("ORDER"), index + 1 < code.count, code[index + 1].isKeyword("BY") { orderIndex = index }
        }
        guard let orderIndex else { return nil }
        for index in orderIndex..<code.count where depths[index] == 0 {
            // `OFFSET n ROWS`; OFFSET is not reserved, so `ORDER BY offset` names a column.
            if code[index].isKeyword("OFFSET"), !(code[index - 1].isKeyword("BY") || code[index - 1].isSymbol(",")),
               code[(index + 1)...].contains(where: { $0.isKeyword("ROW") || $0.isKeyword("ROWS") }) { return nil }
            if code[index].isKeyword("FOR"), index + 1 < code.count,
               code[index + 1].isKeyword("XML") || code[index + 1].isKeyword("JSON") { return nil }
        }
        // TOP exempts a single query specification; with UNION/EXCEPT/INTERSECT the ORDER BY belongs
        // to the whole set operation, which a TOP inside one branch does not cover.
        if !hasSetOperator, hasTop(code, depths) { return nil }
        return code[orderIndex]
    }

    static func hasTop(_ code: [SQLToken], _ depths: [Int]) -> Bool {
        guard let select = code.indices.first(where: { depths[$0] == 0 && code[$0].isKeyword("SELECT") }) else { return false }
        var index = select + 1
        while index < code.count, code[index].isKeyword("ALL") || code[index].isKeyword("DISTINCT") { index += 1 }
        return index < code.count && code[index].isKeyword("TOP")
    }
}
