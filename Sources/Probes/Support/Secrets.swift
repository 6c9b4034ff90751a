import Foundation

/// Finds and masks secrets so that no password or token reaches output, logs or reports.
public enum Secrets {
    /// Keys whose values are secret in an ODBC connection string (case-insensitive).
    static let secretKeys: Set<String> = ["pwd", "password", "accesstoken", "access_token", "token", "authentication_token"]

    /// The secret values in `key=value;` pairs, including `{braced;values}` where `}}` is a literal `}`.
    public static func values(inConnectionString text: String) -> [String] {
        ConnectionString.pairs(text).filter { secretKeys.contains($0.key) && !$0.value.isEmpty }.map(\.value)
    }

    /// Replaces every occurrence of each secret with `***`, longest first (one may contain another), also in
    /// the forms a server may echo it: HTML-escaped (an error page), percent-encoded (a URL), JSON-escaped.
    public static func mask(_ text: String, _ secrets: [String]) -> String {
        let forms = Set(secrets.filter { !$0.isEmpty }.flatMap(variants))
        return forms.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    static func variants(_ secret: String) -> [String] {
        var html = ""
        var numeric = ""
        var json = ""
        for character in secret {
            switch character {
            case "&": html += "&amp;"
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "\"": html += "&quot;"
            case "'": html += "&#39;"
            default: html.append(character)
            }
            switch character {
            case "&", "<", ">", "\"", "'": numeric += "&#x\(String(character.unicodeScalars.first!.value, radix: 16, uppercase: true));"
            default: numeric.append(character)
            }
            switch character {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "/": json += "\\/"
            default: json.append(character)
            }
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let percent = secret.addingPercentEncoding(withAllowedCharacters: allowed) ?? secret
        return [secret, html, numeric, json, percent]
    }

    /// The secrets of the run in progress (a task-local value the gate sets around its stages), so that text a
    /// target echoed can be masked where it is logged.
    @TaskLocal public static var inScope: [String] = []

    /// `text` with the run's secrets masked.
    public static func maskInScope(_ text: String) -> String { mask(text, inScope) }
}

/// An ODBC connection string's `key=value;` pairs, as the driver manager reads them.
public enum ConnectionString {
    /// Keys lower-cased; `{braced;values}` unbraced, with `}}` read as a literal `}`.
    public static func pairs(_ text: String) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
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
            pairs.append((key, value))
        }
        return pairs
    }

    /// Which database a connection string names, for messages: `powerfill on 127.0.0.1:55432`. Never a secret.
    public static func label(_ text: String) -> String {
        let pairs = pairs(text)
        func first(_ keys: [String]) -> String? { pairs.first { keys.contains($0.key) && !$0.value.isEmpty }?.value }
        let database = first(["database", "initial catalog", "dbq", "dbname"])
        let server = first(["server", "servername", "host", "address", "addr", "data source"])
        let port = first(["port"])
        let place = server.map { $0 + (port.map { ":\($0)" } ?? "") }
        switch (database, place) {
        case let (database?, place?): return "\(database) on \(place)"
        case let (database?, nil): return database
        case let (nil, place?): return "the database on \(place)"
        case (nil, nil): return "the ODBC database"
        }
    }
}
