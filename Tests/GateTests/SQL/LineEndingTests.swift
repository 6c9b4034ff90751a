import Foundation
import Testing
@testable import GateKit

/// LF, CRLF and a lone CR each end a line, in every construct, as PostgreSQL and SQL Server read them:
/// a `--` comment ends at any of them, so no clause can hide behind a carriage return.
@Suite("Line endings", .offPool)
struct LineEndingTests {
    static let endings: [(name: String, text: String)] = [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")]

    /// Templates with `⏎` for the line ending: (template, token text, its line, its column).
    static let constructs: [(String, String, Int, Int)] = [
        ("SELECT a -- note⏎FROM t", "FROM", 2, 1),
        ("-- one⏎-- two⏎x", "x", 3, 1),
        ("SELECT 1 /* a⏎b */ x", "x", 2, 6),
        ("SELECT 'a⏎b' x", "x", 2, 4),
        ("SELECT N'a⏎⏎b' x", "x", 3, 4),
        ("SELECT [a⏎b] x", "x", 2, 4),
        ("SELECT \"a⏎b\" x", "x", 2, 4),
        ("SELECT⏎⏎  a", "a", 3, 3),
    ]

    @Test("every construct keeps its lines and columns under LF, CRLF and CR", arguments: constructs)
    func positions(_ template: String, text: String, line: Int, column: Int) throws {
        for ending in Self.endings {
            let sql = template.replacingOccurrences(of: "⏎", with: ending.text)
            let token = try #require(try SQLLexer.tokenize(sql).first { $0.text == text }, "\(ending.name): \(text) not found")
            #expect(token.line == line && token.column == column, "\(ending.name): \(token.line):\(token.column)")
        }
    }

    @Test("a -- comment ends at LF, CRLF and CR: its text never takes the line ending or the next line")
    func lineCommentEnds() throws {
        for ending in Self.endings {
            let tokens = try SQLLexer.tokenize("SELECT a -- reviewed\(ending.text)WHERE 1 = 0")
            let comment = try #require(tokens.first { $0.isComment })
            #expect(comment.text == "-- reviewed", "\(ending.name)")
            #expect(tokens.contains { $0.isKeyword("WHERE") }, "\(ending.name): WHERE must be code")
        }
    }

    @Test("strings, quoted identifiers and block comments keep their line endings as text")
    func literalsKeepEndings() throws {
        for ending in Self.endings {
            let tokens = try SQLLexer.tokenize("SELECT 'a\(ending.text)b', [c\(ending.text)d] /* e\(ending.text)f */")
            #expect(tokens[1].text == "'a\(ending.text)b'", "\(ending.name)")
            #expect(tokens[3].text == "[c\(ending.text)d]", "\(ending.name)")
            #expect(tokens[4].text == "/* e\(ending.text)f */", "\(ending.name)")
        }
    }

    @Test("an ORDER BY after a CR-ended comment is an outer ORDER BY (it was hidden before)")
    func outerOrderByAfterCR() {
        for ending in Self.endings {
            let findings = SQLLint.check("SELECT a FROM t -- x\(ending.text)ORDER BY a", file: "q.sql")
            #expect(findings.map(\.rule) == [.outerOrderBy], "\(ending.name): \(findings.map(\.description))")
            #expect(findings.first?.line == 2 && findings.first?.column == 1, "\(ending.name)")
        }
    }

    @Test("a GO line is a batch separator under every line ending")
    func batchSeparator() {
        for ending in Self.endings {
            let findings = SQLLint.check("SELECT 1 AS a\(ending.text)GO\(ending.text)", file: "q.sql")
            #expect(findings.map(\.rule) == [.batchSeparator], "\(ending.name): \(findings.map(\.description))")
        }
    }

    @Test("drift sees a clause hidden after a CR-ended comment, and ignores only keyword case and identifier quoting")
    func drift() {
        let repository = "SELECT a FROM t"
        #expect(SQLText.normalized("SELECT a FROM t -- reviewed\rWHERE 1 = 0") != SQLText.normalized(repository))
        #expect(SQLText.normalized("select A from T") == SQLText.normalized(repository))
        #expect(SQLText.normalized("SELECT [a] FROM \"t\"") == SQLText.normalized(repository))
        #expect(SQLText.normalized("SELECT a FROM t\r\n") == SQLText.normalized(repository))
        #expect(SQLText.normalized("SELECT 'x' AS a FROM t") != SQLText.normalized("SELECT 'X' AS a FROM t"), "literals are compared exactly")
        #expect(SQLText.normalized("SELECT N'x' AS a FROM t") != SQLText.normalized("SELECT 'x' AS a FROM t"))
        #expect(SQLText.normalized("SELECT 1.0 AS a FROM t") != SQLText.normalized("SELECT 1 AS a FROM t"))
        #expect(SQLText.normalized("SELECT [a b] FROM t") != SQLText.normalized("SELECT a, b FROM t"), "a quoted name is one token")
        // A quoted name is never a number, a keyword, a string or a symbol.
        for (quoted, bare) in [("SELECT [1] FROM t", "SELECT 1 FROM t"), ("SELECT a FROM t ORDER BY [1]", "SELECT a FROM t ORDER BY 1"),
                               ("SELECT [NULL] FROM t", "SELECT NULL FROM t"), ("SELECT ['x'] FROM t", "SELECT 'x' FROM t"),
                               ("SELECT [*] FROM t", "SELECT * FROM t")] {
            #expect(SQLText.normalized(quoted) != SQLText.normalized(bare), "\(quoted)")
        }
    }
}
