extension LintRule {
    static let unnamedColumn = LintRule(
        id: .unnamedColumn, severity: .warning,
        summary: "an output column without a name, e.g. `COUNT(*)` with no alias (Msg 8155 once Superset wraps the dataset)",
        doc: "An item of the outermost query's select list (the first query specification of a UNION/EXCEPT/INTERSECT, which names the columns; after any CTE list) that has no name: an expression such as `COUNT(*)`, `a + b`, `CASE … END`, a literal or a scalar subquery without `AS alias`, `alias = expr` or an implicit alias (`expr alias`, `expr 'alias'`). Superset wraps the dataset in a derived table, where SQL Server requires every column to have a name (Msg 8155); PostgreSQL does not, so the local stack cannot catch it. A column reference (`col`, `t.col`) names itself. Select lists that cannot be read with confidence, SELECT … INTO, `SELECT @x = …` and texts of several statements are not checked.")

    static let duplicateColumn = LintRule(
        id: .duplicateColumn, severity: .warning,
        summary: "two output columns with the same name (Msg 8156 in the derived table)",
        doc: "Two items of that select list with the same name (case-insensitive, quotes and brackets stripped; `t.a` and `u.a` both name `a`; `*` items are ignored), reported at the second. SQL Server rejects duplicate names in a derived table (Msg 8156).")
}

extension SQLLint {
    /// What a select-list item contributes to the column names of a derived table.
    enum ColumnName: Equatable {
        case named(String)      // the name as written, quotes and brackets stripped
        case unnamed            // an expression without alias (Msg 8155)
        case star               // `*` or `t.*`
        case unknown            // not read with confidence: never reported
        case assignment         // `@x = …`: the statement assigns variables and returns no rows
    }

