/// Structural helpers over the code tokens of one statement (comments removed).
enum SQLStructure {
    /// The code tokens of a query: comments dropped, and a word right after `.` (`t.[order]` written
    /// `t.order`, `geography::Point`) read as a name, never as a keyword.
    static func code(_ tokens: [SQLToken]) -> [SQLToken] {
        var code: [SQLToken] = []
        code.reserveCapacity(tokens.count)
        for token in tokens where !token.isComment {
            if token.kind == .word, let previous = code.last, previous.isSymbol(".") || previous.isSymbol("::") {
                code.append(SQLToken(kind: .quotedIdentifier, text: token.text, start: token.start, end: token.end,
                                     line: token.line, column: token.column))
            } else {
                code.append(token)
            }
        }
        return code
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
