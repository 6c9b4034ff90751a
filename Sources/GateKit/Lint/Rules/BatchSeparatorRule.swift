extension LintRule {
    static let batchSeparator = LintRule(
        id: .batchSeparator, severity: .warning,
        summary: "a `GO` line: a client command, and Superset sends the dataset verbatim",
        doc: "A `GO` line. GO belongs to sqlcmd and SSMS, not T-SQL; Superset sends the dataset verbatim, so the server rejects it. (GO between two statements is also `multiple-statements`.)")
}
