/// A problem found in a file, printed in compiler style: `path:line:col: error: message [rule]`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public let file: String
    public let line: Int
    public let column: Int
    public let severity: Severity
    public let message: String
    public let rule: String?

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String, rule: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.rule = rule
    }

    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message)" + (rule.map { " [\($0)]" } ?? "")
    }
}
