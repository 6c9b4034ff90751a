import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The history and report options of gate-runner: usage errors before anything runs (exit 2), and `history` on files.
@Suite("gate-runner history and report options")
struct HistoryCLITests {
    func gate(_ arguments: [String]) async throws -> CLITests.Run {
        try await CLITests.run(arguments, environment: [:])
    }

    func folder() throws -> String {
        let path = try TemporaryFolder.make("gate-history-cli").path
        return path
    }

    @Test("--history with --no-history, and two reports on one file, are usage errors (exit 2) naming the options")
    func usageErrors() async throws {
        let both = try await gate(["--env", "local", "--history", "h.sqlite", "--no-history"])
        #expect(both.status == 2 && both.errors.contains("--history and --no-history contradict each other"), "\(both.errors)")
        let same = try await gate(["--env", "local", "--html", "/tmp/x/r.out", "--summary", "/tmp/x/r.out"])
        #expect(same.status == 2 && same.errors.contains("--html and --summary name the same file"), "\(same.errors)")
        let dir = try folder()
        // A history the JSON report would overwrite: refused before anything runs, the file left alone.
        let clash = try await gate(["--env", "local", "--arm", "sentinel", "--history", dir + "/h.sqlite", "--json", dir + "/./h.sqlite"])
        #expect(clash.status == 2 && clash.errors.contains("is also a report's path") && clash.output.isEmpty, "\(clash.errors)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/h.sqlite"))
        // A folder as the history, as the README says: exit 2 before anything runs.
        let asFolder = try await gate(["--env", "local", "--arm", "sentinel", "--history", dir])
        #expect(asFolder.status == 2 && asFolder.errors.contains("--history \(dir) is a folder: name a file in it") && asFolder.output.isEmpty, "\(asFolder.errors)")
        let empty = try await gate(["--env", "local", "--summary", ""])
        #expect(empty.status == 2 && empty.errors.contains("--summary is empty: was the variable it came from (e.g. GITHUB_STEP_SUMMARY) unset?"), "\(empty.errors)")
        let folderReport = try await gate(["--env", "local", "--html", dir])
        #expect(folderReport.status == 2 && folderReport.errors.contains("--html names a folder"), "\(folderReport.errors)")
        let emptyHistory = try await gate(["--env", "local", "--history", " "])
        #expect(emptyHistory.status == 2 && emptyHistory.errors.contains("--history is empty"), "\(emptyHistory.errors)")
    }

    @Test("history: a missing file, no file configured, a file that is not a history: exit 2 saying what to do")
    func historyErrors() async throws {
        let dir = try folder()
        let missing = try await gate(["history", "--env", "local", "--history", dir + "/none.sqlite"])
        #expect(missing.status == 2 && missing.errors.contains("does not exist; a run with --history \(dir)/none.sqlite creates it"), "\(missing.errors)")
        let unset = try await gate(["history", "--env", "local"])
        #expect(unset.status == 2 && unset.errors.contains("no history file: pass --history PATH, or set history.path in expectations.yaml"), "\(unset.errors)")
        try "not a database".write(toFile: dir + "/bad.sqlite", atomically: true, encoding: .utf8)
        let bad = try await gate(["history", "--env", "local", "--history", dir + "/bad.sqlite"])
        #expect(bad.status == 2 && bad.errors.contains("not a gate history file"), "\(bad.errors)")
        let unknown = try await gate(["history", "--env", "nosuch", "--history", dir + "/bad.sqlite"])
        #expect(unknown.status == 2 && unknown.errors.contains("unknown environment 'nosuch'"), "\(unknown.errors)")
        let tenant = try await gate(["history", "--env", "local-tenants", "--tenant", "zz", "--history", dir + "/bad.sqlite"])
        #expect(tenant.status == 2 && tenant.errors.contains("has no tenant 'zz'"), "\(tenant.errors)")
    }

    @Test("history: runs kept in a file, as a table per count, and per run for one dashboard")
    func historyTable() async throws {
        let path = try folder() + "/h.sqlite"
        let store = try HistoryStore(path: path)
        for count in [11, 11, 12] {
            var rows = CheckResult(arm: .db, slug: "run-overview", dashboard: "Run Overview", check: .rows, outcome: .passed, actual: .count(count))
            rows.count = count
            try store.record(GateReport(environment: "local", startedAt: Date(timeIntervalSince1970: 1_795_000_000), seconds: 1, results: [rows]), revision: "r\(count)")
        }
        let table = try await gate(["history", "--env", "local", "--history", path])
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.contains("run-overview  rows (database)  11 11 12                 +1\n"), "\(table.output)")
        let one = try await gate(["history", "--env", "local", "--history", path, "--slug", "run-overview", "--runs", "2"])
        #expect(one.output.split(separator: "\n").count == 4, "a title, a header and two runs: \(one.output)")
        #expect(one.output.contains("RUN  STARTED               REVISION  SENTINEL  RUN VERDICT  rows (database)\n"), "\(one.output)")
        #expect(one.output.contains("3    2026-11-18T11:06:40Z  r12       -         PASS         12\n"), "\(one.output)")
        let other = try await gate(["history", "--env", "staging", "--history", path])
        #expect(other.status == 0 && other.output == "no runs of staging in \(path)\n")
    }
}
