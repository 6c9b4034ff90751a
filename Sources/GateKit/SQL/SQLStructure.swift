/// Structural helpers over the code tokens of one statement (comments removed).
enum SQLStructure {
    /// T-SQL reserved words that can neither be an unquoted alias nor a column reference on their own.
    static let reservedWords: Set<String> = [
        "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CHECK", "COLLATE", "COLUMN",
        "CONSTRAINT", "CONVERT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
        "CURRENT_USER", "DEFAULT", "DELETE", "DESC", "DISTINCT", "ELSE", "END", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE",
        "EXISTS", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN",
        "LEFT", "LIKE", "NOT", "NULL", "NULLIF", "OF", "ON", "OPTION", "OR", "ORDER", "OUTER", "OVER", "PERCENT",
        "PIVOT", "RIGHT", "SELECT", "SESSION_USER", "SET", "SOME", "SYSTEM_USER", "TABLE", "THEN", "TOP", "UNION",
        "UNPIVOT", "UPDATE", "USER", "VALUES", "WHEN", "WHERE", "WITH", "WITHIN",
    ]

    /// The code tokens of a query: comments dropped, and a word right after `.` (`t.[order]` written
    /// `t.order`, `geography::Point`) read as a name, never as a keyword.
    /// Works in place on the array it is given (a query's tokens are its largest structure: no second copy).
    static func code(_ code: consuming [SQLToken]) -> [SQLToken] {
        code.removeAll { $0.isComment }
        for index in code.indices.dropFirst() where code[index].kind == .word && (code[index - 1].isSymbol(".") || code[index - 1].isSymbol("::")) {
            let token = code[index]
            code[index] = SQLToken(kind: .quotedIdentifier, text: token.text, start: token.start, end: token.end,
                                   line: token.line, column: token.column)
        }
        return code
    }

    /// For each `(` the index of its `)` and for each `)` that of its `(`; -1 for other tokens and unbalanced ones.
    /// One pass, so that code asking for many matches stays linear (`matchingParen` scans to the match).
    static func matches(_ code: [SQLToken]) -> [Int] {
        var matches = [Int](repeating: -1, count: code.count)
        var open: [Int] = []
        for (index, token) in code.enumerated() {
            if token.isSymbol("(") { open.append(index) }
            if token.isSymbol(")"), let start = open.popLast() {
                matches[start] = index
                matches[index] = start
            }
        }
        return matches
    }

    /// The lint's limit on parenthesis nesting: deeper text is refused before any rule reads it. Hand-written SQL
    /// nests a few dozen levels; SQL Server itself gives up far below (Msg 191, "some part of your SQL statement is
    /// nested too deeply"), so a deeper query could not run anyway.
    package static let maximumNestingDepth = 1_000

    /// The first `(` that opens a level past `limit`, if any.
    static func tooDeep(_ code: [SQLToken], limit: Int = maximumNestingDepth) -> SQLToken? {
        var depth = 0
        for token in code {
            if token.isSymbol("(") {
                depth += 1
                if depth > limit { return token }
            } else if token.isSymbol(")") {
                depth = max(0, depth - 1)
            }
        }
        return nil
    }

