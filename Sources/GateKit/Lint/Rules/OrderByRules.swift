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
    static func outerOrderBy(_ statement: [SQLToken]) -> SQLToken? { orderBys(statement).outer }

    /// The ORDER tokens of ORDER BYs in parenthesised queries inside the statement (CTE bodies, derived
    /// tables, subqueries, parenthesised set-operation branches) that no TOP, OFFSET or FOR XML/JSON exempts.
    /// The parentheses that wrap the whole main query are the outermost query's (`outer-order-by`), and
    /// parentheses that hold no query (OVER, WITHIN GROUP, WINDOW, function arguments) are skipped.
    static func subqueryOrderBys(_ statement: [SQLToken]) -> [SQLToken] { orderBys(statement).subqueries }

    /// What one query expression (the outermost, or one in parentheses) has seen so far at its own depth, for
    /// `orderBys`: the last ORDER BY and what exempts it, read in a single pass.
    private struct QueryScope {
        /// Whether the scope is a query at all (parentheses of a function call or OVER are not).
        var isQuery: Bool
        var sawSelect = false
        var hasTop = false
        var hasSetOperator = false
        var order: Int?
        var exemptByFor = false
        /// The first `OFFSET` after the last ORDER BY that could start `OFFSET n ROWS`.
        var offset: Int?

        /// The ORDER token unless TOP (in a single query specification), OFFSET … ROWS or FOR XML/JSON exempts it;
        /// `lastRows` is the last ROW/ROWS token seen up to the scope's end.
        func unexempt(_ code: [SQLToken], lastRows: Int) -> SQLToken? {
            guard isQuery, let order else { return nil }
            if exemptByFor { return nil }
            if let offset, lastRows > offset { return nil }
            // TOP exempts a single query specification; with UNION/EXCEPT/INTERSECT the ORDER BY belongs
            // to the whole set operation, which a TOP inside one branch does not cover.
            if !hasSetOperator, hasTop { return nil }
            return code[order]
        }
    }

    /// Both order-by rules in one pass over the statement, linear in its length whatever the nesting (reading each
    /// parenthesised query on its own would cost its length once per level around it).
    static func orderBys(_ statement: [SQLToken]) -> (outer: SQLToken?, subqueries: [SQLToken]) {
        var mainStart = 0
        if let first = statement.first, first.isKeyword("WITH"), let end = SQLStructure.cteListEnd(statement, 0) {
            mainStart = end
        }
        let matches = SQLStructure.matches(statement)
        // Parentheses wrapping the whole main query, `((SELECT … ORDER BY a))`: the innermost holds the outermost query.
        var wrappers: Set<Int> = []
        var open = mainStart
        var close = statement.count - 1
        while open < close, statement[open].isSymbol("("), matches[open] == close {
            wrappers.insert(open)
            open += 1
            close -= 1
        }
        let outerOpen = wrappers.isEmpty ? nil : open - 1

        var scopes: [(open: Int?, scope: QueryScope)] = [(nil, QueryScope(isQuery: true))]
        var subqueries: [SQLToken] = []
        var outer: SQLToken?
        var lastRows = -1
        var firstAfterOpens = (run: -1, index: -1)
        for (index, token) in statement.enumerated() {
            if token.isKeyword("ROW") || token.isKeyword("ROWS") { lastRows = index }
            if token.isSymbol("(") {
                // `(`, `((`: a query when the first token after the run of `(` is SELECT (computed once a run).
                if firstAfterOpens.run != index - 1 || index == 0 {
                    var next = index + 1
                    while next < statement.count, statement[next].isSymbol("(") { next += 1 }
                    firstAfterOpens.index = next
                }
                firstAfterOpens.run = index
                let previous = index > 0 ? statement[index - 1] : nil
                let window = previous?.isKeyword("OVER") == true
                    || (previous?.isKeyword("GROUP") == true && index > 1 && statement[index - 2].isKeyword("WITHIN"))
                let holdsQuery = !window && firstAfterOpens.index < statement.count && statement[firstAfterOpens.index].isKeyword("SELECT")
                scopes.append((index, QueryScope(isQuery: holdsQuery)))
                continue
            }
            if token.isSymbol(")") {
                guard scopes.count > 1, let (open, scope) = scopes.popLast() else { continue }
                if let open, open == outerOpen {
                    // The main query in its parentheses: a query whatever its first token.
                    var main = scope
                    main.isQuery = true
                    outer = main.unexempt(statement, lastRows: lastRows)
                } else if let open, !wrappers.contains(open), let order = scope.unexempt(statement, lastRows: lastRows) {
                    subqueries.append(order)
                }
                continue
            }
            // The outermost query starts after the CTE list.
            if scopes.count == 1, index < mainStart { continue }
            var scope = scopes[scopes.count - 1].scope
            if let keyword = token.keyword {
                if SQLStatements.setOperators.contains(keyword) { scope.hasSetOperator = true }
                if keyword == "SELECT", !scope.sawSelect {
                    scope.sawSelect = true
                    var next = index + 1
                    while next < statement.count, statement[next].isKeyword("ALL") || statement[next].isKeyword("DISTINCT") { next += 1 }
                    scope.hasTop = next < statement.count && statement[next].isKeyword("TOP")
                }
                if keyword == "ORDER", index + 1 < statement.count, statement[index + 1].isKeyword("BY") {
                    scope.order = index
                    scope.exemptByFor = false
                    scope.offset = nil
                } else if scope.order != nil {
                    // `OFFSET n ROWS`; OFFSET is not reserved, so `ORDER BY offset` names a column.
                    if keyword == "OFFSET", scope.offset == nil, !(statement[index - 1].isKeyword("BY") || statement[index - 1].isSymbol(",")) {
                        scope.offset = index
                    }
                    if keyword == "FOR", index + 1 < statement.count,
                       statement[index + 1].isKeyword("XML") || statement[index + 1].isKeyword("JSON") { scope.exemptByFor = true }
                }
            }
            scopes[scopes.count - 1].scope = scope
        }
        if outerOpen == nil { outer = scopes.first?.scope.unexempt(statement, lastRows: lastRows) }
        return (outer, subqueries)
    }
}

/// ORDER BY of the outermost query, and in subqueries and CTEs, read in one pass.
enum OrderByRule: StatementRule {
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool {
        let orders = SQLLint.orderBys(statement.tokens)
        if let order = orders.outer {
            // Every SELECT statement is checked, so `DECLARE …; SELECT … ORDER BY x` shows both problems.
            findings.report(order, "ORDER BY on the outermost query: Superset wraps the dataset in a derived table, where SQL Server "
                + "rejects ORDER BY unless TOP, OFFSET, FOR XML or FOR JSON is present (Msg 1033); remove it and sort in the chart",
                .outerOrderBy)
        }
        for order in orders.subqueries {
            findings.report(order, "ORDER BY in a subquery or CTE without TOP, OFFSET or FOR XML: SQL Server rejects it (Msg 1033); "
                + "remove it or add TOP/OFFSET", .orderByInSubquery)
        }
        return false
    }
}
