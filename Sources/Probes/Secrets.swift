/// Finds and masks secrets so that no password or token reaches output, logs or reports.
public enum Secrets {
    /// Keys whose values are secret in an ODBC connection string (case-insensitive).
    static let secretKeys: Set<String> = ["pwd", "password", "accesstoken", "access_token", "token", "authentication_token"]

    /// The secret values in `key=value;` pairs, including `{braced;values}`.
    public static func values(inConnectionString text: String) -> [String] {
        var secrets: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let key = text[index..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var valueStart = text.index(after: equals)
            var value: Substring
            if valueStart < text.endIndex, text[valueStart] == "{" {
                valueStart = text.index(after: valueStart)
                let close = text[valueStart...].range(of: "}")?.lowerBound ?? text.endIndex
                value = text[valueStart..<close]
                index = close < text.endIndex ? text.index(after: close) : close
                if index < text.endIndex, text[index] == ";" { index = text.index(after: index) }
            } else {
                let semicolon = text[valueStart...].firstIndex(of: ";") ?? text.endIndex
                value = text[valueStart..<semicolon]
                index = semicolon < text.endIndex ? text.index(after: semicolon) : semicolon
            }
            if secretKeys.contains(key), !value.isEmpty { secrets.append(String(value)) }
        }
        return secrets
    }

    /// Replaces every occurrence of each secret with `***`.
    public static func mask(_ text: String, _ secrets: [String]) -> String {
        secrets.filter { $0.count >= 3 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}

import Foundation
