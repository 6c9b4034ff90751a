import Foundation
import Testing
@testable import GateKit

/// `ProbeWrapper.countProbe`: the CTE list is hoisted in front of `SELECT COUNT(*) FROM (<main>) AS alias`
/// (F-8-4). Text checks only: nothing is executed here.
@Suite("Count-probe wrapper", .offPool)
struct WrapperTests {
    /// (query, CTE list or nil, main SELECT, trailing OPTION clause or nil).
    static let splits: [(String, String?, String, String?)] = [
        ("SELECT a FROM t", nil, "SELECT a FROM t", nil),
        ("SELECT a FROM t;", nil, "SELECT a FROM t", nil),
        ("SELECT a FROM t;;", nil, "SELECT a FROM t", nil),
        ("SELECT a FROM t ;\n;\n", nil, "SELECT a FROM t", nil),
        ("  \n-- header\nSELECT a\nFROM t -- trailing comment", nil, "SELECT a\nFROM t", nil),
        ("SELECT a FROM t /* trailing ; block */ ;", nil, "SELECT a FROM t", nil),
        ("SELECT a -- inner comment\nFROM t", nil, "SELECT a -- inner comment\nFROM t", nil),
        ("SELECT a FROM t\nGO\n", nil, "SELECT a FROM t", nil),
        ("SELECT a FROM t;\nGO 2", nil, "SELECT a FROM t", nil),
        ("GO\nSELECT a FROM t", nil, "SELECT a FROM t", nil),
        ("SELECT a AS go", nil, "SELECT a AS go", nil),
        ("(SELECT a FROM t)", nil, "(SELECT a FROM t)", nil),
        ("SELECT a FROM t UNION ALL SELECT a FROM u", nil, "SELECT a FROM t UNION ALL SELECT a FROM u", nil),
        ("SELECT a FROM t WITH (NOLOCK)", nil, "SELECT a FROM t WITH (NOLOCK)", nil),
        ("SELECT TOP 5 WITH TIES a FROM t ORDER BY a", nil, "SELECT TOP 5 WITH TIES a FROM t ORDER BY a", nil),
        ("SELECT ';' AS s, 'WITH x AS (' AS w FROM t;", nil, "SELECT ';' AS s, 'WITH x AS (' AS w FROM t", nil),
        ("WITH c AS (SELECT 1 AS x) SELECT x FROM c", "WITH c AS (SELECT 1 AS x)", "SELECT x FROM c", nil),
        ("with c as (select 1 as x) select x from c", "with c as (select 1 as x)", "select x from c", nil),
        (";WITH c AS (SELECT 1 AS x) SELECT x FROM c;", "WITH c AS (SELECT 1 AS x)", "SELECT x FROM c", nil),
        (";;WITH c AS (SELECT 1 AS x) SELECT x FROM c", "WITH c AS (SELECT 1 AS x)", "SELECT x FROM c", nil),
        ("-- header\n/* block */\n;WITH c AS (SELECT 1 AS x)\nSELECT x FROM c;\n",
         "WITH c AS (SELECT 1 AS x)", "SELECT x FROM c", nil),
        ("WITH c (a, b) AS (SELECT 1, 2) SELECT a, b FROM c", "WITH c (a, b) AS (SELECT 1, 2)", "SELECT a, b FROM c", nil),
        ("WITH c(a,b)AS(SELECT 1,2)SELECT a,b FROM c", "WITH c(a,b)AS(SELECT 1,2)", "SELECT a,b FROM c", nil),
        ("WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT x FROM b",
         "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a)", "SELECT x FROM b", nil),
        ("WITH a AS (SELECT 1 AS x), -- first\n  b (y) AS (SELECT x FROM a) /* second */\n-- main\nSELECT y FROM b",
         "WITH a AS (SELECT 1 AS x), -- first\n  b (y) AS (SELECT x FROM a)", "SELECT y FROM b", nil),
        ("WITH [my cte] ([a b]) AS (SELECT 1) SELECT [a b] FROM [my cte]",
         "WITH [my cte] ([a b]) AS (SELECT 1)", "SELECT [a b] FROM [my cte]", nil),
        ("WITH \"c\" AS (SELECT 1 AS x) SELECT x FROM \"c\"", "WITH \"c\" AS (SELECT 1 AS x)", "SELECT x FROM \"c\"", nil),
        ("WITH c AS (SELECT ')' AS p, '(' AS q) SELECT p FROM c", "WITH c AS (SELECT ')' AS p, '(' AS q)", "SELECT p FROM c", nil),
        ("WITH c AS (SELECT a FROM t WITH (NOLOCK) /* ) */) SELECT a FROM c",
         "WITH c AS (SELECT a FROM t WITH (NOLOCK) /* ) */)", "SELECT a FROM c", nil),
        ("WITH c AS (SELECT TOP 5 a FROM t ORDER BY a) SELECT a FROM c ORDER BY a OFFSET 0 ROWS",
         "WITH c AS (SELECT TOP 5 a FROM t ORDER BY a)", "SELECT a FROM c ORDER BY a OFFSET 0 ROWS", nil),
        ("WITH c AS (SELECT a FROM t) SELECT a FROM c UNION ALL SELECT a FROM c",
         "WITH c AS (SELECT a FROM t)", "SELECT a FROM c UNION ALL SELECT a FROM c", nil),
        ("WITH c AS (SELECT a FROM t) (SELECT a FROM c)", "WITH c AS (SELECT a FROM t)", "(SELECT a FROM c)", nil),
        ("WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 500) SELECT n FROM r OPTION (MAXRECURSION 1000);",
         "WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 500)", "SELECT n FROM r", "OPTION (MAXRECURSION 1000)"),
        ("SELECT a FROM t OPTION (RECOMPILE, MAXDOP 1)", nil, "SELECT a FROM t", "OPTION (RECOMPILE, MAXDOP 1)"),
        ("SELECT a FROM t\nOPTION (HASH JOIN) -- hint\n;", nil, "SELECT a FROM t", "OPTION (HASH JOIN)"),
        ("SELECT a FROM t WHERE a IN (SELECT b FROM u) OPTION (OPTIMIZE FOR (@p UNKNOWN))",
         nil, "SELECT a FROM t WHERE a IN (SELECT b FROM u)", "OPTION (OPTIMIZE FOR (@p UNKNOWN))"),
        ("SELECT [option] FROM t", nil, "SELECT [option] FROM t", nil),
        ("WITH XMLNAMESPACES ('urn:x' AS x) SELECT a FROM t", "WITH XMLNAMESPACES ('urn:x' AS x)", "SELECT a FROM t", nil),
        ("WITH XMLNAMESPACES ('urn:x' AS x), c AS (SELECT 1 AS a) SELECT a FROM c",
         "WITH XMLNAMESPACES ('urn:x' AS x), c AS (SELECT 1 AS a)", "SELECT a FROM c", nil),
        ("WITH ç AS (SELECT N'日本' AS 名) SELECT 名 FROM ç", "WITH ç AS (SELECT N'日本' AS 名)", "SELECT 名 FROM ç", nil),
        ("\u{FEFF}WITH c AS (SELECT 1 AS x) SELECT x FROM c", "WITH c AS (SELECT 1 AS x)", "SELECT x FROM c", nil),
        ("WITH c AS (\r\n  SELECT 1 AS x\r\n)\r\nSELECT x\r\nFROM c;\r\n",
         "WITH c AS (\r\n  SELECT 1 AS x\r\n)", "SELECT x\r\nFROM c", nil),
    ]

