/// Static checks that a dataset query is safe to deploy to Superset over SQL Server.
///
/// Rules (ids appear in brackets after each finding):
/// - `outer-order-by`: ORDER BY on the outermost query without TOP, OFFSET … FETCH, FOR XML or FOR JSON.
///   Superset wraps a dataset as `SELECT … FROM (<sql>) AS virtual_table`, and SQL Server rejects
///   such an ORDER BY in a derived table (Msg 1033): every chart on the dataset breaks. FOR BROWSE is
///   no exemption; for UNION/EXCEPT/INTERSECT the trailing ORDER BY belongs to the whole set operation,
///   so a TOP in one branch does not cover it. Every SELECT statement of the text is checked.
/// - `multiple-statements`: a dataset must be exactly one statement.
/// - `write-statement`: INSERT, UPDATE, DELETE, MERGE, DROP, CREATE, ALTER, TRUNCATE, EXEC and the like.
/// - `select-into`: SELECT … INTO creates a table.
/// - `not-a-select`: the statement is not a SELECT (or WITH … SELECT).
/// - `syntax`: unterminated strings, identifiers or comments, unbalanced parentheses, a malformed WITH
///   list, or a WITH list that no SELECT follows.
/// - `empty-query`: nothing but comments and whitespace.
///
/// Warnings (printed, but they do not fail the lint or the gate):
/// - `order-by-in-subquery`: ORDER BY in a CTE body, derived table or subquery (any parenthesised query
///   inside the statement) without TOP in that same query specification, OFFSET … ROWS, FOR XML or
///   FOR JSON. SQL Server rejects it (Msg 1033). ORDER BY inside OVER (…), WITHIN GROUP (…) and a
///   WINDOW definition is not a query's ORDER BY and is never reported.
/// - `batch-separator`: a `GO` line. GO belongs to sqlcmd and SSMS, not T-SQL; Superset sends the
///   dataset verbatim, so the server rejects it. (GO between two statements is also `multiple-statements`.)
/// - `unnamed-column`: an item of the outermost query's select list (the first query specification of a
///   UNION/EXCEPT/INTERSECT, which names the columns; after any CTE list) that has no name: an expression
///   such as `COUNT(*)`, `a + b`, `CASE … END`, a literal or a scalar subquery without `AS alias`,
///   `alias = expr` or an implicit alias (`expr alias`, `expr 'alias'`). Superset wraps the dataset in a
///   derived table, where SQL Server requires every column to have a name (Msg 8155); PostgreSQL does not,
///   so the local stack cannot catch it. A column reference (`col`, `t.col`) names itself. Select lists that
///   cannot be read with confidence, SELECT … INTO, `SELECT @x = …` and texts of several statements are not checked.
/// - `duplicate-column`: two items of that select list with the same name (case-insensitive, quotes and
///   brackets stripped; `t.a` and `u.a` both name `a`; `*` items are ignored), reported at the second.
///   SQL Server rejects duplicate names in a derived table (Msg 8156).
public enum SQLLint {
    public static let rules = ["outer-order-by", "multiple-statements", "write-statement", "select-into",
                               "not-a-select", "syntax", "empty-query", "order-by-in-subquery", "batch-separator",
                               "unnamed-column", "duplicate-column"]
    /// The rules reported with severity `.warning`; all others are errors.
    public static let warningRules: Set<String> = ["order-by-in-subquery", "batch-separator", "unnamed-column",
                                                   "duplicate-column"]

