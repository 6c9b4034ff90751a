/// A problem found in a file, printed in compiler style: `path:line:col: error: message [rule]`.
package struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    package enum Severity: String, Sendable { case error, warning, note }

    package let file: String
    package let line: Int
    package let column: Int
    package let severity: Severity
    package let message: String
    package let rule: LintRule.ID?
    /// The lint stopped here because the run deadline passed: the text was not judged, so this is an error of the
    /// run (exit 3), not a finding against the query.
    package var stoppedAtDeadline = false

    package init(file: String, line: Int, column: Int, severity: Severity = .error, message: String, rule: LintRule.ID? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.rule = rule
    }

    /// A finding of `rule`, with the rule's severity.
    init(file: String, token: SQLToken, rule: LintRule, message: String) {
        self.init(file: file, line: token.line, column: token.column, severity: rule.severity, message: message, rule: rule.id)
    }

    package var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)" + (rule.map { " [\($0.rawValue)]" } ?? "")
    }
}