    @Test("the query splits into CTE list and main SELECT", arguments: splits)
    func split(_ sql: String, cteList: String?, mainSelect: String, optionClause: String?) throws {
        let probe = try ProbeWrapper.countProbe(for: sql)
        #expect(probe.cteList == cteList)
        #expect(probe.mainSelect == mainSelect)
        #expect(probe.optionClause == optionClause)
        #expect(probe.alias == "gate_probe")
        var expected = "SELECT COUNT(*) AS row_count FROM (\n\(mainSelect)\n) AS gate_probe"
        if let optionClause { expected += "\n" + optionClause }
        if let cteList { expected = cteList + "\n" + expected }
        #expect(probe.sql == expected)
        // The fetch query is the parts in order, with the text between them kept.
        #expect(probe.fetchSQL.hasPrefix(cteList ?? mainSelect))
        #expect(probe.fetchSQL.hasSuffix(optionClause ?? mainSelect))
        #expect(probe.fetchSQL.contains(mainSelect))
        #expect(sql.contains(probe.fetchSQL))
    }

    /// (query, the query to stream: the statement without comments, `;` and `GO` around it).
    static let fetches: [(String, String)] = [
        ("SELECT a FROM t", "SELECT a FROM t"),
        ("SELECT a FROM t;;\n", "SELECT a FROM t"),
        ("-- header\nSELECT a -- inner\nFROM t -- trailing\n;\nGO\n", "SELECT a -- inner\nFROM t"),
        ("GO\n;WITH c AS (SELECT 1 AS x)\n-- main\nSELECT x FROM c;\nGO 2", "WITH c AS (SELECT 1 AS x)\n-- main\nSELECT x FROM c"),
        ("WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 150)\nSELECT n FROM r\nOPTION (MAXRECURSION 200);",
         "WITH r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 150)\nSELECT n FROM r\nOPTION (MAXRECURSION 200)"),
        ("SELECT a FROM t OPTION (RECOMPILE) -- hint\n", "SELECT a FROM t OPTION (RECOMPILE)"),
        ("\u{FEFF}WITH c AS (\r\n  SELECT 1 AS x\r\n)\r\nSELECT x\r\nFROM c;\r\n", "WITH c AS (\r\n  SELECT 1 AS x\r\n)\r\nSELECT x\r\nFROM c"),
    ]

