/// Static checks that a dataset query is safe to deploy to Superset over SQL Server.
/// The rules and their documentation are `LintRule.all`; their detection lives in `Rules/`, one file
/// per family. This entry lexes, splits the text into statements and runs each rule where it applies.
public enum SQLLint {
    /// The rule ids, in the registry's order.
    public static var rules: [LintRule.ID] { LintRule.all.map(\.id) }
    /// The ids of the rules reported as warnings; all others are errors.
    public static var warningRules: Set<LintRule.ID> { Set(LintRule.warnings.map(\.id)) }

    public static func check(_ sql: String, file: String) -> [Diagnostic] {
        let tokens: [SQLToken]
        do {
            tokens = try SQLLexer.tokenize(sql)
        } catch {
            return [Diagnostic(file: file, line: error.line, column: error.column, severity: LintRule.syntax.severity,
                               message: error.message, rule: .syntax)]
        }
        let code = SQLStructure.code(tokens)
        let emptyQuery = {
            [Diagnostic(file: file, line: 1, column: 1, severity: LintRule.emptyQuery.severity,
                        message: "the query is empty: a dataset must be one SELECT statement", rule: .emptyQuery)]
        }
        guard !code.isEmpty else { return emptyQuery() }

        var findings: [Diagnostic] = []
        func report(_ token: SQLToken, _ message: String, _ rule: LintRule) {
            findings.append(Diagnostic(file: file, token: token, rule: rule, message: message))
        }

        if let unbalanced = unbalancedParenthesis(code) {
            report(unbalanced, "unbalanced parenthesis", .syntax)
            return findings
        }

        let statements = SQLStatements.split(code)
        // Only `;` or `GO`: nothing to run.
        guard !statements.isEmpty else { return emptyQuery() }
        for go in SQLStatements.batchSeparators(code) {
            report(code[go], "GO is a client batch separator, not T-SQL: Superset sends the dataset verbatim and the server rejects it; "
                + "remove it", .batchSeparator)
        }
        if statements.count > 1 {
            let second = code[statements[1].lowerBound]
            report(second, "a second statement starts here: a dataset must be exactly one SELECT statement", .multipleStatements)
        }
        for range in statements {
            let statement = Array(code[range])
            if let write = firstWriteKeyword(statement) {
                report(write, "\(write.text.uppercased()) is not allowed: a dataset must be a read-only SELECT", .writeStatement)
            } else if let into = statement.first(where: { $0.isKeyword("INTO") }) {
                report(into, "SELECT … INTO creates a table: a dataset must be a read-only SELECT", .selectInto)
            } else if let first = statement.first, !(first.isKeyword("SELECT") || first.isKeyword("WITH") || first.isSymbol("(")) {
                report(first, "\(first.text) does not start a SELECT: a dataset must be one SELECT statement", .notASelect)
            } else if let first = statement.first, first.isKeyword("WITH"), SQLStructure.cteListEnd(statement, 0) == nil {
                report(first, "the WITH list is malformed: expected WITH name [(columns)] AS (query) [, …] followed by a SELECT", .syntax)
            } else if let first = statement.first, first.isKeyword("WITH"), SQLStructure.cteListEnd(statement, 0) == statement.count {
                report(first, "the WITH list is not followed by a SELECT: a dataset must end in the main query", .syntax)
            } else {
                if let order = outerOrderBy(statement) {
                    // Every SELECT statement is checked, so `DECLARE …; SELECT … ORDER BY x` shows both problems.
                    report(order, "ORDER BY on the outermost query: Superset wraps the dataset in a derived table, where SQL Server "
                        + "rejects ORDER BY unless TOP, OFFSET, FOR XML or FOR JSON is present (Msg 1033); remove it and sort in the chart",
                        .outerOrderBy)
                }
                for order in subqueryOrderBys(statement) {
                    report(order, "ORDER BY in a subquery or CTE without TOP, OFFSET or FOR XML: SQL Server rejects it (Msg 1033); "
                        + "remove it or add TOP/OFFSET", .orderByInSubquery)
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
}
