import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Input an attacker or an unlucky repository might hand the gate's loader and lint: deep nesting, huge texts,
/// alias bombs, files that are not files, paths out of the folder, invisible characters. Each is refused with an
/// error naming what and where, and the work it takes is bounded (time bounds here are 5x or more what an idle
/// debug build measures; most tests assert the refusal, not the time).
@Suite("Hostile input: load and lint", .offPool)
struct HostileInputTests {
    /// A fresh folder holding `expectations.yaml` (the minimal file) and its query `q/one.sql`.
    func project(yaml: String = ExpectationsTests.minimal, query: String = "SELECT 1 AS a") throws -> (folder: String, file: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/q", withIntermediateDirectories: true)
        try query.write(toFile: folder + "/q/one.sql", atomically: true, encoding: .utf8)
        try yaml.write(toFile: folder + "/expectations.yaml", atomically: true, encoding: .utf8)
        return (folder, folder + "/expectations.yaml")
    }

    func loadError(_ file: String) -> ConfigurationError? {
        do {
            _ = try ExpectationsLoader.load(path: file)
            return nil
        } catch {
            return error
        }
    }

    func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        body()
        return (clock.now - start).seconds
    }

    // MARK: lint

    @Test("50,000 nested parentheses are refused by depth at the first level past 1,000, quickly (95 s before)")
    func deepParentheses() {
        let sql = "SELECT " + String(repeating: "(", count: 50_000) + "1" + String(repeating: ")", count: 50_000) + " AS x"
        var findings: [Diagnostic] = []
        let took = seconds { findings = SQLLint.check(sql, file: "deep.sql") }
        #expect(findings.count == 1)
        let finding = findings.first
        #expect(finding?.rule == .tooLarge && finding?.severity == .error && finding?.file == "deep.sql")
        #expect(finding?.line == 1 && finding?.column == 8 + 1_000, "at the 1,001st (: \(finding?.description ?? "-")")
        #expect(finding?.message.contains("more than 1000 levels") == true)
        // Idle debug build: about 0.1 s.
        #expect(took < 10, "took \(took) s")
        // Exactly at the limit is linted as usual.
        let atLimit = "SELECT " + String(repeating: "(", count: 1_000) + "1" + String(repeating: ")", count: 1_000) + " AS x"
        #expect(SQLLint.check(atLimit, file: "ok.sql").isEmpty)
    }

    @Test("lint time grows linearly with the nesting: 900 nested subqueries around a long text cost about what the text costs alone")
    func nestedSubqueriesLinear() {
        let middle = "t WHERE " + (0..<5_000).map { "a\($0) = \($0)" }.joined(separator: " AND ")
        let flat = "SELECT x FROM " + middle
        let nested = "SELECT x FROM " + String(repeating: "(SELECT x FROM ", count: 900) + middle + String(repeating: ") a", count: 900)
        _ = SQLLint.check(flat, file: "warm.sql")
        var flatFindings: [Diagnostic] = [], nestedFindings: [Diagnostic] = []
        let flatTime = seconds { flatFindings = SQLLint.check(flat, file: "flat.sql") }
        let nestedTime = seconds { nestedFindings = SQLLint.check(nested, file: "nested.sql") }
        #expect(flatFindings.isEmpty && nestedFindings.isEmpty, "\(nestedFindings.map(\.description))")
        // Quadratic (before): 900 levels times the text, about 60 times the flat lint. Linear: about twice it.
        #expect(nestedTime < max(20 * flatTime, 1), "flat \(flatTime) s, nested \(nestedTime) s")
    }

    @Test("statement splitting is linear: INSERT … SELECT followed by 20,000 SELECTs (2.9 s release before, quadratic)")
    func insertSelects() {
        let sql = "INSERT INTO t SELECT 1 " + String(repeating: "SELECT 1 ", count: 20_000)
        var findings: [Diagnostic] = []
        let took = seconds { findings = SQLLint.check(sql, file: "q.sql") }
        #expect(findings.map(\.rule) == [.writeStatement])
        // Idle debug build: about 0.2 s.
        #expect(took < 5, "took \(took) s")
    }

    @Test("the count probe drops 300,000 leading semicolons at once, not one removal each")
    func leadingSemicolons() throws {
        let sql = String(repeating: ";", count: 300_000) + "\nGO\nSELECT 1 AS a"
        var probe: CountProbe?
        let took = seconds { probe = try? ProbeWrapper.countProbe(for: sql) }
        #expect(probe?.mainSelect == "SELECT 1 AS a" && probe?.fetchSQL == "SELECT 1 AS a")
        // Idle debug build: about 0.3 s.
        #expect(took < 5, "took \(took) s")
        // `;GO` on one line: GO is still a batch separator once the semicolons are dropped, as before.
        #expect(try ProbeWrapper.countProbe(for: ";GO\nSELECT 1 AS a").mainSelect == "SELECT 1 AS a")
    }

    @Test("a query over max_query_bytes is refused unread, naming the file (repository) and the dataset (Superset)")
    func hugeQuery() {
        let huge = "SELECT " + String(repeating: "1+", count: 2 * 1024 * 1024 + 10) + "1 AS x"
        let findings = SQLLint.check(huge, file: "q/huge.sql")
        #expect(findings.count == 1 && findings.first?.rule == .tooLarge)
        #expect(findings.first.map { $0.description.hasPrefix("q/huge.sql:1:1: error: the query is \(huge.utf8.count) bytes, over max_query_bytes (4194304)") } == true,
                "\(findings.map(\.description))")
        let deployed = LintStage.deployed(sql: huge, slug: "sales", table: "v_sales")
        #expect(deployed.refuses && deployed.findings.first?.file == "superset:sales/v_sales")
        // A smaller cap, as max_query_bytes sets it.
        let capped = LintStage.deployed(sql: "SELECT 1 AS a -- " + String(repeating: "x", count: 2_000), slug: "s", table: "t", maxQueryBytes: 1024)
        #expect(capped.refuses && capped.findings.first?.message.contains("over max_query_bytes (1024)") == true)
    }

    @Test("the drift check compares texts over the cap byte for byte, without tokenizing them")
    func hugeDrift() {
        let huge = "SELECT " + String(repeating: "1+", count: 2 * 1024 * 1024 + 10) + "1 AS x"
        var same = false
        let took = seconds { same = SQLText.normalized(huge) == SQLText.normalized(huge) }
        #expect(same && took < 5, "took \(took) s")
        #expect(SQLText.normalized(huge) != SQLText.normalized(huge + " "))
        #expect(SQLText.firstDifference(deployed: huge, repository: huge + " ").contains("first difference at byte \(huge.utf8.count + 1)"))
        // Under the cap, code is compared as code: comments and case do not count.
        #expect(SQLText.normalized("select a -- x\nfrom t") == SQLText.normalized("SELECT a FROM t"))
    }

    @Test("max_query_bytes is a setting: the file's value reaches the plan and the lint stage")
    func maxQueryBytesSetting() throws {
        let text = ExpectationsTests.minimal.replacingOccurrences(of: "version: 1\n", with: "version: 1\nsettings: {max_query_bytes: 2048}\n")
        let expectations = try ExpectationsLoader.parse(text, file: "exp.yaml") { _ in "SELECT 1 AS a -- " + String(repeating: "x", count: 1_500) }
        #expect(expectations.settings.maxQueryBytes == 2048)
        let plan = try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.db]))
        #expect(LintStage.lint(plan)["one"]?.refuses == false)
        let small = try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.db], settings: SettingsOverride(maxQueryBytes: 1024)))
        #expect(LintStage.lint(small)["one"]?.findings.first?.rule == .tooLarge)
        #expect(Settings.defaults.maxQueryBytes == 4 * 1024 * 1024)
    }

    @Test("a lint that runs past the task's deadline stops with an error naming the query and the deadline")
    func lintUnderDeadline() async {
        let long = "SELECT " + (0..<200_000).map { "c\($0)" }.joined(separator: ", ") + " FROM t"
        let passed = CallDeadline(instant: .now - .seconds(1), reason: "the run deadline (5 s)")
        let verdict = CallDeadline.$current.withValue(passed) { LintStage.deployed(sql: long, slug: "sales", table: "v_sales") }
        #expect(verdict.refuses && verdict.stoppedAtDeadline)
        #expect(verdict.findings.first?.message.contains("the run deadline (5 s) passed during the lint of superset:sales/v_sales") == true,
                "\(verdict.findings.map(\.description))")
        // A short text is linted whole: it costs microseconds, and its verdict is the real one.
        let short = CallDeadline.$current.withValue(passed) { LintStage.deployed(sql: "SELECT a FROM t ORDER BY a", slug: "s", table: "t") }
        #expect(short.findings.map(\.rule) == [.outerOrderBy] && !short.stoppedAtDeadline)
        // Without a deadline the long text is linted (its columns are named: no findings).
        #expect(!LintStage.deployed(sql: long, slug: "sales", table: "v_sales").refuses)
    }

    @Test("a deadline that passes in the middle of a long lint stops it soon after, with the error (the whole lint: about 13 s, debug)")
    func lintStopsMidway() async {
        let dense = "SELECT " + String(repeating: "1+", count: 2 * 1024 * 1024 - 64) + "1 AS x"
        let deadline = CallDeadline(seconds: 0.3, reason: "the run deadline (1 s)")
        var verdict = LintVerdict(findings: [])
        let took = seconds { verdict = CallDeadline.$current.withValue(deadline) { LintStage.deployed(sql: dense, slug: "s", table: "t") } }
        #expect(verdict.stoppedAtDeadline, "\(verdict.findings.map(\.description))")
        #expect(ContinuousClock.now >= deadline.instant, "stopped before the deadline")
        // Idle: 0.3 s plus at most one check interval (4,096 tokens); 5 s is far below the whole lint.
        #expect(took < 5, "took \(took) s")
    }

    @Test("a NUL or a BOM inside SQL is a lint error at its line and column, in a file and in Superset; a leading BOM is not")
    func invisibleCharacters() {
        let cases: [(String, Int, Int)] = [
            ("SELECT 1 AS a\u{0}; DROP TABLE t", 1, 14),
            ("SELECT a\nFROM t WHERE b = 'x\u{0}y'", 2, 20),
            ("SELECT a FROM t\r\nWHERE \u{FEFF}b = 1", 2, 7),
            ("SELECT [na\u{FEFF}me] FROM t", 1, 11),
        ]
        for (sql, line, column) in cases {
            let findings = SQLLint.check(sql, file: "q.sql")
            #expect(findings.count == 1 && findings.first?.rule == .invisibleCharacter, "\(sql.debugDescription): \(findings.map(\.description))")
            #expect(findings.first?.line == line && findings.first?.column == column, "\(sql.debugDescription): \(findings.map(\.description))")
            #expect(LintStage.deployed(sql: sql, slug: "s", table: "t").findings.first?.rule == .invisibleCharacter)
        }
        #expect(SQLLint.check("\u{FEFF}SELECT 1 AS a", file: "q.sql").isEmpty)
    }

    // MARK: YAML

    @Test("aliases used as mapping keys are refused at their line before Yams composes (41 s at depth 7 before)")
    func aliasKeys() throws {
        var yaml = "a0: &k0 [x, x]\n"
        for depth in 1...11 { yaml += "a\(depth): &k\(depth) {? *k\(depth - 1) : 1, b: *k\(depth - 1)}\n" }
        yaml += "top:\n  ? *k11\n  : 1\n"
        let (_, file) = try project(yaml: yaml)
        var error: ConfigurationError?
        let took = seconds { error = loadError(file) }
        #expect(error?.file == file && error?.line == 2, "\(error?.description ?? "loaded")")
        #expect(error?.message.contains("alias (*k0) is used as a mapping key") == true, "\(error?.description ?? "loaded")")
        #expect(took < 5, "took \(took) s")
        // A list or a mapping as a key is refused as well.
        let complex = try project(yaml: "? [a, b]\n: c\n")
        #expect(loadError(complex.file)?.message.contains("a list is used as a mapping key") == true)
    }

    @Test("a billion-laughs alias bomb is refused at the alias that passes 100,000 expanded nodes")
    func billionLaughs() throws {
        var yaml = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 { yaml += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let (_, file) = try project(yaml: yaml)
        var error: ConfigurationError?
        let took = seconds { error = loadError(file) }
        #expect(error?.message.contains("aliases expand to more than 100000 nodes") == true, "\(error?.description ?? "loaded")")
        #expect(error?.file == file && (error?.line ?? 0) >= 4, "\(error?.description ?? "loaded")")
        #expect(took < 5, "took \(took) s")
    }

    @Test("an alias that multiplies a long text (a 300 kB note on every dashboard) is refused at its line")
    func aliasedLongText() throws {
        var yaml = "a: &note \"" + String(repeating: "n", count: 300_000) + "\"\n"
        for index in 1...8 { yaml += "b\(index): *note\n" }
        let (_, file) = try project(yaml: yaml)
        let error = loadError(file)
        #expect(error?.message.contains("aliases repeat more than 1048576 bytes of text") == true, "\(error?.description ?? "loaded")")
        #expect((error?.line ?? 0) >= 4, "\(error?.description ?? "loaded")")
    }

    @Test("plain aliases as values still load, and the repository's expectations file loads")
    func aliasesAsValues() throws {
        let yaml = ExpectationsTests.minimal
            .replacingOccurrences(of: "rows: {local: 11, staging: {min: 1, max: 20}}", with: "rows: {local: 11, staging: &range {min: 1, max: 20}}")
            .replacingOccurrences(of: "charts:\n      - {name: Table, viz: table}", with: "charts:\n      - {name: Table, viz: table, rows: {staging: *range}}")
        #expect(yaml.contains("*range"))
        let (_, file) = try project(yaml: yaml)
        let loaded = try ExpectationsLoader.load(path: file)
        #expect(loaded.dashboards.first?.charts.first?.rows["staging"] == .range(min: 1, max: 20))
        #expect(try ExpectationsLoader.load(path: Repo.expectationsPath).dashboards.count > 0)
    }

    // MARK: query files

    @Test("a query file that is a FIFO, a device, a folder, over the cap or sparse is refused without being read, naming the file and line")
    func queryFilesThatAreNotFiles() throws {
        let (folder, file) = try project()
        let query = folder + "/q/one.sql"
        func refusal() -> String { loadError(file).map { "\($0.line ?? 0) \($0.message)" } ?? "loaded" }

        // A FIFO with no writer: reading it would block forever.
        try FileManager.default.removeItem(atPath: query)
        #expect(mkfifo(query, 0o600) == 0)
        #expect(refusal().hasPrefix("12 query file 'q/one.sql' of dashboard 'one': it is a FIFO (named pipe)"), "\(refusal())")

        // A sparse file of a gigabyte: refused by its size, never read (6 GB of memory before).
        try FileManager.default.removeItem(atPath: query)
        #expect(FileManager.default.createFile(atPath: query, contents: Data("SELECT 1 AS a".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: query))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        #expect(refusal().contains("it is 1073741824 bytes, over max_query_bytes (4194304)"), "\(refusal())")

        // Just over the cap.
        try String(repeating: "x", count: 4 * 1024 * 1024 + 1).write(toFile: query, atomically: true, encoding: .utf8)
        #expect(refusal().contains("over max_query_bytes"), "\(refusal())")

        // A folder, and a link to /dev/zero (a device: endless).
        try FileManager.default.removeItem(atPath: query)
        try FileManager.default.createDirectory(atPath: query, withIntermediateDirectories: false)
        #expect(refusal().contains("it is a folder"), "\(refusal())")
        #expect(QueryFile.read("/dev/zero", maxBytes: 1024) == .failure(.notAFile(kind: "a device")))
    }

    @Test("binary or non-UTF-8 query files are load errors naming the file; the lint never quotes them")
    func binaryQueryFiles() throws {
        let (folder, file) = try project()
        let query = folder + "/q/one.sql"
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x53]).write(to: URL(fileURLWithPath: query))
        let binary = loadError(file)
        #expect(binary?.line == 12 && binary?.message.contains("it holds a NUL byte (at byte 6): a binary file, not SQL") == true, "\(binary?.description ?? "loaded")")
        try Data([0xC3, 0x28, 0x53]).write(to: URL(fileURLWithPath: query))
        #expect(loadError(file)?.message.contains("not text") == true)
        // UTF-16 with a BOM holds NUL bytes and is text.
        try (Data([0xFF, 0xFE]) + "SELECT 1 AS a".data(using: .utf16LittleEndian)!).write(to: URL(fileURLWithPath: query))
        #expect(try ExpectationsLoader.load(path: file).dashboards.first?.sql == "SELECT 1 AS a")
    }

    @Test("a query path out of the expectations file's folder (.., absolute, or a symlink) is refused naming the file and line, unless allowed")
    func queryPathConfinement() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("gate-outside-\(UUID().uuidString).sql").path
        try "SELECT 1 AS a".write(toFile: outside, atomically: true, encoding: .utf8)
        for written in ["../../../../../../../../etc/hostname", outside, "q/link.sql"] {
            let (folder, _) = try project()
            try FileManager.default.createSymbolicLink(atPath: folder + "/q/link.sql", withDestinationPath: outside)
            let yaml = ExpectationsTests.minimal.replacingOccurrences(of: "query: q/one.sql", with: "query: \(written)")
            try yaml.write(toFile: folder + "/expectations.yaml", atomically: true, encoding: .utf8)
            let error = loadError(folder + "/expectations.yaml")
            #expect(error?.line == 12 && error?.message.contains("outside the expectations file's folder") == true, "\(written): \(error?.description ?? "loaded")")
            #expect(error?.hint?.contains("allow_queries_outside: true") == true)
            // The file's opt-in allows it.
            try ("allow_queries_outside: true\n" + yaml).write(toFile: folder + "/expectations.yaml", atomically: true, encoding: .utf8)
            if written != "../../../../../../../../etc/hostname" || FileManager.default.fileExists(atPath: "/etc/hostname") {
                #expect(throws: Never.self, "\(written)") { try ExpectationsLoader.load(path: folder + "/expectations.yaml") }
            }
        }
        // A link inside the folder, and `..` that stays inside, are fine.
        let (folder, file) = try project()
        try FileManager.default.createSymbolicLink(atPath: folder + "/inside.sql", withDestinationPath: folder + "/q/one.sql")
        try ExpectationsTests.minimal.replacingOccurrences(of: "query: q/one.sql", with: "query: q/../inside.sql").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try ExpectationsLoader.load(path: file).dashboards.first?.sql == "SELECT 1 AS a")
    }

    @Test("loading stops at the task's deadline, naming the query file it reached")
    func loadUnderDeadline() throws {
        let (_, file) = try project()
        let passed = CallDeadline(instant: .now - .seconds(1), reason: "the run deadline (1 s)")
        let error = CallDeadline.$current.withValue(passed) { loadError(file) }
        #expect(error?.line == 12 && error?.message.contains("the run deadline (1 s) passed while the expectations were loading") == true,
                "\(error?.description ?? "loaded")")
    }

    @Test("an expectations path that is a FIFO is refused without waiting for a writer")
    func expectationsFIFO() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gate-fifo-\(UUID().uuidString).yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(loadError(path)?.message.contains("a FIFO") == true)
    }
}