    /// T-SQL reserved words that can neither be an unquoted alias nor a column reference on their own.
    static var reservedWords: Set<String> { SQLStructure.reservedWords }
    /// Keywords that stand alone as an unnamed value.
    static let niladicValues: Set<String> = ["NULL", "CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "USER"]
    /// Reserved words after which the next word continues the expression rather than aliasing it.
    static let operatorWords: Set<String> = ["AND", "OR", "NOT", "IS", "LIKE", "IN", "BETWEEN", "CASE", "WHEN", "THEN",
                                             "ELSE", "COLLATE", "ESCAPE", "EXISTS", "ALL", "ANY", "SOME", "DISTINCT",
                                             "OVER", "FOR", "AS", "ON", "BY"]

    /// Whether the word at `index` is an operator word, so that the next word continues the expression: the
    /// reserved `operatorWords`, and the unreserved words of `NEXT VALUE FOR` and `AT TIME ZONE` in those phrases
    /// only (`value`, `time` and `at` are common column names: `SELECT value v FROM STRING_SPLIT(…)`).
    static func isOperatorWord(_ item: [SQLToken], _ index: Int) -> Bool {
        guard let word = item[index].keyword else { return false }
        let previous = index > 0 ? item[index - 1] : nil
        let next = index + 1 < item.count ? item[index + 1] : nil
        switch word {
        case "NEXT": return next?.isKeyword("VALUE") == true
        case "VALUE": return previous?.isKeyword("NEXT") == true
        case "AT": return next?.isKeyword("TIME") == true
        case "TIME": return previous?.isKeyword("AT") == true
        case "ZONE": return previous?.isKeyword("TIME") == true
        default: return operatorWords.contains(word)
        }
    }
    static let comparisonSymbols: Set<String> = ["=", "<", ">", "<>", "!=", "<=", ">=", "!<", "!>"]
    static let assignmentSymbols: Set<String> = ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="]

    /// A word that can be a name on its own: not reserved, not a `@variable`.
    static func isPlainName(_ token: SQLToken) -> Bool {
        switch token.kind {
        case .quotedIdentifier: return true
        case .word: return !token.text.hasPrefix("@") && !reservedWords.contains(token.text.uppercased())
        default: return false
        }
    }

    /// A token that can be a column alias: a plain name or a string (`expr 'alias'` is legal T-SQL).
    static func isAlias(_ token: SQLToken) -> Bool { isPlainName(token) || token.kind == .string }

    /// `a`, `t.a`, `[s].[t].[a]`, `db..t.a`, `t.*`, `*`: the name (or star) a column reference gives, else nil.
    static func columnReference(_ item: [SQLToken]) -> ColumnName? {
        if item.count == 1, item[0].isSymbol("*") { return .star }
        guard let first = item.first, isPlainName(first) else { return nil }
        var index = 1
        while index < item.count {
            guard item[index].isSymbol(".") else { return nil }
            while index < item.count, item[index].isSymbol(".") { index += 1 }
            guard index < item.count else { return nil }
            if item[index].isSymbol("*") { return index == item.count - 1 ? .star : nil }
            // Words after `.` are quoted identifiers in the code tokens.
            guard item[index].kind == .quotedIdentifier || item[index].kind == .word else { return nil }
            index += 1
        }
        return .named(item[item.count - 1].spelledName)
    }

    /// The column name one select-list item gives its derived table.
    static func columnName(_ item: [SQLToken]) -> ColumnName {
        guard let first = item.first, let last = item.last else { return .unknown }
        let count = item.count
        let depths = SQLStructure.depths(item)
        /// A comparison or COLLATE outside CASE … END from `start` on is not plain select-list syntax here.
        func hasStrayOperator(from start: Int) -> Bool {
            var caseDepth = 0
            for index in start..<count where depths[index] == 0 {
                let token = item[index]
                if token.isKeyword("CASE") { caseDepth += 1 }
                if token.isKeyword("END") { caseDepth = max(0, caseDepth - 1) }
                if token.isKeyword("COLLATE") { return true }
                if caseDepth == 0, token.kind == .symbol, comparisonSymbols.contains(token.text) { return true }
            }
            return false
        }
        // `@x = expr` assigns; `alias = expr` names (T-SQL).
        if count >= 2, item[1].kind == .symbol, assignmentSymbols.contains(item[1].text) {
            if first.kind == .word, first.text.hasPrefix("@") { return .assignment }
            if count >= 3, item[1].isSymbol("="), isAlias(first), !hasStrayOperator(from: 2) { return .named(first.spelledName) }
            return .unknown
        }
        // An item that starts with an operator word (`NOT a`, `EXISTS (…)`) is not a select-list expression.
        if !first.isKeyword("CASE"), first.keyword.map(operatorWords.contains) == true { return .unknown }
        // `expr AS alias`; an AS anywhere else at depth 0 is beyond this reading.
        let asIndices = item.indices.filter { depths[$0] == 0 && item[$0].isKeyword("AS") }
        if !asIndices.isEmpty {
            guard asIndices == [count - 2], isAlias(last) else { return .unknown }
            return .named(last.spelledName)
        }
        if let reference = columnReference(item) { return reference }
        if count == 1 {
            if first.kind == .number || first.kind == .string { return .unnamed }
            if first.kind == .word, first.text.hasPrefix("@") { return .unnamed }
            if let keyword = first.keyword, niladicValues.contains(keyword) { return .unnamed }
            return .unknown
        }
        // A comparison or COLLATE outside CASE … END: stay silent.
        if hasStrayOperator(from: 0) { return .unknown }
        // `expr alias`, `expr [alias]`, `expr 'alias'`.
        let previous = item[count - 2]
        if isAlias(last) {
            let endsExpression: Bool
            switch previous.kind {
            case .number, .string, .quotedIdentifier: endsExpression = true
            case .symbol: endsExpression = previous.isSymbol(")")
            case .word: endsExpression = !isOperatorWord(item, count - 2)
            default: endsExpression = false
            }
            if endsExpression { return .named(last.spelledName) }
        }
        // Unary plus and a parenthesised column reference are left alone: whether they keep the name is unsure.
        if first.isSymbol("+") { return .unknown }
        let matches = first.isSymbol("(") ? SQLStructure.matches(item) : []
        if first.isSymbol("("), matches[0] == count - 1 {
            // Peeled by indices: copying the inside once per level would cost the depth times the length.
            var (open, close) = (1, count - 2)
            while open < close, item[open].isSymbol("("), matches[open] == close {
                open += 1
                close -= 1
            }
            let inner = open <= close ? Array(item[open...close]) : []
            if inner.first?.isKeyword("SELECT") == true { return .unnamed }
            if inner.isEmpty || columnReference(inner) != nil { return .unknown }
            return .unnamed
        }
        // An expression: it must end like one.
        switch last.kind {
        case .number, .string, .quotedIdentifier: return .unnamed
        case .symbol: return last.isSymbol(")") ? .unnamed : .unknown
        case .word:
            let word = last.text.uppercased()
            if word == "END" || niladicValues.contains(word) || last.text.hasPrefix("@") { return .unnamed }
            return reservedWords.contains(word) || isOperatorWord(item, count - 1) ? .unknown : .unnamed
        default: return .unknown
        }
    }

    static let longestReadItem = 100_000

    /// `unnamed-column` and `duplicate-column` findings for a statement's outermost select list.
    static func selectListFindings(_ statement: [SQLToken]) -> [(token: SQLToken, message: String, rule: LintRule)] {
        guard let items = SQLStructure.outerSelectList(statement) else { return [] }
        // An item of more than `longestReadItem` tokens is generated text, not a name to check: reading it would copy
        // it, doubling the lint's memory for a query of one huge expression.
        let names = items.map { $0.count > longestReadItem ? .unknown : columnName(Array(statement[$0])) }
        if names.contains(.assignment) { return [] }
        var found: [(token: SQLToken, message: String, rule: LintRule)] = []
        var seen: Set<String> = []
        var reported: Set<String> = []
        for (position, (range, name)) in zip(items, names).enumerated() {
            let token = statement[range.lowerBound]
            switch name {
            case .unnamed:
                found.append((token, "column \(position + 1) of the select list has no name: Superset wraps the dataset in a derived "
                    + "table, where SQL Server requires one (Msg 8155); add AS name", .unnamedColumn))
            case .named(let spelled):
                let key = spelled.lowercased()
                if !seen.insert(key).inserted, !reported.contains(key) {
                    reported.insert(key)
                    found.append((token, "column name '\(spelled)' appears twice in the select list: SQL Server rejects duplicate "
                        + "names in a derived table (Msg 8156); alias one of them", .duplicateColumn))
                }
            case .star, .unknown, .assignment:
                break
            }
        }
        return found
    }
}

/// Unnamed and duplicate columns of the outermost select list, on a text of one statement.
enum ColumnNameRule: StatementRule {
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool {
        // A text of several statements is already refused, and `SELECT 1; SELECT 2` would drown the one finding that
        // matters in warnings.
        guard statement.isWholeText else { return false }
        for finding in SQLLint.selectListFindings(statement.tokens) {
            findings.report(finding.token, finding.message, finding.rule)
        }
        return false
    }
}
