import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// A corpus of bad inputs kept with the tests: every one is a configuration error naming the file and the
/// line (exit 2), or, for SQL, a lint finding naming the file and the line. None crashes.
@Suite("Bad input corpus", .offPool)
struct BadInputCorpusTests {
    static let minimal = ExpectationsTests.minimal
    static let queries = ["q/one.sql": "SELECT 1 AS a"]

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let yaml: String
        var queries: [String: String] = BadInputCorpusTests.queries
        var testDescription: String { label }
    }

    /// `minimal` with one text replaced; the replacement must change it.
    static func edit(_ label: String, _ old: String, _ new: String) -> Case {
        precondition(minimal.contains(old), "corpus edit '\(label)' does not apply")
        return Case(label: label, yaml: minimal.replacingOccurrences(of: old, with: new))
    }

    static let corpus: [Case] = {
        var cases: [Case] = []
        // Malformed YAML.
        let malformed = ["environments: [", "environments:\n  local: {api_url: [oops\n", "a: b: c", "- [", "{", "key: 'unclosed",
                         "key: \"unclosed", "environments:\n\tlocal: {}", "environments:\n  local:\n   - a\n  - b", "? [a, b]\n: c",
                         "environments: &a\n  local: *b", "dashboards: !!binary notbase64@@", "%YAML 9.9\n---\na: 1", "a: 1\n---\nb: 2\n...\n]",
                         "\u{00}", "environments:\n  local: {api_url: http://x}\n dashboards: []", "]]]", "- a\nb: c", "a:\n  - b\n  c: d",
                         "environments: {local: {api_url: \"http://x\"}, local: {}}",
                         // An alias or a list as a key, and an alias bomb: refused before Yams composes.
                         "k: &k [a, b]\nenvironments:\n  ? *k\n  : 1", "environments:\n  ? {a: b}\n  : 1",
                         "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...6).map { "l\($0): &l\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*l\($0 - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n")]
        for (index, text) in malformed.enumerated() { cases.append(Case(label: "malformed YAML \(index + 1)", yaml: text)) }
        // Empty and truncated files.
        for (index, text) in ["", " ", "\n\n", "# only a comment\n", "---\n", "null\n", "~\n", "[]\n", "42\n", "text\n"].enumerated() {
            cases.append(Case(label: "empty or not a mapping \(index + 1)", yaml: text))
        }
        let lines = minimal.split(separator: "\n", omittingEmptySubsequences: false)
        // Cut before the first dashboard is complete (a cut after it can leave a valid, shorter file), and cut
        // inside every flow mapping.
        for cut in 1...12 {
            cases.append(Case(label: "truncated after line \(cut)", yaml: lines.prefix(cut).joined(separator: "\n")))
        }
        for (index, line) in lines.enumerated() where line.contains("{") {
            let half = line.prefix(line.count / 2 + 1)
            guard !half.contains("}") else { continue }
            cases.append(Case(label: "truncated inside line \(index + 1)", yaml: (lines.prefix(index) + [half]).joined(separator: "\n")))
        }
        // Unknown keys, at every level.
        cases += [
            edit("unknown top-level key", "version: 1", "version: 1\nversions: 2"),
            edit("unknown environment key", "    odbc_connection_string_env: GATE_ODBC", "    odbc_connection_string_env: GATE_ODBC\n    odbc: x"),
            edit("unknown sentinel key", "match: prefix}", "match: prefix, modul: X}"),
            edit("unknown dashboard key", "    note: why", "    notes: why"),
            edit("unknown chart key", "{name: Table, viz: table}", "{name: Table, viz: table, type: pie}"),
            edit("unknown range key", "{min: 1, max: 20}", "{min: 1, maximum: 20}"),
            edit("unknown settings key", "version: 1", "version: 1\nsettings: {timeout: 3}"),
            edit("unknown environment settings key", "    odbc_connection_string_env: GATE_ODBC", "    odbc_connection_string_env: GATE_ODBC\n    settings: {retry: 2}"),
            edit("unknown env source key", "{env: STAGING_API}", "{environment: STAGING_API}"),
        ]
        // Wrong types for every key.
        let wrongTypes: [(String, String, String)] = [
            ("version as text", "version: 1", "version: one"), ("version as list", "version: 1", "version: [1]"),
            ("environments as list", "environments:\n  local:", "environments:\n  - local:"),
            ("api_url as list", "api_url: http://127.0.0.1:8089", "api_url: [http://127.0.0.1:8089]"),
            ("api_url not a URL", "api_url: http://127.0.0.1:8089", "api_url: 127 0 0 1"),
            ("api_url with a query", "api_url: http://127.0.0.1:8089", "api_url: http://127.0.0.1:8089/?token=x"),
            ("api_url with a fragment", "api_url: http://127.0.0.1:8089", "api_url: http://127.0.0.1:8089/#top"),
            ("env source without env", "{env: STAGING_API}", "{}"), ("env source as list", "{env: STAGING_API}", "[STAGING_API]"),
            ("odbc variable as mapping", "odbc_connection_string_env: GATE_ODBC", "odbc_connection_string_env: {name: GATE_ODBC}"),
            ("odbc variable empty", "odbc_connection_string_env: GATE_ODBC", "odbc_connection_string_env: ''"),
            ("sentinel as list", "sentinel: {", "sentinel: [{"), ("sentinel without status", "status: phase-8, ", ""),
            ("sentinel bad match", "match: prefix", "match: fuzzy"), ("sentinel bad pattern", "status: phase-8, match: prefix", "status: '[', match: pattern"),
            ("dashboards as mapping", "dashboards:\n  - slug: one", "dashboards:\n  one:\n    slug: one"),
            ("slug as list", "slug: one", "slug: [one]"), ("slug empty", "slug: one", "slug: ''"),
            ("title as mapping", "title: One", "title: {text: One}"), ("query as number", "query: q/one.sql", "query: 42"),
            ("rows as list", "rows: {local: 11, staging: {min: 1, max: 20}}", "rows: [11]"),
            ("rows as text", "{local: 11,", "{local: eleven,"), ("rows negative", "{local: 11,", "{local: -1,"),
            ("rows fraction", "{local: 11,", "{local: 1.5,"), ("rows range empty", "{min: 1, max: 20}", "{}"),
            ("rows range inverted", "{min: 1, max: 20}", "{min: 30, max: 20}"), ("rows range text", "{min: 1, max: 20}", "{min: a}"),
            ("rows unknown environment", "{local: 11,", "{prod: 11,"), ("level unknown", "    note: why", "    level: maybe"),
            ("note as list", "note: why", "note: [why]"), ("published not a boolean", "    note: why", "    published: maybe"),
            ("charts as mapping", "charts:\n      - {name: Table, viz: table}", "charts: {name: Table}"),
            ("chart without viz", "{name: Table, viz: table}", "{name: Table}"), ("chart without name", "{name: Table, viz: table}", "{viz: table}"),
            ("chart rows unknown environment", "{name: Table, viz: table}", "{name: Table, viz: table, rows: {prod: 1}}"),
            ("chart rows as text", "{name: Table, viz: table}", "{name: Table, viz: table, rows: {local: many}}"),
            ("ids unknown environment", "    title: One", "    title: One\n    ids: {prod: 1}"), ("ids as text", "    title: One", "    title: One\n    ids: {local: x}"),
            ("settings as list", "version: 1", "version: 1\nsettings: [1]"), ("settings zero", "version: 1", "version: 1\nsettings: {concurrency: 0}"),
            ("settings negative retries", "version: 1", "version: 1\nsettings: {retries: -1}"),
            ("settings tiny cap", "version: 1", "version: 1\nsettings: {max_response_bytes: 10}"),
            ("settings as text", "version: 1", "version: 1\nsettings: {run_deadline_seconds: soon}"),
            ("settings overflowing", "version: 1", "version: 1\nsettings: {query_timeout_seconds: 9223372036854775807}"),
            ("settings too many retries", "version: 1", "version: 1\nsettings: {retries: 1000}"),
            ("superset_database as list", "odbc_connection_string_env: GATE_ODBC", "odbc_connection_string_env: GATE_ODBC\n    superset_database: [a]"),
            ("ca_file as mapping", "odbc_connection_string_env: GATE_ODBC", "odbc_connection_string_env: GATE_ODBC\n    ca_file: {path: x}"),
        ]
        cases += wrongTypes.map { edit($0.0, $0.1, $0.2) }
        // Duplicates.
        cases += [
            edit("duplicate slug", "    charts:\n      - {name: Table, viz: table}", "    charts:\n      - {name: Table, viz: table}\n  - {slug: one, title: Two, query: q/one.sql, rows: {local: 1}}"),
            edit("duplicate chart", "      - {name: Table, viz: table}", "      - {name: Table, viz: table}\n      - {name: Table, viz: pie}"),
            edit("duplicate key", "    title: One", "    title: One\n    title: Uno"),
            edit("duplicate environment", "  staging:\n", "  local:\n    api_url: http://x\n  staging:\n"),
            edit("duplicate version", "version: 1", "version: 1\nversion: 1"),
        ]
        // Query files: missing, not text, not UTF-8.
        cases += [
            Case(label: "missing query file", yaml: minimal, queries: [:]),
            Case(label: "query file named wrong", yaml: minimal.replacingOccurrences(of: "q/one.sql", with: "q/two.sql")),
        ]
        // A line of a megabyte.
        cases.append(Case(label: "a megabyte of garbage on one line", yaml: minimal + "\n" + String(repeating: "[{", count: 500_000)))
        cases.append(edit("a megabyte-long unknown key", "version: 1", "version: 1\n" + String(repeating: "k", count: 1_000_000) + ": 1"))
        return cases
    }()

    @Test("the corpus holds at least 100 bad inputs")
    func size() {
        #expect(Self.corpus.count >= 100, "\(Self.corpus.count)")
    }

    @Test("every bad expectations file is a configuration error naming the file and a line", arguments: corpus)
    func badExpectations(_ bad: Case) {
        do {
            let loaded = try ExpectationsLoader.parse(bad.yaml, file: "exp.yaml") { bad.queries[$0] }
            // Loading may only succeed where the plan for an environment then refuses it.
            _ = try GatePlan(loaded, environment: "local", options: GateOptions())
            Issue.record("\(bad.label): accepted")
        } catch {
            #expect(error.file == "exp.yaml", "\(bad.label): \(error)")
            #expect(error.line != nil || error.message.contains("environment") || error.message.contains("dashboards"),
                    "\(bad.label): no line in \(error)")
            #expect(!error.description.isEmpty)
        }
    }

    /// SQL that a query file may hold: each gives a lint finding at a line, never a crash or a silent pass.
    static let badSQL: [(String, String)] = [
        ("empty", ""), ("only a comment", "-- nothing"), ("only semicolons", ";;;"), ("two statements", "SELECT 1 AS a; SELECT 2 AS b"),
        ("DML", "DELETE FROM t"), ("DML in a CTE", "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d"), ("insert", "INSERT INTO t VALUES (1)"),
        ("unterminated string", "SELECT 'abc"), ("unterminated comment", "SELECT 1 /* open"), ("unterminated identifier", "SELECT [a"),
        ("unbalanced parenthesis", "SELECT (1 AS a"), ("outer ORDER BY", "SELECT a FROM t ORDER BY a"), ("SELECT INTO", "SELECT a INTO t2 FROM t"),
        ("not a select", "DECLARE @x INT"), ("EXEC", "EXEC sp_who"), ("WITH without SELECT", "WITH a AS (SELECT 1 AS x)"),
        ("a megabyte line", "SELECT '" + String(repeating: "x", count: 1_000_000)), ("NUL bytes", "SELECT 1\u{0} AS a; DROP TABLE t"),
        ("control characters", "SELECT 1 AS a\u{1B}[2J; DELETE FROM t"), ("CR-hidden ORDER BY", "SELECT a FROM t -- x\rORDER BY a"),
    ]

    @Test("bad SQL in a query file is a lint error at a line; none passes, none crashes")
    func badQueries() {
        for (label, sql) in Self.badSQL {
            let findings = SQLLint.check(sql, file: "q.sql")
            #expect(findings.contains { $0.severity == .error }, "\(label): \(findings.map(\.description))")
            #expect(findings.allSatisfy { $0.file == "q.sql" && $0.line >= 1 && $0.column >= 1 }, "\(label)")
        }
    }

    @Test("query files that are not UTF-8 (nor UTF-16 with a BOM) are refused, naming the file and line")
    func notText() {
        for bytes in [Data([0xC3, 0x28]), Data([0xFF, 0xFF, 0x00]), Data([0x80, 0x81, 0x82])] {
            #expect(QueryFile.decode(bytes) == nil)
        }
        do {
            _ = try ExpectationsLoader.parse(Self.minimal, file: "exp.yaml") { _ in QueryFile.decode(Data([0xC3, 0x28])) }
            Issue.record("a query file that is not text loaded")
        } catch {
            #expect(error.line == 12 && error.message.contains("q/one.sql"), "\(error)")
        }
    }

    @Test("a connection string over 32 KB is a configuration error, never an overflow; a URL with a query is refused")
    func oversizedValues() throws {
        let expectations = try ExpectationsLoader.parse(Self.minimal, file: "exp.yaml") { Self.queries[$0] }
        let plan = try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.db]))
        let huge = "Driver={X};Server=s;Pwd=" + String(repeating: "p", count: 40_000) + ";"
        do {
            _ = try TargetFactory.targets(for: plan, variables: ["GATE_ODBC": huge])
            Issue.record("a 40 KB connection string was accepted")
        } catch {
            #expect(error.message.contains("ODBC takes at most 32767"), "\(error)")
            #expect(!error.description.contains(String(repeating: "p", count: 100)), "the secret is not echoed")
        }
        #expect(throws: ODBCError.self) { _ = try ODBCConnection(connectionString: huge, options: ODBCOptions(loginTimeoutSeconds: 1, queryTimeoutSeconds: 1)) }
        var staging = expectations
        staging.environments[1].apiURL = .environment("STAGING_API")
        let sentinel = try GatePlan(staging, environment: "staging", options: GateOptions(arms: [.sentinel]))
        do {
            _ = try TargetFactory.targets(for: sentinel, variables: ["STAGING_API": "https://api.example/?token=abc"])
            Issue.record("a URL with a query was accepted")
        } catch {
            #expect(error.message.contains("has a query or a fragment"))
        }
    }
}
