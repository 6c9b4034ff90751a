/// Static checks that a dataset query is safe to deploy to Superset over SQL Server.
/// The rules and their documentation are `LintRule.all`; their detection lives in `Rules/`, one type per rule (or per
/// family sharing a walk), run in `RuleRegistry`'s order. This entry refuses what no rule should read (too large, an
/// invisible character, a lexer error, nothing to run, too deep, unbalanced), lexes, splits the text into statements
/// and runs the rules.
package enum SQLLint {
    /// The rule ids, in the registry's order.
    package static var rules: [LintRule.ID] { LintRule.all.map(\.id) }
    /// The ids of the rules reported as warnings; all others are errors.
    package static var warningRules: Set<LintRule.ID> { Set(LintRule.warnings.map(\.id)) }

    /// The lint's default cap on one query's size: `Settings.maxQueryBytes` overrides it.
    package static var defaultMaxQueryBytes: Int { Settings.defaults.maxQueryBytes }

    /// The findings for one query. `file` names it in every finding (a path, or `superset:slug/table`); a text over
    /// `maxBytes` or nested too deeply is refused before any rule reads it. Under a task's `CallDeadline` the lint stops
    /// once it passes, with an error naming it: the lint never holds a run past its deadline.
    package static func check(_ sql: String, file: String, maxBytes: Int = defaultMaxQueryBytes) -> [Diagnostic] {
        func refusal(line: Int = 1, column: Int = 1, _ message: String, _ rule: LintRule?) -> [Diagnostic] {
            [Diagnostic(file: file, line: line, column: column, severity: .error, message: message, rule: rule?.id)]
        }
        let size = sql.utf8.count
        if size > maxBytes {
            return refusal("the query is \(size) bytes, over max_query_bytes (\(maxBytes)): the gate neither lints nor runs it; "
                + "make the dataset smaller, or raise max_query_bytes in the expectations file's settings", .tooLarge)
        }
        let deadline = WorkDeadline()
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

        var findings = LintFindings(file: file)
        if let unbalanced = unbalancedParenthesis(code) {
            findings.report(unbalanced, "unbalanced parenthesis", .syntax)
            return findings.diagnostics
        }

        let statements = SQLStatements.split(code)
        if let passed = deadlinePassed("after splitting the statements", tokens: code.count) { return passed }
        // Only `;` or `GO`: nothing to run.
        guard !statements.isEmpty else { return emptyQuery() }
        let text = LintedText(code: code, statements: statements)
        for rule in RuleRegistry.textRules {
            rule.check(text, &findings)
        }
        for range in statements {
            if let passed = deadlinePassed("reading the statements", tokens: code.count) { return passed }
            // One statement is the whole code: shared, not copied.
            let statement = LintedStatement(tokens: range == code.indices ? code : Array(code[range]), isWholeText: statements.count == 1)
            for rule in RuleRegistry.statementRules where rule.check(statement, &findings) {
                break
            }
        }
        return findings.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }
}
