import Testing
@testable import GateKit

/// `SQLLexer`: token kinds and text, positions, and the errors for unterminated runs.
@Suite("SQL lexer", .offPool)
struct LexerTests {
    /// Tokens as `kind:text`, comments included.
    static func summary(_ sql: String) throws -> [String] {
        try SQLLexer.tokenize(sql).map { "\($0.kind):\($0.text)" }
    }

    static let kindCases: [(String, [String])] = [
        ("SELECT a FROM t", ["word:SELECT", "word:a", "word:FROM", "word:t"]),
        ("select\ta\nfrom\r\nt", ["word:select", "word:a", "word:from", "word:t"]),
        ("'it''s'", ["string:'it''s'"]),
        ("''", ["string:''"]),
        ("''''", ["string:''''"]),
        ("N'unicode'", ["string:N'unicode'"]),
        ("n'lower'", ["string:n'lower'"]),
        ("N'it''s'x", ["string:N'it''s'", "word:x"]),
        ("N + 1", ["word:N", "symbol:+", "number:1"]),
        ("AN'x'", ["word:AN", "string:'x'"]),
        ("'a -- b /* c */ ; ORDER BY'", ["string:'a -- b /* c */ ; ORDER BY'"]),
        ("'line\nbreak'", ["string:'line\nbreak'"]),
        ("[order]", ["quotedIdentifier:[order]"]),
        ("[Order By]", ["quotedIdentifier:[Order By]"]),
        ("[a]]b]", ["quotedIdentifier:[a]]b]"]),
        ("[a'b]", ["quotedIdentifier:[a'b]"]),
        ("\"a\"\"b\"", ["quotedIdentifier:\"a\"\"b\""]),
        ("\"it's\"", ["quotedIdentifier:\"it's\""]),
        ("[dbo].[t]", ["quotedIdentifier:[dbo]", "symbol:.", "quotedIdentifier:[t]"]),
        ("srv.db.dbo.t", ["word:srv", "symbol:.", "word:db", "symbol:.", "word:dbo", "symbol:.", "word:t"]),
        ("db..t", ["word:db", "symbol:.", "symbol:.", "word:t"]),
        ("-- comment\nx", ["lineComment:-- comment", "word:x"]),
        ("-- crlf comment\r\nx", ["lineComment:-- crlf comment", "word:x"]),
        ("x -- end", ["word:x", "lineComment:-- end"]),
        ("--", ["lineComment:--"]),
        ("a--b", ["word:a", "lineComment:--b"]),
        ("a-b", ["word:a", "symbol:-", "word:b"]),
        ("a - -1", ["word:a", "symbol:-", "symbol:-", "number:1"]),
        ("/* c */x", ["blockComment:/* c */", "word:x"]),
        ("/**/x", ["blockComment:/**/", "word:x"]),
        ("/* a /* b */ c */x", ["blockComment:/* a /* b */ c */", "word:x"]),
        ("/* a /* b /* c */ */ */ x", ["blockComment:/* a /* b /* c */ */ */", "word:x"]),
        ("/* 'not a string */ x", ["blockComment:/* 'not a string */", "word:x"]),
        ("/* -- not a line comment */ x", ["blockComment:/* -- not a line comment */", "word:x"]),
        ("/*/ still open */ x", ["blockComment:/*/ still open */", "word:x"]),
        ("-- /* not a block\nx", ["lineComment:-- /* not a block", "word:x"]),
        ("'/*' x", ["string:'/*'", "word:x"]),
        ("42", ["number:42"]),
        ("3.14", ["number:3.14"]),
        (".5", ["number:.5"]),
        ("3.", ["number:3."]),
        ("1e10", ["number:1e10"]),
        ("1.5E-3", ["number:1.5E-3"]),
        ("2E+2", ["number:2E+2"]),
        ("0x1F", ["number:0x1F"]),
        ("0xdeadBEEF", ["number:0xdeadBEEF"]),
        ("0x", ["number:0x"]),
        ("1ELSE", ["number:1", "word:ELSE"]),
        ("1e", ["number:1", "word:e"]),
        ("1FROM", ["number:1", "word:FROM"]),
        ("1-2", ["number:1", "symbol:-", "number:2"]),
        ("1e-x", ["number:1", "word:e", "symbol:-", "word:x"]),
        ("t.a", ["word:t", "symbol:.", "word:a"]),
        ("@v @@ROWCOUNT #t ##g", ["word:@v", "word:@@ROWCOUNT", "word:#t", "word:##g"]),
        ("a$b $PARTITION price$", ["word:a$b", "word:$PARTITION", "word:price$"]),
        ("_x x_1", ["word:_x", "word:x_1"]),
        ("ünïcødé 名前", ["word:ünïcødé", "word:名前"]),
        ("a<>b", ["word:a", "symbol:<>", "word:b"]),
        ("a!=b", ["word:a", "symbol:!=", "word:b"]),
        ("a<=b>=c", ["word:a", "symbol:<=", "word:b", "symbol:>=", "word:c"]),
        ("a!<b!>c", ["word:a", "symbol:!<", "word:b", "symbol:!>", "word:c"]),
        ("a+=1", ["word:a", "symbol:+=", "number:1"]),
        ("a%=1", ["word:a", "symbol:%=", "number:1"]),
        ("a&=1 a|=1 a^=1", ["word:a", "symbol:&=", "number:1", "word:a", "symbol:|=", "number:1", "word:a", "symbol:^=", "number:1"]),
        ("geography::Point", ["word:geography", "symbol:::", "word:Point"]),
        ("COUNT(*)", ["word:COUNT", "symbol:(", "symbol:*", "symbol:)"]),
        ("a,b;", ["word:a", "symbol:,", "word:b", "symbol:;"]),
        ("a = b", ["word:a", "symbol:=", "word:b"]),
        ("a=-1", ["word:a", "symbol:=", "symbol:-", "number:1"]),
        ("~a % b", ["symbol:~", "word:a", "symbol:%", "word:b"]),
        ("\u{FEFF}SELECT", ["word:SELECT"]),
        ("SELECT\u{00A0}a", ["word:SELECT", "word:a"]),
        ("", []),
        ("  \n\t\r\n", []),
    ]

