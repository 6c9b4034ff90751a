/// SQL text compared as code: comments and whitespace do not count.
public enum SQLText {
    public static func normalized(_ sql: String) -> String {
        guard let tokens = try? SQLLexer.tokenize(sql) else {
            return sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var code = tokens.filter { !$0.isComment }
        while let last = code.last, last.isSymbol(";") { code.removeLast() }
        return code.map(\.text).joined(separator: " ")
    }

    /// A short account of where two queries first differ, for the report body.
    public static func firstDifference(deployed: String, repository: String) -> String {
        let left = normalized(deployed).split(separator: " ")
        let right = normalized(repository).split(separator: " ")
        let common = zip(left, right).prefix { $0 == $1 }.count
        func window(_ words: [Substring]) -> String {
            words[max(0, common - 5)..<min(words.count, common + 8)].joined(separator: " ")
        }
        return "first difference at token \(common + 1):\n  superset:   … \(window(left)) …\n  repository: … \(window(right)) …"
    }
}
