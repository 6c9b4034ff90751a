import Foundation
import PropertyBased
import Testing
@testable import GateKit

/// Fuzzing by properties: random texts built from T-SQL's troublesome pieces (quotes, brackets, comments in
/// every line-ending form, CTE lists, GO, OPTION, BOMs, no-break spaces) and random characters. The lexer,
/// the lint, the count-probe wrapper and the expectations loader never crash or hang, and keep their promises.
/// CI runs a short pass; `GATE_FUZZ_COUNT=250000 swift test --filter FuzzTests` runs a million inputs.
@Suite("Fuzzing", .offPool)
struct FuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["GATE_FUZZ_COUNT"] ?? "") ?? 1_500

    static let fragments = [
        "SELECT ", "WITH ", "a AS (", "b (x, y) AS (", ")", "(", ",", " ", "'", "N'", "''", "[", "]", "]]", "\"", "--", "/*", "*/",
        "\r", "\n", "\r\n", ";", "\nGO\n", "GO 2", " ORDER BY ", " TOP 5 ", " UNION ALL ", " OFFSET 0 ROWS", " FOR XML PATH", " FOR JSON AUTO",
        " FROM t", " WHERE ", " = ", "*", "x", "1", "1.5e3", "0x1F", ".", "::", " OPTION (MAXRECURSION 5)", "CASE WHEN 1 = 1 THEN 2 END",
        " INTO ", "DELETE ", "INSERT ", "EXEC ", "DECLARE @v INT", "@v", "#t", "é", "日本", "😀", "\u{FEFF}", "\u{A0}", "\t", "OVER (ORDER BY a)",
        "WITHIN GROUP (ORDER BY a)", "WITH XMLNAMESPACES ('u' AS n)", "COUNT(*)", " AS n", "t.[order]", "SELECT 1 AS a", "\u{0}", "\u{1B}[31m",
    ]

    static let pieces = Gen.oneOf(
        Gen.element(of: fragments).map { $0 ?? "" },
        Gen.unicodeScalar(in: "\u{1}"..."\u{2FF}").map { String(Character($0)) }
    )

    static let texts = pieces.array(of: 0...40).map { (parts: [String]) -> String in parts.joined(separator: "") }

    @Test("the lexer never crashes: tokens are in order, do not overlap, and are the exact source slices")
    func lexer() async {
        await propertyCheck(count: Self.count, input: Self.texts) { sql in
            let bytes = Array(sql.utf8)
            do {
                let tokens = try SQLLexer.tokenize(sql)
                var last = 0
                for token in tokens {
                    #expect(token.start >= last && token.end > token.start && token.end <= bytes.count)
                    #expect(String(decoding: bytes[token.start..<token.end], as: UTF8.self) == token.text)
                    #expect(token.line >= 1 && token.column >= 1)
                    last = token.end
                }
            } catch let error as SQLLexError {
                #expect(error.line >= 1 && error.column >= 1)
            } catch {
                Issue.record("the lexer threw \(error)")
            }
        }
    }

    @Test("the lint never crashes, and every finding has a rule and a position")
    func lint() async {
        await propertyCheck(count: Self.count, input: Self.texts) { sql in
            for finding in SQLLint.check(sql, file: "fuzz.sql") {
                #expect(finding.rule != nil && finding.line >= 1 && finding.column >= 1, "\(finding)")
            }
        }
    }

    @Test("the count probe lexes, its parentheses balance, and it keeps the query's code tokens, in order")
    func wrapper() async {
        await propertyCheck(count: Self.count, input: Self.texts) { sql in
            guard let probe = try? ProbeWrapper.countProbe(for: sql),
                  let original = try? SQLLexer.tokenize(sql), let wrapped = try? SQLLexer.tokenize(probe.sql) else { return }
            let code = SQLStructure.code(wrapped)
            var depth = 0
            for token in code {
                if token.isSymbol("(") { depth += 1 }
                if token.isSymbol(")") { depth -= 1 }
                #expect(depth >= 0, "a ) before its ( in \(probe.sql)")
            }
            #expect(depth == 0, "unbalanced: \(probe.sql)")
            #expect(!SQLStructure.code(original).isEmpty)
            // Every code token of the query, but the leading and trailing `;` and GO it drops, is in the probe in order.
            let kept = SQLStructure.code(try! SQLLexer.tokenize(probe.fetchSQL)).map(\.text)
            var remaining = code.map(\.text)[...]
            for text in kept {
                guard let found = remaining.firstIndex(of: text) else {
                    Issue.record("token '\(text)' of the query is missing from the probe: \(probe.sql)")
                    return
                }
                remaining = remaining[(found + 1)...]
            }
        }
    }

    static let yamlPieces = Gen.oneOf(
        Gen.element(of: ["version: 1\n", "environments:\n", "  local:\n", "    api_url: http://x\n", "    api_url: {env: X}\n", "dashboards:\n",
                         "  - slug: a\n", "    title: A\n", "    query: q.sql\n", "    rows: {local: 1}\n", "    rows: {local: {min: 2, max: 1}}\n",
                         "    charts:\n", "      - {name: T, viz: table}\n", "settings: {concurrency: 0}\n", "sentinel: {path: /, module: M, status: s}\n",
                         "{", "}", "[", "]", ": ", "- ", "'", "\"", "&a ", "*a ", "!!str ", "---\n", "...\n", "\t", "#", "\u{0}", "\u{FEFF}", "é"])
            .map { $0 ?? "" },
        Gen.unicodeScalar(in: "\u{1}"..."\u{7F}").map { String(Character($0)) }
    )

    static let yamlTexts = yamlPieces.array(of: 0...30).map { (parts: [String]) -> String in parts.joined(separator: "") }

    @Test("the expectations loader never crashes: a file either loads or is a configuration error naming the file")
    func loader() async {
        await propertyCheck(count: Self.count, input: Self.yamlTexts) { yaml in
            do {
                _ = try ExpectationsLoader.parse(yaml, file: "fuzz.yaml") { _ in "SELECT 1 AS a" }
            } catch let error as ConfigurationError {
                #expect(error.file == "fuzz.yaml")
            } catch {
                Issue.record("the loader threw \(error)")
            }
        }
    }
}
