import Probes

/// A token of T-SQL text. Offsets index the source's UTF-8 bytes, so slices are exact.
package struct SQLToken: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case word              // identifier or keyword, also @variables and #temp names
        case quotedIdentifier  // [bracketed] or "double quoted"
        case string            // 'text', N'text', with '' doubled quotes
        case number
        case symbol            // punctuation and operators, one token each
        case lineComment       // -- to end of line
        case blockComment      // /* ... */, nested
    }

    // Laid out text first and offsets as 32-bit (a query is capped far below 2 GB): 40 bytes a token instead of 56,
    // and a token of up to 15 UTF-8 bytes keeps its text inline, without an allocation.
    package let text: String
    private let startOffset: Int32
    private let endOffset: Int32
    private let lineNumber: Int32
    private let columnNumber: Int32
    package let kind: Kind

    package var start: Int { Int(startOffset) }
    package var end: Int { Int(endOffset) }
    package var line: Int { Int(lineNumber) }
    package var column: Int { Int(columnNumber) }

    package init(kind: Kind, text: String, start: Int, end: Int, line: Int, column: Int) {
        self.kind = kind
        self.text = text
        startOffset = Int32(clamping: start)
        endOffset = Int32(clamping: end)
        lineNumber = Int32(clamping: line)
        columnNumber = Int32(clamping: column)
    }

    package var isComment: Bool { kind == .lineComment || kind == .blockComment }

    /// The upper-cased keyword, for unquoted words only (quoted identifiers are never keywords).
    package var keyword: String? { kind == .word ? text.uppercased() : nil }

    /// `word` is upper-case ASCII; compared byte by byte, without building an upper-cased copy (the rules ask often).
    package func isKeyword(_ word: String) -> Bool {
        guard kind == .word, text.utf8.count == word.utf8.count else { return false }
        return zip(text.utf8, word.utf8).allSatisfy { byte, upper in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte) == upper
        }
    }

    /// The name an identifier or string token spells: brackets, double quotes, `N'…'` quotes and their
    /// doubled escapes removed.
    package var spelledName: String {
        var text = self.text
        if kind == .string, text.first == "N" || text.first == "n" { text.removeFirst() }
        guard let first = text.first, ["[", "\"", "'"].contains(first), text.count >= 2 else { return text }
        let close: Character = first == "[" ? "]" : first
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\(close)\(close)", with: "\(close)")
    }
    package func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}

/// Lexing failed: an unterminated string, identifier or comment, with where it started.
package struct SQLLexError: Error, Sendable, Equatable {
    /// Why lexing stopped: the text, or the run deadline (then the message names the deadline).
    package enum Cause: Sendable, Equatable { case syntax, deadlinePassed }

    package let message: String
    package let line: Int
    package let column: Int
    package var cause: Cause = .syntax
}

