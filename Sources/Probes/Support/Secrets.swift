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
        let secrets = secrets.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { return text }
        // An error page may escape a secret in a form no list foresees (`&#34;`, `&quot;` and `&#x27;` mixed):
        // text that holds character references is read decoded, as a viewer would read it.
        let readable = text.contains("&") ? decodingCharacterReferences(text) : text
        let forms = Set(secrets.flatMap(variants))
        return forms.sorted { $0.count > $1.count }.reduce(readable) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NN;` and `&#xHH;` replaced by their characters.
    static func decodingCharacterReferences(_ text: String) -> String {
        let named: [String: Character] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            let tail = rest[rest.index(after: ampersand)...]
            guard let semicolon = tail.prefix(10).firstIndex(of: ";") else {
                out.append("&")
                rest = tail
                continue
            }
            let name = tail[..<semicolon]
            var decoded: Character?
            if let character = named[String(name)] {
                decoded = character
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                decoded = Character(scalar)
            } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                decoded = Character(scalar)
            }
            if let decoded {
                out.append(decoded)
                rest = tail[tail.index(after: semicolon)...]
            } else {
                out.append("&")
                rest = tail
            }
        }
        return out + rest
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
    /// Keys lower-cased; `{braced;values}` unbraced, with `}}` read as a literal `}`. Read as the driver
    /// manager reads it: whitespace and `;` between pairs skipped, and a segment without `=` (`UseSSL;`) is
    /// a keyword alone, which never swallows the pair after it.
    public static func pairs(_ text: String) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == ";" || $0.isWhitespace }
            guard !rest.isEmpty else { break }
            let keyEnd = rest.firstIndex { $0 == "=" || $0 == ";" } ?? rest.endIndex
            let key = rest[..<keyEnd].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard keyEnd < rest.endIndex, rest[keyEnd] == "=" else {
                rest = rest[keyEnd...]
                continue
            }
            rest = rest[rest.index(after: keyEnd)...].drop { $0 == " " || $0 == "\t" }
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
