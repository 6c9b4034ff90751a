/// Static checks that a dataset query is safe to deploy to Superset over SQL Server.
/// The rules and their documentation are `LintRule.all`; their detection lives in `Rules/`, one file
/// per family. This entry lexes, splits the text into statements and runs each rule where it applies.
public enum SQLLint {
    /// The rule ids, in the registry's order.
    public static var rules: [LintRule.ID] { LintRule.all.map(\.id) }
    /// The ids of the rules reported as warnings; all others are errors.
    public static var warningRules: Set<LintRule.ID> { Set(LintRule.warnings.map(\.id)) }

    /// The lint's default cap on one query's size: `Settings.maxQueryBytes` overrides it.
    public static var defaultMaxQueryBytes: Int { Settings.defaults.maxQueryBytes }

    /// The findings for one query. `file` names it in every finding (a path, or `superset:slug/table`); a text over
    /// `maxBytes` or nested too deeply is refused before any rule reads it. Under a task's `CallDeadline` the lint stops
    /// once it passes, with an error naming it: the lint never holds a run past its deadline.
    public static func check(_ sql: String, file: String, maxBytes: Int = defaultMaxQueryBytes) -> [Diagnostic] {
        func refusal(line: Int = 1, column: Int = 1, _ message: String, _ rule: LintRule?) -> [Diagnostic] {
            [Diagnostic(file: file, line: line, column: column, severity: .error, message: message, rule: rule?.id)]
        }
        let size = sql.utf8.count
        if size > maxBytes {
            return refusal("the query is \(size) bytes, over max_query_bytes (\(maxBytes)): the gate neither lints nor runs it; "
                + "make the dataset smaller, or raise max_query_bytes in the expectations file's settings", .tooLarge)
        }
        var deadline = WorkDeadline()
        /// Between stages, for a text long enough to take time (a short one is linted whole in microseconds).
        func deadlinePassed(_ stage: String, tokens: Int) -> [Diagnostic]? {
            guard tokens >= 4096, deadline.hasPassed else { return nil }
            return stopped(line: 1, column: 1, "\(deadline.stopped) during the lint of \(file) (\(stage)): the query was not checked and is not run")
        }
        func stopped(line: Int, column: Int, _ message: String) -> [Diagnostic] {
            var diagnostic = Diagnostic(file: file, line: line, column: column, severity: .error, message: message, rule: nil)
            diagnostic.stoppedAtDeadline = true
            return [diagnostic]
        }
        let bytes = Array(sql.utf8)
        if let invisible = invisibleCharacter(bytes) {
            return refusal(line: invisible.line, column: invisible.column, "\(invisible.name) in the text: invisible in an editor, "
                + "yet the database reads it (a NUL can end the text the server runs); remove it", .invisibleCharacter)
        }
        let code: [SQLToken]
        do {
            code = SQLStructure.code(try SQLLexer.tokenize(sql, comments: false))
        } catch where error.cause == .deadlinePassed {
            return stopped(line: error.line, column: error.column,
                           error.message.replacingOccurrences(of: "during the lint", with: "during the lint of \(file)")
                            + ": the query was not checked and is not run")
        } catch {
            return refusal(line: error.line, column: error.column, error.message, .syntax)
        }
        let emptyQuery = {
            [Diagnostic(file: file, line: 1, column: 1, severity: LintRule.emptyQuery.severity,
                        message: "the query is empty: a dataset must be one SELECT statement", rule: .emptyQuery)]
        }
        guard !code.isEmpty else { return emptyQuery() }
        if let deep = SQLStructure.tooDeep(code) {
            return refusal(line: deep.line, column: deep.column, "parentheses nest more than \(SQLStructure.maximumNestingDepth) levels deep here: "
                + "past the lint's limit (SQL Server refuses far shallower nesting, Msg 191); simplify the query", .tooLarge)
        }
        if let passed = deadlinePassed("after reading the text", tokens: code.count) { return passed }

        var findings: [Diagnostic] = []
        func report(_ token: SQLToken, _ message: String, _ rule: LintRule) {
            findings.append(Diagnostic(file: file, token: token, rule: rule, message: message))
        }

        if let unbalanced = unbalancedParenthesis(code) {
            report(unbalanced, "unbalanced parenthesis", .syntax)
            return findings
        }

        let statements = SQLStatements.split(code)
        if let passed = deadlinePassed("after splitting the statements", tokens: code.count) { return passed }
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
            if let passed = deadlinePassed("reading the statements", tokens: code.count) { return passed }
            // One statement is the whole code: shared, not copied.
            let statement = range == code.indices ? code : Array(code[range])
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
                let orders = orderBys(statement)
                if let order = orders.outer {
                    // Every SELECT statement is checked, so `DECLARE …; SELECT … ORDER BY x` shows both problems.
                    report(order, "ORDER BY on the outermost query: Superset wraps the dataset in a derived table, where SQL Server "
                        + "rejects ORDER BY unless TOP, OFFSET, FOR XML or FOR JSON is present (Msg 1033); remove it and sort in the chart",
                        .outerOrderBy)
                }
                for order in orders.subqueries {
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
