extension LintRule {
    static let batchSeparator = LintRule(
        id: .batchSeparator, severity: .warning,
        summary: "a `GO` line: a client command, and Superset sends the dataset verbatim",
        doc: "A `GO` line. GO belongs to sqlcmd and SSMS, not T-SQL; Superset sends the dataset verbatim, so the server rejects it. (GO between two statements is also `multiple-statements`.)")
}

/// A `GO` line, wherever it stands.
enum BatchSeparatorRule: TextRule {
    static func check(_ text: LintedText, _ findings: inout LintFindings) {
        for go in SQLStatements.batchSeparators(text.code) {
            findings.report(text.code[go], "GO is a client batch separator, not T-SQL: Superset sends the dataset verbatim and the server rejects it; "
                + "remove it", .batchSeparator)
        }
    }
}
