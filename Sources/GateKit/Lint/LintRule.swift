/// A lint rule: its id, severity and documentation. The single source of truth: the registry
/// `LintRule.all` feeds every finding's severity, `gate-runner lint --help`, the README's tables
/// (a test compares them) and the lint tests. Each rule family lives in its own file under `Rules/`.
package struct LintRule: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// Stable ids: they appear in brackets after every finding, and users grep for them.
    package enum ID: String, Sendable, Hashable, CaseIterable, Codable {
        case outerOrderBy = "outer-order-by"
        case multipleStatements = "multiple-statements"
        case writeStatement = "write-statement"
        case selectInto = "select-into"
        case notASelect = "not-a-select"
        case syntax
        case emptyQuery = "empty-query"
        case tooLarge = "too-large"
        case invisibleCharacter = "invisible-character"
        case orderByInSubquery = "order-by-in-subquery"
        case batchSeparator = "batch-separator"
        case unnamedColumn = "unnamed-column"
        case duplicateColumn = "duplicate-column"
    }

    package let id: ID
    /// An error refuses the query (the gate never runs it); a warning is printed and fails nothing.
    package let severity: Diagnostic.Severity
    /// One line for tables: what the rule rejects or flags.
    package let summary: String
    /// Why it matters, for the rule's documentation.
    package let doc: String

    package var description: String { id.rawValue }

    /// Every rule, errors first, in the order the README lists them.
    package static let all: [LintRule] = [
        .outerOrderBy, .multipleStatements, .writeStatement, .selectInto, .notASelect, .syntax, .emptyQuery,
        .tooLarge, .invisibleCharacter, .orderByInSubquery, .batchSeparator, .unnamedColumn, .duplicateColumn,
    ]

    package static subscript(id: ID) -> LintRule {
        // `all` registers every id: a test pins it.
        all.first { $0.id == id }!
    }

    package static var errors: [LintRule] { all.filter { $0.severity == .error } }
    package static var warnings: [LintRule] { all.filter { $0.severity == .warning } }

    /// The README's table of the rules of one severity, as Markdown.
    package static func markdownTable(_ severity: Diagnostic.Severity) -> String {
        let heading = severity == .error ? "| rule | rejects |" : "| warning | flags |"
        return heading + "\n|---|---|\n" + all.filter { $0.severity == severity }.map { "| `\($0.id.rawValue)` | \($0.summary) |\n" }.joined()
    }

    /// For `--help`: each rule on its own line.
    package static var helpText: String {
        all.map { "  \($0.id.rawValue) (\($0.severity.rawValue)): \($0.summary)" }.joined(separator: "\n")
    }
}