/// A T-SQL lexer: enough to tell code from strings, quoted identifiers and comments.
package enum SQLLexer {
    /// Operators of two characters, kept as one symbol token.
    static let twoCharacterOperators: Set<String> = ["<>", "!=", "!<", "!>", "<=", ">=", "::", "||", "+=", "-=", "*=", "/=",
                                                     "%=", "&=", "|=", "^="]

    /// The tokens of `sql`; without comments when `comments` is false (the lint and the probe drop them anyway, and
    /// a query of comments would otherwise cost memory for nothing). Stops with `.deadlinePassed` once the task's
    /// `CallDeadline` has passed, checked every few thousand tokens.
    package static func tokenize(_ sql: String, comments: Bool = true) throws(SQLLexError) -> [SQLToken] {
        var deadline = WorkDeadline()
        let bytes = Array(sql.utf8)
        var tokens: [SQLToken] = []
        // A token takes at least a byte: reserved once, the array never grows by copying (which holds the old and the
        // new storage at once, three times the tokens' size). Pages never written are never resident.
        tokens.reserveCapacity(sql.utf8.count)
        var index = 0
        var line = 1
        var lineStart = 0

        // A byte-order mark at the very start is invisible in editors: it takes no column.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
        var columnCache = (offset: lineStart, column: 1)
        func column(_ offset: Int) -> Int {
            // Columns count characters, not bytes: count UTF-8 lead bytes since the line start,
            // continuing from the last answer on the same line so long lines stay linear.
            var (position, count) = columnCache.offset >= lineStart && columnCache.offset <= offset
                ? columnCache : (lineStart, 1)
            while position < offset {
                if bytes[position] & 0xC0 != 0x80 { count += 1 }
                position += 1
            }
            columnCache = (offset, count)
            return count
        }
        func emit(_ kind: SQLToken.Kind, _ start: Int, _ end: Int, _ startLine: Int, _ startColumn: Int) {
            if !comments, kind == .lineComment || kind == .blockComment { return }
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            tokens.append(SQLToken(kind: kind, text: text, start: start, end: end, line: startLine, column: startColumn))
        }
        /// Advances over bytes, keeping line bookkeeping right.
        func advance(to end: Int) {
            while index < end {
                // LF, CRLF (counted at its LF) and a lone CR each end a line, as the engines read them.
                if bytes[index] == UInt8(ascii: "\n")
                    || (bytes[index] == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n"))) {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
        }
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "#")
                || byte == UInt8(ascii: "$") || byte >= 0x80
        }
        /// U+FEFF (a byte-order mark: files saved by SSMS start with one) and U+00A0 (no-break space,
        /// common in queries pasted from web pages) separate tokens like a space: the byte count, or 0.
        func unicodeSpaceLength(at offset: Int) -> Int {
            if bytes[offset] == 0xC2, offset + 1 < bytes.count, bytes[offset + 1] == 0xA0 { return 2 }
            if bytes[offset] == 0xEF, offset + 2 < bytes.count, bytes[offset + 1] == 0xBB, bytes[offset + 2] == 0xBF { return 3 }
            return 0
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
        }
        /// Finds the end of a quoted run closed by `close`, where a doubled `close` is an escaped one.
        func closing(_ close: UInt8, from start: Int) -> Int? {
            var position = start
            while position < bytes.count {
                if bytes[position] == close {
                    if position + 1 < bytes.count, bytes[position + 1] == close { position += 2; continue }
                    return position + 1
                }
                position += 1
            }
            return nil
        }

        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            let startLine = line
            let startColumn = column(index)
            if deadline.passed() {
                throw SQLLexError(message: "\(deadline.stopped) during the lint, at this point of the text", line: startLine,
                                  column: startColumn, cause: .deadlinePassed)
            }
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil

            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0x0B, 0x0C:
                advance(to: index + 1)
            case 0xC2 where unicodeSpaceLength(at: index) > 0, 0xEF where unicodeSpaceLength(at: index) > 0:
                advance(to: index + unicodeSpaceLength(at: index))
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                var end = index
                // PostgreSQL and SQL Server end a `--` comment at LF or CR (`-- x\rORDER BY a` is code after the CR).
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
                emit(.lineComment, start, end, startLine, startColumn)
                advance(to: end)
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                var depth = 0
                var position = index
                var end: Int?
                while position < bytes.count {
                    if bytes[position] == UInt8(ascii: "/"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "*") {
                        depth += 1; position += 2
                    } else if bytes[position] == UInt8(ascii: "*"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "/") {
                        depth -= 1; position += 2
                        if depth == 0 { end = position; break }
                    } else {
                        position += 1
                    }
                }
                guard let end else { throw SQLLexError(message: "unterminated /* comment", line: startLine, column: startColumn) }
                emit(.blockComment, start, end, startLine, startColumn)
                advance(to: end)
            case UInt8(ascii: "'"):
                guard let end = closing(UInt8(ascii: "'"), from: index + 1) else {
                    throw SQLLexError(message: "unterminated string literal", line: startLine, column: startColumn)
                }
                emit(.string, start, end, startLine, startColumn)
                advance(to: end)
            case UInt8(ascii: "N") where next == UInt8(ascii: "'"), UInt8(ascii: "n") where next == UInt8(ascii: "'"):
                guard let end = closing(UInt8(ascii: "'"), from: index + 2) else {
                    throw SQLLexError(message: "unterminated string literal", line: startLine, column: startColumn)
                }
                emit(.string, start, end, startLine, startColumn)
                advance(to: end)
            case UInt8(ascii: "["):
                guard let end = closing(UInt8(ascii: "]"), from: index + 1) else {
                    throw SQLLexError(message: "unterminated [identifier]", line: startLine, column: startColumn)
                }
                emit(.quotedIdentifier, start, end, startLine, startColumn)
                advance(to: end)
            case UInt8(ascii: "\""):
                guard let end = closing(UInt8(ascii: "\""), from: index + 1) else {
                    throw SQLLexError(message: "unterminated \"identifier\"", line: startLine, column: startColumn)
                }
                emit(.quotedIdentifier, start, end, startLine, startColumn)
                advance(to: end)
            case UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: ".") where next.map(isDigit) ?? false:
                // 42, 3.14, .5, 1., 1e10, 1.5E-3, 0x1F (binary). An `e` only belongs to the number when
                // an exponent follows, so `THEN 1ELSE 0` reads as `1` `ELSE`.
                var end = index
                if byte == UInt8(ascii: "0"), let next, next == UInt8(ascii: "x") || next == UInt8(ascii: "X") {
                    end = index + 2
                    while end < bytes.count, isHexDigit(bytes[end]) { end += 1 }
                } else {
                    while end < bytes.count, isDigit(bytes[end]) { end += 1 }
                    if end < bytes.count, bytes[end] == UInt8(ascii: ".") {
                        end += 1
                        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
                    }
                    if end < bytes.count, bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") {
                        var exponent = end + 1
                        if exponent < bytes.count, bytes[exponent] == UInt8(ascii: "+") || bytes[exponent] == UInt8(ascii: "-") { exponent += 1 }
                        if exponent < bytes.count, isDigit(bytes[exponent]) {
                            end = exponent
                            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
                        }
                    }
                }
                emit(.number, start, end, startLine, startColumn)
                advance(to: end)
            default:
                if isWordByte(byte) {
                    var end = index + 1
                    while end < bytes.count, isWordByte(bytes[end]), unicodeSpaceLength(at: end) == 0 { end += 1 }
                    emit(.word, start, end, startLine, startColumn)
                    advance(to: end)
                } else {
                    // Two-character operators stay together so `<>`/`!=`/`::` read as one symbol.
                    var end = index + 1
                    if let next, twoCharacterOperators.contains(String(decoding: [byte, next], as: UTF8.self)) { end = index + 2 }
                    emit(.symbol, start, end, startLine, startColumn)
                    advance(to: end)
                }
            }
        }
        return tokens
    }
}
