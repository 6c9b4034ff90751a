extension LintRule {
    static let tooLarge = LintRule(
        id: .tooLarge, severity: .error,
        summary: "a query over `max_query_bytes` (4 MiB by default), or parentheses nested over 1,000 levels deep",
        doc: "A query larger than the `max_query_bytes` setting, or with parentheses nested deeper than 1,000 levels. The gate refuses it before reading it further, so a hostile or generated text cannot hold the run past its deadline or fill the memory; SQL Server itself refuses nesting far shallower (Msg 191).")

    static let invisibleCharacter = LintRule(
        id: .invisibleCharacter, severity: .error,
        summary: "a NUL character, or a byte-order mark (U+FEFF) anywhere but the very start",
        doc: "A NUL character or a byte-order mark (U+FEFF) inside the text. Both are invisible in editors and reviews, yet the driver and the server read them: a NUL can end the text the server receives early (everything after it is never checked), and a BOM inside a word splits it. A BOM that starts the file is an encoding mark and is allowed.")
}

extension SQLLint {
    /// The first NUL, or byte-order mark after the very start, as (line, column) in characters; nil when there is none.
    static func invisibleCharacter(_ bytes: [UInt8]) -> (line: Int, column: Int, name: String)? {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 { return (line, column, "a NUL character (U+0000)") }
            if byte == 0xEF, index > 0, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF {
                return (line, column, "a byte-order mark (U+FEFF)")
            }
            // Lines end as the lexer ends them: LF, CRLF (at its LF) and a lone CR.
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80, !(index == 0 && byte == 0xEF) {
                column += 1
            }
            index += 1
        }
        return nil
    }
}
