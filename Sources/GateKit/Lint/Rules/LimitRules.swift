import Foundation

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
    /// Found with memchr (the scan runs on every text, up to `max_query_bytes`); the position is counted only then.
    static func invisibleCharacter(_ bytes: [UInt8]) -> (line: Int, column: Int, name: String)? {
        let found: (offset: Int, name: String)? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var first: (offset: Int, name: String)?
            if let nul = memchr(base, 0, buffer.count) { first = (UnsafeRawPointer(nul) - UnsafeRawPointer(base), "a NUL character (U+0000)") }
            var from = 1
            while from < (first?.offset ?? buffer.count), let hit = memchr(base + from, 0xEF, buffer.count - from) {
                let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if first.map({ offset > $0.offset }) ?? false { break }
                if offset + 2 < buffer.count, buffer[offset + 1] == 0xBB, buffer[offset + 2] == 0xBF {
                    first = (offset, "a byte-order mark (U+FEFF)")
                    break
                }
                from = offset + 1
            }
            return first
        }
        guard let found else { return nil }
        var line = 1
        var column = 1
        for index in 0..<found.offset {
            let byte = bytes[index]
            // Lines end as the lexer ends them: LF, CRLF (at its LF) and a lone CR.
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && bytes[index + 1] != UInt8(ascii: "\n")) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80, !(index == 0 && byte == 0xEF && bytes.starts(with: [0xEF, 0xBB, 0xBF])) {
                // A leading BOM takes no column, as in the lexer.
                column += 1
            }
        }
        return (line, column, found.name)
    }
}
