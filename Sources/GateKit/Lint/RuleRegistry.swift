/// Detection, one rule (or one family of rules sharing a walk) per type, as swift-format's rules: each reads the query
/// at the level it works on and reports under its `LintRule`. `SQLLint.check` lexes and splits the text, then runs the
/// registry's rules in order; adding a rule is its type in `Rules/`, its `LintRule`, and its line here.
enum RuleRegistry {
    /// Rules over the whole text once it is split into statements, in this order.
    static let textRules: [any TextRule.Type] = [BatchSeparatorRule.self, MultipleStatementsRule.self]
    /// Rules over each statement, in this order; the first that settles a statement ends its reading.
    static let statementRules: [any StatementRule.Type] = [
        WriteStatementRule.self, SelectIntoRule.self, NotASelectRule.self, WithListRule.self, OrderByRule.self, ColumnNameRule.self,
    ]
}

/// A rule over the whole text: its code tokens and the statements they split into.
protocol TextRule: Sendable {
    static func check(_ text: LintedText, _ findings: inout LintFindings)
}

/// A rule over one statement.
protocol StatementRule: Sendable {
    /// Returns true when what it found settles the statement: the rules after it would only repeat the problem.
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool
}

/// The text as the statement rules read it: its code tokens (no comments) and each statement's range of them.
struct LintedText {
    let code: [SQLToken]
    let statements: [Range<Int>]
}

/// One statement of the text.
struct LintedStatement {
    let tokens: [SQLToken]
    /// The text is this one statement (column names are read only then: `SELECT 1; SELECT 2` is already refused).
    let isWholeText: Bool
}

/// What the rules found in one query, each finding at its token with its rule's severity.
struct LintFindings {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    mutating func report(_ token: SQLToken, _ message: String, _ rule: LintRule) {
        diagnostics.append(Diagnostic(file: file, token: token, rule: rule, message: message))
    }
}
