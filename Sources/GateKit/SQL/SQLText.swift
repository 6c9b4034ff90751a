import Foundation

/// SQL text compared as code, the way the engine reads it: comments, whitespace and trailing `;` do not
/// count, nor keyword case or how an identifier is quoted (`[x]`, `"x"` and `x` name the same column, case
/// ignored as SQL Server's default collation does). Literals are compared exactly, text and all.
package enum SQLText {
    /// One code token: what is compared, and what is shown.
    struct CodeToken: Equatable {
        let key: String
        let text: String
    }

    /// Texts longer than this are compared exactly, not as code: the lint refuses them anyway (`max_query_bytes`), and
    /// a drift check must not spend the time and memory of tokenizing a hostile 100 MB dataset twice.
    static let longestNormalizedText = SQLLint.defaultMaxQueryBytes

    static func codeTokens(_ sql: String) -> [CodeToken] {
        guard let tokens = try? SQLLexer.tokenize(sql, comments: false) else {
            return sql.split(whereSeparator: \.isWhitespace).map { CodeToken(key: String($0), text: String($0)) }
        }
        var code = tokens.filter { !$0.isComment }
        while let last = code.last, last.isSymbol(";") { code.removeLast() }
        // Keys carry their kind, so `[1]` is never `1`, `[NULL]` never NULL, `['x']` never 'x'.
        return code.map { token in
            switch token.kind {
            case .word:
                let upper = token.text.uppercased()
                return CodeToken(key: (SQLStructure.reservedWords.contains(upper) ? "K:" : "I:") + upper, text: token.text)
            case .quotedIdentifier:
                // `[x]` and `"x"` name what `x` names only when `x` could be written bare.
                let name = token.spelledName
                return CodeToken(key: isRegularIdentifier(name) ? "I:" + name.uppercased() : "Q:" + name, text: token.text)
            case .string: return CodeToken(key: "S:" + token.text, text: token.text)
            case .number: return CodeToken(key: "N:" + token.text, text: token.text)
            case .symbol, .lineComment, .blockComment: return CodeToken(key: "P:" + token.text, text: token.text)
            }
        }
    }

    /// A name that can stand unquoted: a letter, `_`, `@` or `#` first, then letters, digits, `_`, `@`, `#`, `$`,
    /// and not a reserved word.
    static func isRegularIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) || "_@#".unicodeScalars.contains(first),
              name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "_@#$".unicodeScalars.contains($0) }) else { return false }
        return !SQLStructure.reservedWords.contains(name.uppercased())
    }

    /// The comparison key of a query: equal for two texts the engine reads as the same code.
    package static func normalized(_ sql: String) -> String {
        if sql.utf8.count > longestNormalizedText { return "X:" + sql }
        // U+001F (unit separator) cannot occur in a token, so token boundaries stay unambiguous.
        return codeTokens(sql).map(\.key).joined(separator: "\u{1F}")
    }

    /// A short account of where two queries first differ, for the report body.
    package static func firstDifference(deployed: String, repository: String) -> String {
        if deployed.utf8.count > longestNormalizedText || repository.utf8.count > longestNormalizedText {
            let common = zip(deployed.utf8, repository.utf8).prefix { $0 == $1 }.count
            return "compared byte for byte (over \(longestNormalizedText) bytes): superset \(deployed.utf8.count) bytes, "
                + "repository \(repository.utf8.count) bytes, first difference at byte \(common + 1)"
        }
        let left = codeTokens(deployed)
        let right = codeTokens(repository)
        let common = zip(left, right).prefix { $0.key == $1.key }.count
        func window(_ tokens: [CodeToken]) -> String {
            tokens[max(0, common - 5)..<min(tokens.count, common + 8)].map(\.text).joined(separator: " ")
        }
        return "first difference at token \(common + 1):\n  superset:   … \(window(left)) …\n  repository: … \(window(right)) …"
    }
}