    /// Index of the `)` matching the `(` at `open`, or nil when unbalanced.
    static func matchingParen(_ code: [SQLToken], _ open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < code.count {
            if code[index].isSymbol("(") { depth += 1 }
            if code[index].isSymbol(")") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// For a `WITH` at `withIndex`, the index of the first token after the CTE list
    /// (`WITH a AS (...), b (x, y) AS (...)`), or nil when this is not a well-formed CTE list.
    /// `WITH XMLNAMESPACES ('uri' AS ns)` may stand first in the list, alone or before CTEs.
    static func cteListEnd(_ code: [SQLToken], _ withIndex: Int) -> Int? {
        var index = withIndex + 1
        if index + 1 < code.count, code[index].isKeyword("XMLNAMESPACES"), code[index + 1].isSymbol("("),
           let close = matchingParen(code, index + 1) {
            index = close + 1
            guard index < code.count, code[index].isSymbol(",") else { return index }
            index += 1
        }
        while true {
            guard index < code.count, code[index].kind == .word || code[index].kind == .quotedIdentifier else { return nil }
            index += 1
            if index < code.count, code[index].isSymbol("(") {
                guard let close = matchingParen(code, index) else { return nil }
                index = close + 1
            }
            guard index < code.count, code[index].isKeyword("AS") else { return nil }
            index += 1
            guard index < code.count, code[index].isSymbol("("), let close = matchingParen(code, index) else { return nil }
            index = close + 1
            if index < code.count, code[index].isSymbol(",") {
                index += 1
                continue
            }
            return index
        }
    }

    /// Whether a `WITH` at `index` starts a CTE list (`WITH name AS (` or `WITH name (cols) AS (`),
    /// as opposed to `WITH (NOLOCK)`, `WITH TIES`, `WITH ROLLUP` and the like.
    static func startsCTEList(_ code: [SQLToken], _ index: Int) -> Bool {
        guard code[index].isKeyword("WITH") else { return false }
        return cteListEnd(code, index) != nil
    }

    /// The depth (parenthesis nesting) of every token.
    static func depths(_ code: [SQLToken]) -> [Int] {
        var depth = 0
        return code.map { token in
            if token.isSymbol(")") { depth = max(0, depth - 1) }
            let current = depth
            if token.isSymbol("(") { depth += 1 }
            return current
        }
    }
}

extension SQLStructure {
    /// Keywords that end a select list at depth 0 (FOR only before XML, JSON or BROWSE; GROUP not after WITHIN).
    static let selectListEnds: Set<String> = ["FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "EXCEPT",
                                              "INTERSECT", "OPTION", "FOR", "WINDOW"]

    /// The items of the select list that names the columns of a statement's outermost query: the first query
    /// specification after any CTE list (the first branch of a UNION/EXCEPT/INTERSECT, inside its parentheses
    /// when it has them), from after `SELECT [ALL|DISTINCT] [TOP … [PERCENT] [WITH TIES]]` to the first depth-0
    /// clause keyword, split at depth-0 commas. Each item is a range of `statement` indices. Nil when the
    /// statement is no SELECT, the query selects INTO a table, or the list cannot be read with confidence.
    static func outerSelectList(_ statement: [SQLToken]) -> [Range<Int>]? {
        var start = 0
        var end = statement.count
        if let first = statement.first, first.isKeyword("WITH") {
            guard let listEnd = cteListEnd(statement, 0) else { return nil }
            start = listEnd
        }
        // `(SELECT …)` or `((SELECT …) UNION …)`: the first query specification is inside.
        let matches = statement.contains { $0.isSymbol("(") } ? matches(statement) : []
        while start < end, statement[start].isSymbol("(") {
            let close = matches[start]
            guard close >= 0, close < end else { return nil }
            start += 1
            end = close
        }
        guard start < end, statement[start].isKeyword("SELECT") else { return nil }
        var index = start + 1
        if index < end, statement[index].isKeyword("ALL") || statement[index].isKeyword("DISTINCT") { index += 1 }
        if index < end, statement[index].isKeyword("TOP") {
            index += 1
            guard index < end else { return nil }
            if statement[index].isSymbol("(") {
                let close = matches[index]
                guard close >= 0, close < end else { return nil }
                index = close + 1
            } else if statement[index].kind == .number {
                index += 1
            } else {
                return nil
            }
            if index < end, statement[index].isKeyword("PERCENT") { index += 1 }
            if index + 1 < end, statement[index].isKeyword("WITH"), statement[index + 1].isKeyword("TIES") { index += 2 }
        }
        var items: [Range<Int>] = []
        var itemStart = index
        var depth = 0
        scan: while index < end {
            let token = statement[index]
            if token.isSymbol("(") {
                depth += 1
            } else if token.isSymbol(")") {
                depth -= 1
                guard depth >= 0 else { return nil }
            } else if depth == 0 {
                if token.isSymbol(",") {
                    items.append(itemStart..<index)
                    itemStart = index + 1
                } else if token.isSymbol(";") {
                    break scan
                } else if let keyword = token.keyword, selectListEnds.contains(keyword) {
                    let previous = index > start ? statement[index - 1] : nil
                    let next = index + 1 < end ? statement[index + 1] : nil
                    switch keyword {
                    case "GROUP" where previous?.isKeyword("WITHIN") == true:
                        break
                    case "FOR" where !(next.map { $0.isKeyword("XML") || $0.isKeyword("JSON") || $0.isKeyword("BROWSE") } ?? false):
                        // `NEXT VALUE FOR seq` is an expression; any other FOR is beyond this reading.
                        guard previous?.isKeyword("VALUE") == true else { return nil }
                    case "INTO":
                        return nil
                    default:
                        break scan
                    }
                }
            }
            index += 1
        }
        items.append(itemStart..<index)
        guard items.allSatisfy({ !$0.isEmpty }) else { return nil }
        return items
    }
}