    @Test("token kinds and text", arguments: kindCases)
    func kinds(_ sql: String, expected: [String]) throws {
        #expect(try Self.summary(sql) == expected)
    }

    @Test("token text is the exact source slice", arguments: kindCases.map(\.0))
    func slices(_ sql: String) throws {
        let bytes = Array(sql.utf8)
        for token in try SQLLexer.tokenize(sql) {
            #expect(String(decoding: bytes[token.start..<token.end], as: UTF8.self) == token.text)
        }
    }

    /// (query, token text, line, column, UTF-8 start offset) for the first token with that text.
    static let positionCases: [(String, String, Int, Int, Int)] = [
        ("SELECT a", "a", 1, 8, 7),
        ("SELECT\n  a", "a", 2, 3, 9),
        ("SELECT\r\n  a", "a", 2, 3, 10),
        ("SELECT\r\n\r\n\r\nORDER", "ORDER", 4, 1, 12),
        ("\tx", "x", 1, 2, 1),
        ("é x", "x", 1, 3, 3),
        ("N'日本' x", "x", 1, 7, 10),
        ("'😀' x", "x", 1, 5, 7),
        ("'a\nb' x", "x", 2, 4, 6),
        ("/* one\ntwo\nthree */ x", "x", 3, 10, 20),
        ("-- c\n-- d\n  x", "x", 3, 3, 12),
        ("[a\nb] x", "x", 2, 4, 6),
        ("\u{FEFF}SELECT a", "a", 1, 8, 10),
        ("\u{FEFF}SELECT\na", "a", 2, 1, 10),
        ("a\u{00A0}b", "b", 1, 3, 3),
        ("SELECT a FROM t ORDER BY a", "ORDER", 1, 17, 16),
    ]

    @Test("line, column (in characters) and byte offsets", arguments: positionCases)
    func position(_ sql: String, text: String, line: Int, column: Int, start: Int) throws {
        let token = try #require(try SQLLexer.tokenize(sql).first { $0.text == text })
        #expect(token.line == line)
        #expect(token.column == column)
        #expect(token.start == start)
        #expect(token.end == start + text.utf8.count)
    }

    @Test("columns stay right on a long line")
    func longLine() throws {
        let sql = String(repeating: "a, ", count: 5_000) + "é, z"
        let tokens = try SQLLexer.tokenize(sql)
        let last = try #require(tokens.last)
        #expect(last.text == "z")
        #expect(last.column == 15_004)
        #expect(tokens.count == 10_003)
    }

    /// (query, message fragment, line, column where the unterminated run starts).
    static let errorCases: [(String, String, Int, Int)] = [
        ("SELECT 'abc", "unterminated string", 1, 8),
        ("SELECT 'it''s", "unterminated string", 1, 8),
        ("SELECT ''''' FROM t", "unterminated string", 1, 8),
        ("SELECT N'abc", "unterminated string", 1, 8),
        ("SELECT a,\n  'abc\n def", "unterminated string", 2, 3),
        ("SELECT [abc", "unterminated [identifier]", 1, 8),
        ("SELECT [a]]", "unterminated [identifier]", 1, 8),
        ("SELECT \"abc", "unterminated \"identifier\"", 1, 8),
        ("SELECT 1 /* abc", "unterminated /* comment", 1, 10),
        ("SELECT 1 /* a /* b */", "unterminated /* comment", 1, 10),
        ("x\r\n  /* a", "unterminated /* comment", 2, 3),
        ("é /*", "unterminated /* comment", 1, 3),
    ]

    @Test("unterminated strings, identifiers and comments are errors at their start", arguments: errorCases)
    func unterminated(_ sql: String, message: String, line: Int, column: Int) {
        #expect {
            try SQLLexer.tokenize(sql)
        } throws: { error in
            guard let error = error as? SQLLexError else { return false }
            return error.message.contains(message) && error.line == line && error.column == column
        }
    }

    @Test("keyword helpers: only unquoted words are keywords")
    func keywords() throws {
        let tokens = try SQLLexer.tokenize("order [ORDER] \"ORDER\" 'ORDER' -- ORDER")
        #expect(tokens.map { $0.isKeyword("ORDER") } == [true, false, false, false, false])
        #expect(tokens.map(\.keyword) == ["ORDER", nil, nil, nil, nil])
        #expect(tokens.map(\.isComment) == [false, false, false, false, true])
        #expect(tokens[0].isSymbol("ORDER") == false)
    }
}
