import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// gate-runner as a release manager runs it: output and exit codes (an API, see the README).
@Suite("gate-runner command line")
struct CLITests {
    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gate-runner").path
        return FileManager.default.isExecutableFile(atPath: beside) ? beside : Repo.path(".build/debug/gate-runner")
    }()

    struct Run: Sendable {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs gate-runner from the repository's root.
    func gate(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> Run {
        try await Self.run(arguments, input: input, environment: environment)
    }

    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> Run {
        let finished = try await Processes.run(binary, arguments, input: input, environment: environment, folder: Repo.root)
        return Run(status: finished.status, output: finished.output, errors: finished.errors)
    }

    /// A JUnit file's testcases as a JUnit reader from PyPI names them (classname and name), sorted; the file is read by
    /// the other reader too, and neither may fail on it.
    static func junitTestcases(_ path: String) async throws -> [String] {
        let read = try await Scripts.run("junit-readers", ["--names", path])
        #expect(!read.contains("failed"), "\(read)")
        return read.split(separator: "\n").filter { $0.hasPrefix("testcase\t") }.map(String.init).sorted()
    }

    func temporary(_ name: String, _ text: String) throws -> String {
        let folder = try TemporaryFolder.make("gate-cli")
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("lint: clean files exit 0, an outer ORDER BY exits 1 in compiler style, an unreadable file exits 2")
    func lint() async throws {
        #expect(try await gate(["lint"] + (try FileManager.default.contentsOfDirectory(atPath: Repo.path("Fixtures/queries")))
            .filter { $0.hasSuffix(".sql") }.map { "Fixtures/queries/\($0)" }).status == 0)
        let flagged = try await gate(["lint", "-"], input: "WITH c AS (SELECT 1 AS a)\nSELECT a FROM c\nORDER BY a\n")
        #expect(flagged.status == 1)
        #expect(flagged.output.hasPrefix("<stdin>:3:1: error: ORDER BY on the outermost query"))
        #expect(flagged.output.contains("[outer-order-by]"))
        let missing = try await gate(["lint", "no/such/file.sql"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("no/such/file.sql"))
    }

    @Test("lint refuses what is not a query file without reading it: a device, a FIFO nobody writes, standard input past the cap (exit 2, at once)")
    func lintRefusesNonFiles() async throws {
        let folder = try TemporaryFolder.make("gate-cli")
        let fifo = folder.appendingPathComponent("q.sql").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let device = try await gate(["lint", "/dev/zero"])
        #expect(device.status == 2 && device.errors.contains("/dev/zero: it is a device"), "\(device.errors)")
        let pipe = try await gate(["lint", fifo])
        #expect(pipe.status == 2 && pipe.errors.contains("FIFO"), "\(pipe.errors)")
        let huge = try await gate(["lint", "-"], input: String(repeating: "a", count: SQLLint.defaultMaxQueryBytes + 10))
        #expect(huge.status == 2 && huge.errors.contains("max_query_bytes"), "\(huge.errors)")
    }

    @Test("lint reads query files the way the gate does: UTF-16 with a BOM (SSMS) and UTF-8 with a BOM; --help lists every rule")
    func lintEncodings() async throws {
        let sql = "SELECT a\r\nFROM t\r\nORDER BY a\r\n"
        let folder = try TemporaryFolder.make("gate-cli")
        let utf16 = folder.appendingPathComponent("utf16.sql").path
        let utf8 = folder.appendingPathComponent("utf8bom.sql").path
        try (Data([0xFF, 0xFE]) + sql.data(using: .utf16LittleEndian)!).write(to: URL(fileURLWithPath: utf16))
        try (Data([0xEF, 0xBB, 0xBF]) + Data(sql.utf8)).write(to: URL(fileURLWithPath: utf8))
        let run = try await gate(["lint", utf16, utf8])
        #expect(run.status == 1, "\(run.errors)")
        #expect(run.output.contains("\(utf16):3:1: error: ORDER BY on the outermost query"))
        #expect(run.output.contains("\(utf8):3:1: error: ORDER BY on the outermost query"))
        let help = try await gate(["lint", "--help"])
        for rule in LintRule.all {
            #expect(help.output.contains(rule.id.rawValue), "--help does not list \(rule)")
        }
    }

    @Test("lint takes folders: every .sql below them, in order; a bad one is found by its path")
    func lintFolders() async throws {
        #expect(try await gate(["lint", "Fixtures/queries"]).status == 0)
        let bad = try temporary("nested/b.sql", "SELECT a FROM t ORDER BY a\n")
        let folder = URL(fileURLWithPath: bad).deletingLastPathComponent().deletingLastPathComponent().path
        try "SELECT 1 AS a\n".write(toFile: folder + "/a.sql", atomically: true, encoding: .utf8)
        let run = try await gate(["lint", folder])
        #expect(run.status == 1)
        #expect(run.output.hasPrefix(folder + "/nested/b.sql:1:17: error: ORDER BY"), "\(run.output)")
    }

    @Test("usage and configuration errors exit 2 with a message naming what to fix")
    func configurationErrors() async throws {
        let unknown = try await gate(["--env", "production"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("unknown environment 'production'"))
        #expect(try await gate(["--env", "local", "--arm", "nonsense"]).status == 2)
        #expect(try await gate([]).status == 2, "--env is required")
        #expect(try await gate(["--env", "local", "--wait", "soon"]).status == 2)
        // Each option's error names that option and its own limits, from the settings' table.
        let deadline = try await gate(["--env", "local", "--deadline", "soon"])
        #expect(deadline.status == 2 && deadline.errors.contains("--deadline 'soon' is not a duration"), "\(deadline.errors)")
        let concurrency = try await gate(["--env", "local", "--concurrency", "0"])
        #expect(concurrency.status == 2 && concurrency.errors.contains("--concurrency must be a whole number from 1 to 86400, not '0'"), "\(concurrency.errors)")
        let retries = try await gate(["--env", "local", "--retries", "21"])
        #expect(retries.status == 2 && retries.errors.contains("--retries must be a whole number from 0 to 20"), "\(retries.errors)")
        let broken = try temporary("expectations.yaml", "environments:\n  local: {api_url: [oops\n")
        let yaml = try await gate(["--env", "local", "--expectations", broken])
        #expect(yaml.status == 2)
        #expect(yaml.errors.contains("\(broken):"))
        let noVariable = try await gate(["--env", "local", "--arm", "db"], environment: ["GATE_ODBC": ""])
        #expect(noVariable.status == 2)
        #expect(noVariable.errors.contains("1 environment variable(s) of environment 'local' not set:\n  GATE_ODBC (odbc_connection_string_env, expectations.yaml:26)"),
                "\(noVariable.errors)")
        // Every unset variable at once, each at its line, nothing probed; and the version.
        let staging = try await gate(["check", "--env", "staging"], environment: ["GATE_STAGING_API_URL": "", "GATE_STAGING_SUPERSET_URL": "", "GATE_STAGING_ODBC": "",
                                                                                 "GATE_STAGING_SUPERSET_USER": "", "GATE_STAGING_SUPERSET_PASSWORD": ""])
        #expect(staging.status == 2 && staging.errors.contains("5 environment variable(s) of environment 'staging' not set:"), "\(staging.errors)")
        for variable in ["GATE_STAGING_API_URL (api_url, expectations.yaml:", "GATE_STAGING_SUPERSET_URL (superset_url", "GATE_STAGING_ODBC (odbc_connection_string_env",
                         "GATE_STAGING_SUPERSET_USER (superset_username_env", "GATE_STAGING_SUPERSET_PASSWORD (superset_password_env"] {
            #expect(staging.errors.contains(variable), "\(variable)")
        }
        // A typo of the one required option is named, with the option meant; other unknown options ArgumentParser names itself.
        let typo = try await gate(["--evn", "local"])
        #expect(typo.status == 2 && typo.errors.contains("unknown option '--evn'. Did you mean '--env'?"), "\(typo.errors)")
        let other = try await gate(["--env", "local", "--jsn", "x"])
        #expect(other.status == 2 && other.errors.contains("Unknown option '--jsn'. Did you mean '--json'?"), "\(other.errors)")
        let coloured = try await gate(["--env", "local", "--arm", "sentinel", "--color", "always"])
        #expect(coloured.output.contains("\u{1B}[32mPASS\u{1B}[0m") || coloured.output.contains("\u{1B}[1;31m"), "--color always colours a pipe")
        let plain = try await gate(["--env", "local", "--arm", "sentinel", "--color", "never"])
        #expect(!plain.output.contains("\u{1B}"))
        let version = try await gate(["--version"])
        #expect(version.status == 0 && version.output.trimmingCharacters(in: .whitespacesAndNewlines) == GateVersion.current)
    }

    @Test("assets diff: the clean local stack has no difference (exit 0), nor with a bundle assets export just wrote; without assets: exit 2",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func assetsDiff() async throws {
        let clean = try await gate(["assets", "diff", "--env", "local"])
        #expect(clean.status == 0 && clean.output == "33 definitions compared with assets/powerfill in local: no difference\n", "\(clean.output)\(clean.errors)")
        // Exported from the stack, the bundle is one the gate reads and finds equal to what is deployed.
        let exported = try TemporaryFolder.make("gate-export").appendingPathComponent("powerfill").path
        let export = try await gate(["assets", "export", "--env", "local", "--to", exported])
        #expect(export.status == 0 && export.output == "exported 8 dashboards, 43 files, to \(exported)\n", "\(export.output)\(export.errors)")
        let text = try Repo.relocatedExpectations().replacingOccurrences(of: "assets: \(Repo.root)/assets/powerfill", with: "assets: \(exported)")
        let again = try await gate(["assets", "diff", "--env", "local", "--expectations", try temporary("expectations.yaml", text)])
        #expect(again.status == 0 && again.output.hasSuffix("33 definitions compared with \(exported) in local: no difference\n"), "\(again.output)\(again.errors)")
        let without = try temporary("expectations.yaml", try Repo.relocatedExpectations(withAssets: false))
        let none = try await gate(["assets", "diff", "--env", "local", "--expectations", without])
        #expect(none.status == 2 && none.errors.contains("names no assets bundle") && none.output.isEmpty, "\(none.errors)")
    }

    @Test("the local stack: all arms pass, exit 0, JUnit and JSON written", .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func localStack() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-cli-\(UUID().uuidString)").path
        let run = try await gate(["--env", "local", "--verbose", "--junit", folder + "/junit.xml", "--json", folder + "/report.json"])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(run.output.contains("PASS:"))
        #expect(run.errors.contains("GET /api/v1/chart/"), "--verbose logs every Superset call")
        for line in ["sentinel   API status sentinel", "  └ Total Mappings KPI", "database   PowerFill: Cash Trade Slotting", "superset   PowerFill: Run Overview (Hub)"] {
            #expect(run.output.contains(line), "console table lacks '\(line)'")
        }
        let junit = try String(contentsOfFile: folder + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("<testsuite name=\"gate.superset\""))
        // Where to look: each dashboard's testcases name the expectations file and the dashboard's line.
        #expect(junit.contains("classname=\"gate.superset.powerfill-run-overview\" name=\"powerfill-run-overview rows [superset]\"")
                && junit.contains("file=\"expectations.yaml\" line=\"91\""), "the Run Overview entry is at expectations.yaml:91")
        // The run's properties once, on the first suite (xunitparser fails on a repeated one), the version among them.
        #expect(junit.components(separatedBy: "<properties>").count == 2 && junit.contains("<property name=\"version\" value=\"\(GateVersion.current)\"/>"))
        // Two JUnit readers from PyPI parse it and count the same testcases (xunitparser failed on the repeated property).
        let readers = try await Scripts.run("junit-readers", [folder + "/junit.xml"])
        #expect(readers.contains("junitparser 193 testcases, xunitparser 193"), "\(readers)")
        // check: the same environment validated and listed, nothing probed.
        let check = try await gate(["check", "--env", "local"])
        #expect(check.status == 0, "\(check.errors)")
        #expect(check.output.contains("8 dashboards, 25 charts") && check.output.contains("chart Latest Run KPIs (big_number_total), value 515")
                && check.output.contains("agreement: superset = database, same rows"), "\(check.output)")
        // 1 sentinel + 8 × 8 dashboard-level Superset checks + 25 charts + 8 × 2 database checks + 8 agreements + 8 same rows
        // + 8 + 25 definitions (the dashboards and charts against the assets bundle) + 3 values local pins + 8 + 25 as the viewer
        // + the Superset and database arms' own (each started)
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == 193)
        #expect(check.output.contains("193 checks: superset: dashboard, cross filters, definition, value, viewer"), "\(check.output)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as? [String: Any]
        #expect(json?["exitCode"] as? Int == 0)
        let secrets = ["GATE_SUPERSET_PASSWORD", "GATE_PG_READER_PASSWORD"].compactMap(Env.value)
        for secret in secrets {
            #expect(!run.output.contains(secret) && !run.errors.contains(secret) && !junit.contains(secret), "a secret leaked into the output or the log")
        }
    }

    @Test("the same JUnit testcases on every run of the same expectations and options: clean, the database down, a query the lint refuses; with a history, its first run and a later one; junitparser and xunitparser read each",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func stableJUnitTestcases() async throws {
        let folder = try TemporaryFolder.make("gate-junit").path
        func testcases(_ file: String) async throws -> [String] { try await Self.junitTestcases(folder + "/" + file) }
        let clean = try await gate(["--env", "local", "--quiet", "--junit", folder + "/clean.xml"])
        #expect(clean.status == 0, "\(clean.output)")
        let cases = try await testcases("clean.xml")
        #expect(cases.count == 193 && Set(cases).count == cases.count)

        // The database down: its arm's check errs, every check that needed it is skipped naming why, none goes missing.
        let unreachable = "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=powerfill;Uid=gate_reader;Pwd=unused-\(UUID().uuidString.prefix(8))"
        let down = try await gate(["--env", "local", "--quiet", "--junit", folder + "/down.xml"], environment: ["GATE_ODBC": unreachable])
        #expect(down.status == 3, "\(down.output)")
        #expect(try String(contentsOfFile: folder + "/down.xml", encoding: .utf8).contains("<skipped message=\"not run: the database arm could not start"))
        #expect(try await testcases("down.xml") == cases)

        // A query the lint refuses (an outer ORDER BY): the database does not run it, and agreement has nothing to compare.
        // (A copy of the expectations without the assets bundle, whose SQL must equal the query file's: against the same
        // copy with the shipped query.)
        let shipped = Repo.path("Fixtures/queries/37_pfill_run_history_overview.sql")
        let query = folder + "/37_ordered.sql"
        try (String(contentsOfFile: shipped, encoding: .utf8) + "\nORDER BY 1\n").write(toFile: query, atomically: true, encoding: .utf8)
        let copy = try Repo.relocatedExpectations(withAssets: false)
        try copy.write(toFile: folder + "/expectations.yaml", atomically: true, encoding: .utf8)
        try copy.replacingOccurrences(of: shipped, with: query).write(toFile: folder + "/refusing.yaml", atomically: true, encoding: .utf8)
        let unrefused = try await gate(["--env", "local", "--quiet", "--expectations", folder + "/expectations.yaml", "--junit", folder + "/unrefused.xml"])
        let refused = try await gate(["--env", "local", "--quiet", "--expectations", folder + "/refusing.yaml", "--junit", folder + "/refused.xml"])
        #expect(unrefused.status == 0 && refused.status == 1 && refused.output.contains("outer-order-by"), "\(unrefused.output)\(refused.output)")
        let copyCases = try await testcases("unrefused.xml")
        #expect(copyCases.count == cases.count - 33, "the same checks but the 33 definitions")
        #expect(try await testcases("refused.xml") == copyCases)

        // With a history: the first run's trends are skipped (nothing to compare with), a later run's judged; the same cases.
        for run in 1...2 {
            let kept = try await gate(["--env", "local", "--quiet", "--history", folder + "/history.sqlite", "--junit", folder + "/history-\(run).xml"])
            #expect(kept.status == 0, "\(kept.output)")
        }
        let first = try await testcases("history-1.xml")
        #expect(first.count > cases.count && Set(cases).isSubset(of: first))
        #expect(try await testcases("history-2.xml") == first)
    }

    @Test("in a real 80-column terminal (a pty from script(1), no COLUMNS): no line of the table wraps, and the last screen ends with the failures right above the summary line",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func eightyColumnTerminal() async throws {
        // A failing run long enough to scroll: pre-fix data, every arm. The width comes from the pty (TIOCGWINSZ), in colour.
        let command = "stty cols 80 rows 24; unset COLUMNS NO_COLOR; '\(Self.binary)' --env local; echo gate-exit=$?"
        let run = try await Processes.run("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"],
                                          environment: ["GATE_ODBC": Env.value("GATE_ODBC_PREFIX") ?? ""], folder: Repo.root)
        // The terminal's text: escape sequences (colour, the progress line's erase) out; a line is what follows its last CR.
        let text = run.output.replacing(/\x1B\[[0-9;?]*[A-Za-z]/, with: "").replacingOccurrences(of: "\r\n", with: "\n")
        let lines = text.components(separatedBy: "\n").map { String($0.split(separator: "\r", omittingEmptySubsequences: false).last ?? "") }
        #expect(lines.contains("gate-exit=1"), "\(text)")
        let start = try #require(lines.firstIndex { $0.hasPrefix("ARM ") }, "\(text)")
        let table = lines[start..<(lines[start...].firstIndex(of: "") ?? lines.endIndex)]
        #expect(table.count > 24 && table.allSatisfy { $0.count <= 80 }, "\(table.filter { $0.count > 80 })")
        // The last screen: 24 rows of 80 columns, counting the rows a long line wraps onto; the summary line last, a
        // failure above it.
        var screen: [String] = []
        for line in lines.dropLast(lines.last == "" ? 1 : 0).reversed() where screen.count < 24 {
            screen.insert(line, at: 0)
            screen.insert(contentsOf: Array(repeating: "", count: max(0, (line.count - 1) / 80)), at: 0)
        }
        let summary = try #require(screen.firstIndex { $0.hasPrefix("FAIL: ") }, "\(screen)")
        #expect(screen[summary + 1] == "gate-exit=1", "the summary is the gate's last line")
        let short = try #require(screen.firstIndex(of: "SHORT SUMMARY"), "\(screen)")
        #expect(screen[(short + 1)..<summary].filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("FAIL ") && $0.count <= 80 } && summary - short > 2, "\(screen)")
        #expect(screen[short...].contains { $0.hasPrefix("FAIL database · PowerFill: Run Overview (Hub) · rows: expected 11, actual 5") }, "\(screen)")
    }

    @Test("pre-fix data through the CLI: exit 1, both failures named with expected, actual and note", .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func preFixExitCode() async throws {
        let run = try await gate(["--env", "local", "--arm", "db"], environment: ["GATE_ODBC": Env.value("GATE_ODBC_PREFIX") ?? ""])
        #expect(run.status == 1)
        #expect(run.output.contains("FAIL database · PowerFill: Run Overview (Hub) · rows: expected 11, actual 5"))
        #expect(run.output.contains("FAIL database · PowerFill: Cash Trade Slotting · rows: expected 0, actual 688"))
        #expect(run.output.contains("A66"))
    }

    @Test("a wrong database password: exit 3, the password never printed", .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func wrongDatabasePassword() async throws {
        let wrong = "WrongPw\(Int.random(in: 100_000...999_999))"
        let connection = (Env.value("GATE_ODBC") ?? "").split(separator: ";").filter { !$0.lowercased().hasPrefix("pwd=") }.joined(separator: ";") + ";Pwd=\(wrong);"
        let run = try await gate(["--env", "local", "--arm", "db"], environment: ["GATE_ODBC": connection])
        #expect(run.status == 3)
        #expect(run.output.contains("password authentication failed"))
        #expect(!run.output.contains(wrong) && !run.errors.contains(wrong))
    }

    @Test("three CI shards and `gate-runner merge`: one JSON and one JUnit with the unsharded run's checks and exit code",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func shardsAndMerge() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-shards-\(UUID().uuidString)").path
        let whole = try await gate(["--env", "local", "--quiet", "--json", folder + "/whole.json", "--junit", folder + "/whole.xml"])
        var shards: [String] = []
        for index in 1...3 {
            let path = folder + "/shard-\(index).json"
            let run = try await gate(["--env", "local", "--quiet", "--shard", "\(index)/3", "--json", path])
            #expect(run.status == whole.status, "\(run.output)")
            shards.append(path)
        }
        let merged = try await gate(["merge", "--quiet", "--json", folder + "/merged.json", "--junit", folder + "/merged.xml"] + shards)
        #expect(merged.status == whole.status && merged.status == 0, "\(merged.output)\(merged.errors)")
        func verdicts(_ path: String) throws -> Set<String> {
            let report = try JSONReport.parse(try Data(contentsOf: URL(fileURLWithPath: path)))
            return Set(report.results.map { "\($0.arm)|\($0.slug ?? "")|\($0.check)|\($0.outcome)|\($0.expected?.description ?? "")|\($0.actual?.description ?? "")" })
        }
        let all = try verdicts(folder + "/whole.json")
        #expect(all.count == 193)
        #expect(try verdicts(folder + "/merged.json") == all)
        #expect(try ReportChecks.junitProblem(String(contentsOfFile: folder + "/merged.xml", encoding: .utf8)) == nil)
        // The merged JUnit has the unsharded run's testcases, as a JUnit reader names them.
        let mergedCases = try await Self.junitTestcases(folder + "/merged.xml")
        let wholeCases = try await Self.junitTestcases(folder + "/whole.xml")
        #expect(mergedCases.count == 193 && mergedCases == wholeCases)
        let bad = try await gate(["--env", "local", "--shard", "4/3"])
        #expect(bad.status == 2 && bad.errors.contains("--shard"))
    }

    @Test("three tenants in the one local Superset: each its own database and dashboard set, reported by tenant; --tenant picks some",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func tenants() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-tenants-\(UUID().uuidString)").path
        let run = try await gate(["--env", "local-tenants", "--quiet", "--junit", folder + "/junit.xml", "--json", folder + "/report.json"])
        #expect(run.status == 0, "\(run.output)")
        let report = try JSONReport.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
        // 156 checks per tenant without the sentinel (33 of them definitions, 8 same rows, 2 the arms'), and the sentinel once.
        #expect(report.results.count == 3 * 156 + 1)
        #expect(Set(report.results.compactMap(\.tenant)) == ["t1", "t2", "t3"])
        #expect(report.results.contains { $0.tenant == "t3" && $0.slug == "powerfill-cash-trade-slotting-prefix" && $0.check == .rows && $0.actual == .count(688) })
        let junit = try String(contentsOfFile: folder + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("classname=\"gate.t2.superset.powerfill-run-overview-populated\""))
        #expect(try ReportChecks.junitProblem(junit) == nil)
        let one = try await gate(["--env", "local-tenants", "--quiet", "--tenant", "t3", "--json", folder + "/t3.json"])
        #expect(one.status == 0, "\(one.output)")
        let only = try JSONReport.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/t3.json")))
        #expect(Set(only.results.compactMap(\.tenant)) == ["t3"] && only.results.count == 157)
        let unknown = try await gate(["--env", "local-tenants", "--tenant", "t9"])
        #expect(unknown.status == 2 && unknown.errors.contains("no tenant 't9'"))
    }
}