    @Test("fetchSQL is the statement as it should be streamed, and lints without findings", arguments: fetches)
    func fetch(_ sql: String, expected: String) throws {
        let probe = try ProbeWrapper.countProbe(for: sql)
        #expect(probe.fetchSQL == expected)
        let findings = SQLLint.check(probe.fetchSQL, file: "fetch.sql")
        #expect(findings.isEmpty, "\(findings.map(\.description))")
    }

    /// The original with whitespace, comments, `;` and `GO` lines stripped from both ends, by plain text
    /// edits (no lexer), as a reference for `fetchSQL`.
    static func normalized(_ sql: String) -> String {
        var text = sql.replacingOccurrences(of: "\u{FEFF}", with: "")
        var changed = true
        while changed {
            changed = false
            let before = text
            while let first = text.first, first.isWhitespace || first == ";" { text.removeFirst() }
            while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
            if text.hasPrefix("--") {
                text = String(text.drop { $0 != "\n" })
            } else if text.hasPrefix("/*"), let close = text.range(of: "*/") {
                text = String(text[close.upperBound...])
            } else if text.uppercased().hasPrefix("GO\n") {
                text = String(text.dropFirst(3))
            }
            if text.hasSuffix("*/"), let open = text.range(of: "/*", options: .backwards) {
                text = String(text[..<open.lowerBound])
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if let last = lines.last {
                let line = last.trimmingCharacters(in: .whitespaces)
                if line.uppercased() == "GO" || line.uppercased().hasPrefix("GO ") && Int(line.dropFirst(3)) != nil {
                    lines.removeLast()
                } else if let dashes = last.range(of: "--"), !last[..<dashes.lowerBound].contains("'") {
                    lines[lines.count - 1] = last[..<dashes.lowerBound]
                }
                text = lines.joined(separator: "\n")
            }
            changed = text != before
        }
        return text
    }

    @Test("the shipped fixture queries, and a recursive CTE with OPTION (MAXRECURSION 200), fetch as their normalized text")
    func fixtureFetch() throws {
        var queries = try Repo.fixtureQueries().map { ($0.file, $0.sql) }
        #expect(queries.count == 8)
        queries.append(("recursive", """
            -- Dates of the last 150 days.
            ;WITH days (d) AS (
                SELECT CAST(GETDATE() AS date)
                UNION ALL
                SELECT DATEADD(day, -1, d) FROM days WHERE d > DATEADD(day, -150, GETDATE())
            )
            SELECT d FROM days
            OPTION (MAXRECURSION 200);
            GO

            """))
        for (name, sql) in queries {
            let probe = try ProbeWrapper.countProbe(for: sql)
            #expect(probe.fetchSQL == Self.normalized(sql), "\(name)")
            let findings = SQLLint.check(probe.fetchSQL, file: name)
            #expect(!findings.contains { $0.severity == .error }, "\(name): \(findings.map(\.description))")
            #expect(findings.isEmpty, "\(name): \(findings.map(\.description))")
        }
        let recursive = try ProbeWrapper.countProbe(for: queries.last!.1)
        #expect(recursive.optionClause == "OPTION (MAXRECURSION 200)")
        #expect(recursive.fetchSQL.hasPrefix("WITH days (d) AS ("))
        #expect(recursive.fetchSQL.hasSuffix("SELECT d FROM days\nOPTION (MAXRECURSION 200)"))
    }

    @Test("the probe is one SELECT with the CTE list in front, and lints clean", arguments: splits.map(\.0))
    func probeShape(_ sql: String) throws {
        let probe = try ProbeWrapper.countProbe(for: "\(sql)", alias: "t")
        let findings = SQLLint.check(probe.sql, file: "probe.sql")
        #expect(findings.isEmpty, "\(findings.map(\.description))")
        let code = try SQLLexer.tokenize(probe.sql).filter { !$0.isComment }
        if probe.cteList != nil {
            #expect(code.first?.isKeyword("WITH") == true)
            #expect(!probe.mainSelect.uppercased().hasPrefix("WITH"))
        } else {
            #expect(code.first?.isKeyword("SELECT") == true)
        }
        #expect(!probe.mainSelect.hasSuffix(";"))
        // No CTE list lives inside the derived table.
        let inner = try SQLLexer.tokenize(probe.mainSelect).filter { !$0.isComment }
        if let first = inner.first { #expect(!first.isKeyword("WITH")) }
    }

    @Test("a custom alias")
    func alias() throws {
        let probe = try ProbeWrapper.countProbe(for: "WITH c AS (SELECT 1 AS x) SELECT x FROM c", alias: "virtual_table")
        #expect(probe.sql == "WITH c AS (SELECT 1 AS x)\nSELECT COUNT(*) AS row_count FROM (\nSELECT x FROM c\n) AS virtual_table")
        let plain = try ProbeWrapper.countProbe(for: "SELECT 1 AS x;", alias: "q")
        #expect(plain.sql == "SELECT COUNT(*) AS row_count FROM (\nSELECT 1 AS x\n) AS q")
    }

    /// (query, fragment of the error message).
    static let failures: [(String, String)] = [
        ("", "empty"),
        ("   \n", "empty"),
        ("-- only a comment\n/* and a block */", "empty"),
        (";;", "empty"),
        ("GO", "empty"),
        ("SELECT 'abc", "line 1:8: unterminated string"),
        ("SELECT a\n/* open", "line 2:1: unterminated /* comment"),
        ("WITH c AS SELECT 1", "line 1:1:"),
        ("WITH c AS (SELECT 1)", "line 1:1:"),
        ("WITH c AS (SELECT 1);", "line 1:1:"),
        ("WITH c AS (SELECT 1), SELECT 1", "line 1:1:"),
        ("WITH c AS (SELECT 1 SELECT 1", "line 1:1:"),
        ("-- x\n  WITH (NOLOCK) SELECT 1", "line 2:3:"),
    ]

    @Test("malformed queries are errors with a position, never a wrong probe", arguments: failures)
    func failure(_ sql: String, fragment: String) {
        #expect {
            try ProbeWrapper.countProbe(for: sql)
        } throws: { error in
            guard let error = error as? ProbeWrapperError else { return false }
            return error.message.contains(fragment) && error.description == error.message
        }
    }

    @Test("the split keeps every code token of the query, in order", arguments: LintCases.clean + LintCases.warnings.map(\.0) + splits.map(\.0))
    func reassembly(_ sql: String) throws {
        func codeTexts(_ text: String) throws -> [String] {
            try SQLLexer.tokenize(text).filter { !$0.isComment }.map(\.text)
        }
        guard let probe = try? ProbeWrapper.countProbe(for: sql) else {
            Issue.record("no probe for a valid query")
            return
        }
        var original = try codeTexts(sql)
        while original.first == ";" { original.removeFirst() }
        while original.last == ";" { original.removeLast() }
        if original.first?.uppercased() == "GO" { original.removeFirst() }
        if original.count >= 2, original[original.count - 2].uppercased() == "GO", Int(original.last!) != nil {
            original.removeLast(2)
        } else if original.last?.uppercased() == "GO", !sql.hasSuffix("AS go") {
            original.removeLast()
        }
        while original.last == ";" { original.removeLast() }
        let split = try codeTexts(probe.cteList ?? "") + codeTexts(probe.mainSelect) + codeTexts(probe.optionClause ?? "")
        #expect(split == original)
    }

    @Test("the shipped fixture queries wrap into valid probes; 42 and 43 hoist their CTEs")
    func fixtures() throws {
        let queries = try Repo.fixtureQueries()
        #expect(queries.count == 8)
        for (file, sql) in queries {
            let probe = try ProbeWrapper.countProbe(for: sql)
            #expect(SQLLint.check(probe.sql, file: file).isEmpty, "\(file)")
            #expect(probe.mainSelect.hasPrefix("SELECT"), "\(file)")
            #expect(probe.optionClause == nil)
            #expect(probe.sql.hasSuffix("\n) AS gate_probe"), "\(file)")
            let startsWithWith = try SQLLexer.tokenize(sql).first { !$0.isComment }?.isKeyword("WITH") == true
            #expect(startsWithWith == file.hasPrefix("42_") || startsWithWith == file.hasPrefix("43_"), "\(file)")
            if startsWithWith {
                let cteList = try #require(probe.cteList, "\(file)")
                #expect(cteList.hasPrefix("WITH"))
                #expect(cteList.hasSuffix(")"))
                #expect(probe.sql.hasPrefix(cteList + "\nSELECT COUNT(*) AS row_count FROM (\nSELECT"))
                // The comments before WITH stay out of the probe; the derived table holds only the main SELECT.
                #expect(!probe.sql.hasPrefix("--"))
            } else {
                #expect(probe.cteList == nil, "\(file)")
                #expect(probe.sql.hasPrefix("SELECT COUNT(*) AS row_count FROM (\nSELECT"), "\(file)")
            }
        }
    }

    @Test("query 42: five CTEs, then the main SELECT over cte_epd_0600")
    func fixture42() throws {
        let sql = try String(contentsOfFile: Repo.path("Fixtures/queries/42_pfill_existing_disposition.sql"), encoding: .utf8)
        let probe = try ProbeWrapper.countProbe(for: sql)
        let cteList = try #require(probe.cteList)
        #expect(cteList.hasPrefix("WITH\n/* 0030"))
        #expect(cteList.contains("cte_epd_0030 (loan_id, segment_name) AS ("))
        #expect(cteList.contains("cte_epd_0600"))
        #expect(!cteList.contains("FROM cte_epd_0600 AS f"))
        #expect(probe.mainSelect.hasPrefix("SELECT"))
        #expect(probe.mainSelect.hasSuffix("FROM cte_epd_0600 AS f"))
        #expect(!probe.mainSelect.contains("cte_epd_0030 (loan_id"))
        // CTE names defined in the list, in order.
        let code = try SQLLexer.tokenize(cteList).filter { !$0.isComment }
        let depths = SQLStructure.depths(code)
        let names = code.indices.filter { index in
            depths[index] == 0 && code[index].kind == .word && code[index].text.hasPrefix("cte_epd_")
        }.map { code[$0].text }
        #expect(names.first == "cte_epd_0030")
        #expect(names.last == "cte_epd_0600")
        #expect(names == names.sorted())
    }
}