    static let writeKeywords: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "DROP", "CREATE", "ALTER",
                                             "TRUNCATE", "EXEC", "EXECUTE", "GRANT", "REVOKE", "DENY",
                                             "BACKUP", "RESTORE", "DBCC", "REPLACE", "UPSERT", "COPY", "CALL"]
    /// Keywords that can only start a statement, so one at depth 0 mid-statement starts another.
    static let statementKeywords: Set<String> = ["DECLARE", "SET", "USE", "PRINT", "IF", "WHILE", "BEGIN",
                                                 "COMMIT", "ROLLBACK", "RETURN", "WAITFOR", "RAISERROR",
                                                 "THROW", "GO"]
    /// T-SQL's set operators (MINUS is Oracle's and not reserved in T-SQL, so it can be a column name).
    static let setOperators: Set<String> = ["UNION", "EXCEPT", "INTERSECT"]
    /// Statements whose body or source is a SELECT: `INSERT … SELECT`, `CREATE VIEW … AS SELECT`, `GRANT SELECT`.
    static let selectHosts: Set<String> = ["INSERT", "CREATE", "ALTER", "GRANT", "REVOKE", "DENY"]
    /// Object kinds after which `IF EXISTS` belongs to a DROP (`DROP TABLE IF EXISTS #t`).
    static let droppable: Set<String> = ["TABLE", "VIEW", "PROCEDURE", "PROC", "FUNCTION", "INDEX", "SCHEMA", "DATABASE",
                                         "TRIGGER", "SEQUENCE", "SYNONYM", "TYPE", "USER", "ROLE", "STATISTICS",
                                         "COLUMN", "CONSTRAINT", "ASSEMBLY", "DEFAULT", "RULE", "LOGIN"]

    public static func check(_ sql: String, file: String) -> [Diagnostic] {
        let tokens: [SQLToken]
        do {
            tokens = try SQLLexer.tokenize(sql)
        } catch {
            return [Diagnostic(file: file, line: error.line, column: error.column, message: error.message, rule: "syntax")]
        }
        let code = SQLStructure.code(tokens)
        let emptyQuery = { [Diagnostic(file: file, line: 1, column: 1, message: "the query is empty: a dataset must be one SELECT statement", rule: "empty-query")] }
        guard !code.isEmpty else { return emptyQuery() }

        var findings: [Diagnostic] = []
        func report(_ token: SQLToken, _ message: String, _ rule: String) {
            findings.append(Diagnostic(file: file, line: token.line, column: token.column,
                                       severity: warningRules.contains(rule) ? .warning : .error, message: message, rule: rule))
        }

        if let unbalanced = unbalancedParenthesis(code) {
            report(unbalanced, "unbalanced parenthesis", "syntax")
            return findings
        }

        let statements = splitStatements(code)
        // Only `;` or `GO`: nothing to run.
        guard !statements.isEmpty else { return emptyQuery() }
        for go in batchSeparators(code) {
            report(code[go], "GO is a client batch separator, not T-SQL: Superset sends the dataset verbatim and the server rejects it; "
                + "remove it", "batch-separator")
        }
        if statements.count > 1 {
            let second = code[statements[1].lowerBound]
            report(second, "a second statement starts here: a dataset must be exactly one SELECT statement", "multiple-statements")
        }
        for range in statements {
            let statement = Array(code[range])
            if let write = firstWriteKeyword(statement) {
                report(write, "\(write.text.uppercased()) is not allowed: a dataset must be a read-only SELECT", "write-statement")
            } else if let into = statement.first(where: { $0.isKeyword("INTO") }) {
                report(into, "SELECT … INTO creates a table: a dataset must be a read-only SELECT", "select-into")
            } else if let first = statement.first, !(first.isKeyword("SELECT") || first.isKeyword("WITH") || first.isSymbol("(")) {
                report(first, "\(first.text) does not start a SELECT: a dataset must be one SELECT statement", "not-a-select")
            } else if let first = statement.first, first.isKeyword("WITH"), SQLStructure.cteListEnd(statement, 0) == nil {
                report(first, "the WITH list is malformed: expected WITH name [(columns)] AS (query) [, …] followed by a SELECT", "syntax")
            } else if let first = statement.first, first.isKeyword("WITH"), SQLStructure.cteListEnd(statement, 0) == statement.count {
                report(first, "the WITH list is not followed by a SELECT: a dataset must end in the main query", "syntax")
            } else {
                if let order = outerOrderBy(statement) {
                    // Every SELECT statement is checked, so `DECLARE …; SELECT … ORDER BY x` shows both problems.
                    report(order, "ORDER BY on the outermost query: Superset wraps the dataset in a derived table, where SQL Server "
                        + "rejects ORDER BY unless TOP, OFFSET, FOR XML or FOR JSON is present (Msg 1033); remove it and sort in the chart",
                        "outer-order-by")
                }
                for order in subqueryOrderBys(statement) {
                    report(order, "ORDER BY in a subquery or CTE without TOP, OFFSET or FOR XML: SQL Server rejects it (Msg 1033); "
                        + "remove it or add TOP/OFFSET", "order-by-in-subquery")
                }
                // Column names are checked on a one-statement dataset only: a text of several statements is already
                // rejected, and `SELECT 1; SELECT 2` would drown the one finding that matters in warnings.
                for finding in statements.count == 1 ? selectListFindings(statement) : [] {
                    report(finding.token, finding.message, finding.rule)
                }
            }
        }
        return findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func unbalancedParenthesis(_ code: [SQLToken]) -> SQLToken? {
        var open: [SQLToken] = []
        for token in code {
            if token.isSymbol("(") { open.append(token) }
            if token.isSymbol(")") {
                if open.isEmpty { return token }
                open.removeLast()
            }
        }
        return open.last
    }

    /// MERGE is also a join hint (`INNER MERGE JOIN`, `OPTION (MERGE UNION)`), which reads.
    static func firstWriteKeyword(_ statement: [SQLToken]) -> SQLToken? {
        for (index, token) in statement.enumerated() {
            guard let keyword = token.keyword, writeKeywords.contains(keyword) else { continue }
            if keyword == "MERGE", index + 1 < statement.count,
               statement[index + 1].isKeyword("JOIN") || statement[index + 1].isKeyword("UNION") { continue }
            // REPLACE(), COPY and CALL are only statements at a statement's start; REPLACE(...) is a function.
            if ["REPLACE", "UPSERT", "COPY", "CALL"].contains(keyword), index != 0 { continue }
            return token
        }
        return nil
    }

    /// Splits code tokens into statements at `;`, `GO`, and where a keyword can only start a new one.
    static func splitStatements(_ code: [SQLToken]) -> [Range<Int>] {
        let depths = SQLStructure.depths(code)
        var ranges: [Range<Int>] = []
        var start = 0
        var mainStart = 0   // first token of the statement's main query (after any CTE list)
        var index = 0

        func beginStatement(at position: Int) {
            var position = position
            // GO (or `GO 5`, a repeat count) is a batch separator, not part of any statement.
            while let next = batchSeparatorEnd(code, position) { position = next }
            start = position
            mainStart = position
            if position < code.count, code[position].isKeyword("WITH") {
                if let end = SQLStructure.cteListEnd(code, position) {
                    mainStart = end
                } else if let select = code[position...].indices.first(where: { depths[$0] == 0 && code[$0].isKeyword("SELECT") }) {
                    // A malformed WITH list (a `syntax` finding): its SELECT is not a second statement.
                    mainStart = select
                }
            }
        }
        beginStatement(at: 0)
        while index < code.count {
            let token = code[index]
            if depths[index] == 0 {
                if token.isSymbol(";") {
                    if index > start { ranges.append(start..<index) }
                    beginStatement(at: index + 1)
                    index += 1
                    continue
                }
                if index > start, index >= mainStart, startsNewStatement(code, index, start: start, mainStart: mainStart) {
                    ranges.append(start..<index)
                    beginStatement(at: index)
                    index = max(start, mainStart)
                    continue
                }
            }
            index += 1
        }
        if start < code.count { ranges.append(start..<code.count) }
        return ranges
    }

    /// For a `GO` batch separator at `index` (alone on its line, optionally with a repeat count), the index
    /// of the token after it; nil when there is none at `index` (`GO` after code on its line is an alias).
    static func batchSeparatorEnd(_ code: [SQLToken], _ index: Int) -> Int? {
        guard index < code.count, code[index].isKeyword("GO") else { return nil }
        let line = code[index].line
        guard index == 0 || code[index - 1].line < line else { return nil }
        var end = index + 1
        if end < code.count, code[end].kind == .number, code[end].line == line { end += 1 }
        guard end == code.count || code[end].line > line else { return nil }
        return end
    }

    static func startsNewStatement(_ code: [SQLToken], _ index: Int, start: Int, mainStart: Int) -> Bool {
        guard let keyword = code[index].keyword else { return false }
        let previous = index > 0 ? code[index - 1] : nil
        switch keyword {
        case "SELECT":
            guard index != mainStart, let previous else { return false }
            if let word = previous.keyword, setOperators.contains(word) || word == "ALL" || word == "DISTINCT" { return false }
            // `DECLARE c CURSOR FOR SELECT …` is one statement.
            if previous.isKeyword("FOR") { return false }
            // INSERT … SELECT and CREATE VIEW … AS SELECT are one (write) statement.
            return !hostsSelect(code, start, index)
        case "WITH":
            // CREATE VIEW v AS WITH c AS (…) SELECT … is one (write) statement.
            return SQLStructure.startsCTEList(code, index) && !hostsSelect(code, start, index)
        case "GO":
            return batchSeparatorEnd(code, index) != nil
        case "SET":
            // UPDATE … SET, MERGE … UPDATE SET and ALTER … SET are part of their statement.
            return !code[start..<index].contains { $0.isKeyword("UPDATE") || $0.isKeyword("ALTER") }
        case "IF":
            // DROP TABLE IF EXISTS #t is one statement.
            if let word = previous?.keyword, droppable.contains(word) { return false }
            return true
        default:
            if statementKeywords.contains(keyword) { return true }
            if writeKeywords.contains(keyword), !["REPLACE", "UPSERT", "COPY", "CALL"].contains(keyword) {
                if keyword == "MERGE", index + 1 < code.count, code[index + 1].isKeyword("JOIN") || code[index + 1].isKeyword("UNION") { return false }
                // MERGE … WHEN MATCHED THEN UPDATE / DELETE, WHEN NOT MATCHED THEN INSERT is one statement.
                if previous?.isKeyword("THEN") == true { return false }
                // CREATE OR ALTER VIEW is one statement.
                if keyword == "ALTER", previous?.isKeyword("OR") == true { return false }
                // GRANT INSERT, UPDATE ON t, GRANT EXECUTE ON p, DENY CREATE TABLE: permissions, not statements.
                if let first = code[start].keyword, ["GRANT", "REVOKE", "DENY"].contains(first), let previous,
                   previous.isSymbol(",") || previous.keyword.map(["GRANT", "REVOKE", "DENY", "FOR"].contains) == true { return false }
                // INSERT INTO t EXEC sp_x is one statement.
                if keyword == "EXEC" || keyword == "EXECUTE", code[start..<index].contains(where: { $0.isKeyword("INSERT") }) { return false }
                // DELETE/UPDATE/INSERT right after a statement's main query begins a new statement.
                return index != mainStart
            }
            return false
        }
    }

    /// Object kinds whose CREATE (or ALTER, but for TABLE) takes a query: `CREATE VIEW v AS SELECT …`, a procedure,
    /// function or trigger body, `CREATE SCHEMA s CREATE VIEW …`, and CTAS (`CREATE [EXTERNAL] TABLE … AS SELECT`).
    static let queryHostingObjects: Set<String> = ["VIEW", "PROC", "PROCEDURE", "FUNCTION", "TRIGGER", "SCHEMA", "TABLE",
                                                   "EXTERNAL", "MATERIALIZED", "REMOTE"]

    /// Whether the statement from `start` takes the SELECT (or WITH) at `index` as its own query, rather than ending
    /// before it: `INSERT … SELECT` (but not after the INSERT's VALUES list), `CREATE VIEW … AS SELECT` and the other
    /// `queryHostingObjects` (but not `CREATE INDEX …` or `ALTER TABLE …`), and the permission list of `GRANT SELECT, …`.
    static func hostsSelect(_ code: [SQLToken], _ start: Int, _ index: Int) -> Bool {
        guard let host = (start..<index).first(where: { code[$0].keyword.map(selectHosts.contains) ?? false }),
              let keyword = code[host].keyword else { return false }
        switch keyword {
        case "CREATE", "ALTER":
            var kind = host + 1
            // CREATE OR ALTER VIEW, CREATE OR REPLACE VIEW.
            if kind + 1 < index, code[kind].isKeyword("OR") { kind += 2 }
            guard kind < index, let object = code[kind].keyword, queryHostingObjects.contains(object) else { return false }
            return keyword == "CREATE" || object != "TABLE"
        case "INSERT":
            // INSERT … VALUES (…) and INSERT … DEFAULT VALUES end the INSERT: a SELECT after them is the next statement.
            var depth = 0
            for token in code[(host + 1)..<index] {
                if token.isSymbol("(") { depth += 1 }
                if token.isSymbol(")") { depth = max(0, depth - 1) }
                if depth == 0, token.isKeyword("VALUES") { return false }
            }
            return true
        default:
            // GRANT/REVOKE/DENY: SELECT is a permission right after the verb or a comma of the permission list.
            guard index > 0 else { return false }
            let previous = code[index - 1]
            return previous.isSymbol(",") || previous.keyword.map(selectHosts.contains) == true
        }
    }

    /// Indices of the `GO` batch separators (alone on their line, at depth 0) in the code.
    static func batchSeparators(_ code: [SQLToken]) -> [Int] {
        let depths = SQLStructure.depths(code)
        return code.indices.filter { depths[$0] == 0 && batchSeparatorEnd(code, $0) != nil }
    }

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
            if let keyword = code[index].keyword, setOperators.contains(keyword) { hasSetOperator = true }
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
    static let reservedWords: Set<String> = [
        "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CHECK", "COLLATE", "COLUMN",
        "CONSTRAINT", "CONVERT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
        "CURRENT_USER", "DEFAULT", "DELETE", "DESC", "DISTINCT", "ELSE", "END", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE",
        "EXISTS", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN",
        "LEFT", "LIKE", "NOT", "NULL", "NULLIF", "OF", "ON", "OPTION", "OR", "ORDER", "OUTER", "OVER", "PERCENT",
        "PIVOT", "RIGHT", "SELECT", "SESSION_USER", "SET", "SOME", "SYSTEM_USER", "TABLE", "THEN", "TOP", "UNION",
        "UNPIVOT", "UPDATE", "USER", "VALUES", "WHEN", "WHERE", "WITH", "WITHIN",
    ]
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

    /// The name an identifier or string token spells: brackets, double quotes, `N'…'` quotes and their
    /// doubled escapes removed.
    static func spelledName(_ token: SQLToken) -> String {
        var text = token.text
        if token.kind == .string, text.first == "N" || text.first == "n" { text.removeFirst() }
        guard let first = text.first, ["[", "\"", "'"].contains(first), text.count >= 2 else { return text }
        let close: Character = first == "[" ? "]" : first
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\(close)\(close)", with: "\(close)")
    }

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
        return .named(spelledName(item[item.count - 1]))
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
            if count >= 3, item[1].isSymbol("="), isAlias(first), !hasStrayOperator(from: 2) { return .named(spelledName(first)) }
            return .unknown
        }
        // An item that starts with an operator word (`NOT a`, `EXISTS (…)`) is not a select-list expression.
        if !first.isKeyword("CASE"), first.keyword.map(operatorWords.contains) == true { return .unknown }
        // `expr AS alias`; an AS anywhere else at depth 0 is beyond this reading.
        let asIndices = item.indices.filter { depths[$0] == 0 && item[$0].isKeyword("AS") }
        if !asIndices.isEmpty {
            guard asIndices == [count - 2], isAlias(last) else { return .unknown }
            return .named(spelledName(last))
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
            if endsExpression { return .named(spelledName(last)) }
        }
        // Unary plus and a parenthesised column reference are left alone: whether they keep the name is unsure.
        if first.isSymbol("+") { return .unknown }
        if first.isSymbol("("), SQLStructure.matchingParen(item, 0) == count - 1 {
            var inner = Array(item[1..<(count - 1)])
            while inner.first?.isSymbol("(") == true, SQLStructure.matchingParen(inner, 0) == inner.count - 1 {
                inner = Array(inner[1..<(inner.count - 1)])
            }
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

    /// `unnamed-column` and `duplicate-column` findings for a statement's outermost select list.
    static func selectListFindings(_ statement: [SQLToken]) -> [(token: SQLToken, message: String, rule: String)] {
        guard let items = SQLStructure.outerSelectList(statement) else { return [] }
        let names = items.map { columnName(Array(statement[$0])) }
        if names.contains(.assignment) { return [] }
        var found: [(token: SQLToken, message: String, rule: String)] = []
        var seen: Set<String> = []
        var reported: Set<String> = []
        for (position, (range, name)) in zip(items, names).enumerated() {
            let token = statement[range.lowerBound]
            switch name {
            case .unnamed:
                found.append((token, "column \(position + 1) of the select list has no name: Superset wraps the dataset in a derived "
                    + "table, where SQL Server requires one (Msg 8155); add AS name", "unnamed-column"))
            case .named(let spelled):
                let key = spelled.lowercased()
                if !seen.insert(key).inserted, !reported.contains(key) {
                    reported.insert(key)
                    found.append((token, "column name '\(spelled)' appears twice in the select list: SQL Server rejects duplicate "
                        + "names in a derived table (Msg 8156); alias one of them", "duplicate-column"))
                }
            case .star, .unknown, .assignment:
                break
            }
        }
        return found
    }
}
