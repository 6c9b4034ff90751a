extension LintRule {
    static let syntax = LintRule(
        id: .syntax, severity: .error,
        summary: "unterminated strings, identifiers or comments; unbalanced parentheses; a WITH list without its SELECT",
        doc: "Unterminated strings, identifiers or comments, unbalanced parentheses, a malformed WITH list, or a WITH list that no SELECT follows.")

    static let emptyQuery = LintRule(
        id: .emptyQuery, severity: .error,
        summary: "nothing but comments",
        doc: "Nothing but comments and whitespace (or only `;` and `GO`).")
}

extension SQLLint {
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

}

/// A WITH list that is malformed, or that no SELECT follows.
enum WithListRule: StatementRule {
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool {
        guard let first = statement.tokens.first, first.isKeyword("WITH") else { return false }
        switch SQLStructure.cteListEnd(statement.tokens, 0) {
        case nil:
            findings.report(first, "the WITH list is malformed: expected WITH name [(columns)] AS (query) [, …] followed by a SELECT", .syntax)
        case statement.tokens.count?:
            findings.report(first, "the WITH list is not followed by a SELECT: a dataset must end in the main query", .syntax)
        default:
            return false
        }
        return true
    }
}
