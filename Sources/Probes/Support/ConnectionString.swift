import Foundation

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
