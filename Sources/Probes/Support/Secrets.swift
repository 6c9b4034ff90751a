import Foundation

/// Finds and masks secrets so that no password or token reaches output, logs or reports.
public enum Secrets {
    /// Keys whose values are secret in an ODBC connection string (case-insensitive).
    static let secretKeys: Set<String> = ["pwd", "password", "accesstoken", "access_token", "token", "authentication_token"]

    /// The secret values in `key=value;` pairs, including `{braced;values}` where `}}` is a literal `}`.
    public static func values(inConnectionString text: String) -> [String] {
        var secrets: [String] = []
        var rest = Substring(text)
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value = ""
            if rest.first == "{" {
                rest = rest.dropFirst()
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "}" {
                        if rest.first == "}" { value.append("}"); rest = rest.dropFirst(); continue }
                        break
                    }
                    value.append(character)
                }
                rest = rest.drop { $0 != ";" }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            rest = rest.drop { $0 == ";" }
            if secretKeys.contains(key), !value.isEmpty { secrets.append(value) }
        }
        return secrets
    }

    /// Replaces every occurrence of each secret with `***`, longest first (one may contain another).
    public static func mask(_ text: String, _ secrets: [String]) -> String {
        secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}
