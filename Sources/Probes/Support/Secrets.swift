import Foundation
import Synchronization

/// Finds and masks secrets so that no password or token reaches output, logs or reports.
public enum Secrets {
    /// Keys whose values are secret in an ODBC connection string (case-insensitive).
    static let secretKeys: Set<String> = ["pwd", "password", "accesstoken", "access_token", "token", "authentication_token"]

    /// The secret values in `key=value;` pairs, including `{braced;values}` where `}}` is a literal `}`.
    public static func values(inConnectionString text: String) -> [String] {
        ConnectionString.pairs(text).filter { secretKeys.contains($0.key) && !$0.value.isEmpty }.map(\.value)
    }

    /// Replaces every occurrence of each secret with `***`, longest first (one may contain another), also in
    /// any form a server may echo it: each character raw or in any of its encodings (`Encodings`), mixed at will.
    public static func mask(_ text: String, _ secrets: [String]) -> String {
        let secrets = secrets.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { return text }
        // An error page may escape a secret in a form no list foresees (`&#34;`, `&quot;` and `&#x27;` mixed):
        // text that holds character references is read decoded, as a viewer would read it.
        let readable = text.contains("&") ? decodingCharacterReferences(text) : text
        return Encodings.pattern(for: secrets).stringByReplacingMatches(
            in: readable, range: NSRange(readable.startIndex..., in: readable), withTemplate: "***")
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

    /// The secrets of the run in progress (a task-local value the gate sets around its stages), so that text a
    /// target echoed can be masked where it is logged.
    @TaskLocal public static var inScope: [String] = []

    /// `text` with the run's secrets masked.
    public static func maskInScope(_ text: String) -> String { mask(text, inScope) }
}

/// Every way a character of a secret may be written by whatever echoes it, as one regular expression per set
/// of secrets: raw; JSON (`\"`, `\/`, `\t`, `\u00e9`, surrogate pairs, hex in either case); HTML (named,
/// decimal and hex references); percent-encoded (each UTF-8 byte, either case; `+` for a space). A pattern
/// per character rather than a list of whole variants: encoders mix these freely (a JSON encoder that escapes
/// `"` but not `/`, a form encoder leaving `/` raw), and a list of variants misses every mix it did not foresee.
enum Encodings {
    /// The compiled pattern for a set of secrets, kept: `mask` runs on every text of a report.
    static func pattern(for secrets: [String]) -> NSRegularExpression {
        let key = secrets.joined(separator: "\u{0}")
        if let cached = cache.withLock({ $0[key] }) { return cached }
        // Longest first: alternation takes the first that matches, and one secret may contain another.
        let alternatives = Set(secrets).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }.map(pattern(of:))
        // Every piece is escaped or built from fixed text: it always compiles.
        let compiled = try! NSRegularExpression(pattern: alternatives.joined(separator: "|"))
        cache.withLock { cache in
            if cache.count > 64 { cache.removeAll() }
            cache[key] = compiled
        }
        return compiled
    }

    private static let cache = Mutex<[String: NSRegularExpression]>([:])

    /// One secret: each of its characters as a group of every form it may take.
    static func pattern(of secret: String) -> String {
        secret.unicodeScalars.map { "(?:" + forms(of: $0).joined(separator: "|") + ")" }.joined()
    }

    /// Regular-expression pieces for one character, longest first (the alternation then takes the whole
    /// escape, not its first character, where both would do).
    static func forms(of scalar: Unicode.Scalar) -> [String] {
        var forms: [String] = [NSRegularExpression.escapedPattern(for: String(Character(scalar)))]
        // JSON: \uXXXX (a surrogate pair above the BMP), and the short escapes.
        let units = Array(String(Character(scalar)).utf16)
        forms.append(units.map { "\\\\u" + hex($0, digits: 4) }.joined())
        let short: [Unicode.Scalar: String] = ["\"": "\"", "\\": "\\", "/": "/", "\u{8}": "b", "\u{C}": "f", "\n": "n", "\r": "r", "\t": "t"]
        if let letter = short[scalar] { forms.append("\\\\" + NSRegularExpression.escapedPattern(for: letter)) }
        // HTML: decimal and hex references (leading zeros allowed), and the named ones encoders use.
        forms.append("&#0*\(scalar.value);")
        forms.append("&#[xX]0*" + hex(scalar.value, digits: 1) + ";")
        for name in named[scalar] ?? [] { forms.append("&" + name + ";") }
        // Percent: every UTF-8 byte, either case; a space may be `+` (form encoding).
        forms.append(String(Character(scalar)).utf8.map { "%" + hex($0, digits: 2) }.joined())
        if scalar == " " { forms.append("\\+") }
        return forms.sorted { $0.count > $1.count }
    }

    private static let named: [Unicode.Scalar: [String]] = [
        "&": ["amp", "AMP"], "<": ["lt", "LT"], ">": ["gt", "GT"], "\"": ["quot", "QUOT"], "'": ["apos"], "/": ["sol"],
        "\\": ["bsol"], "\t": ["Tab"], "\n": ["NewLine"], "\u{A0}": ["nbsp"], "+": ["plus"], "%": ["percnt"], "=": ["equals"],
    ]

    /// `value` in hex as a pattern matching either case, at least `digits` long.
    private static func hex<T: BinaryInteger>(_ value: T, digits: Int) -> String {
        var text = String(value, radix: 16, uppercase: true)
        while text.count < digits { text = "0" + text }
        return text.map { $0.isLetter ? "[\($0.lowercased())\($0)]" : String($0) }.joined()
    }
}
