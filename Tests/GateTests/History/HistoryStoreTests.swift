import Foundation
import GRDB
import Testing
@testable import GateKit
@testable import Probes

/// The run history's file: its schema, what a run keeps, concurrent writers, and files it cannot use.
@Suite("Run history in SQLite", .offPool)
struct HistoryStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gate-history-\(UUID().uuidString)/history.sqlite").path
    }

    func report(_ count: Int, environment: String = "local", tenant: String? = nil, sentinel: String = "build 7") -> GateReport {
        var rows = CheckResult(arm: .db, slug: "run-overview", dashboard: "Run Overview", check: .rows, outcome: .passed, expected: .rows(.exact(11)), actual: .count(count), seconds: 0.5)
        rows.count = count
        rows.tenant = tenant
        var chart = CheckResult(arm: .superset, slug: "run-overview", dashboard: "Run Overview", check: .chart("Runs Table"), outcome: .failed,
                                expected: .chart(viz: "table", rows: nil), actual: .renderedChart(viz: "pie", render: .rows(count + 1)), message: "it is a pie")
        chart.count = count + 1
        chart.tenant = tenant
        let status = CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: .sentinelStatus, outcome: .passed, expected: .text("build"), actual: .text(sentinel))
        return GateReport(environment: environment, startedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(count)), seconds: 2, results: [status, rows, chart])
    }

    @Test("a new file gets the versioned schema; reopening it applies nothing twice")
    func migrations() throws {
        let path = temporaryPath()
        let store = try HistoryStore(path: path)
        let versions = ["v1: runs and their checks", "v2: runs by environment", "v3: interrupted runs", "v4: check kinds in columns"]
        #expect(try store.appliedMigrations() == versions)
        #expect(try HistoryStore(path: path).appliedMigrations() == versions)
        #expect(try HistoryStore(path: path, readOnly: true).appliedMigrations() == versions)
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal", "two gates can share the file: readers beside the writer")
    }

    @Test("a run keeps when, environment, revision, sentinel, every check with outcome, expected, actual, count and time")
    func recordsRun() throws {
        let path = temporaryPath()
        let store = try HistoryStore(path: path)
        let run = try store.record(report(11), revision: "abc123")
        #expect(run == 1)
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT r.environment, r.revision, r.sentinel, r.exit_code, c.arm, c.check_name, c.outcome, c.expected, c.actual, c.row_count, c.seconds, c.message FROM check_result c JOIN run r ON r.id = c.runId ORDER BY c.rowid")
        }
        #expect(rows.count == 3)
        func text(_ row: Int, _ column: String) -> String? { rows[row][column] }
        func number(_ row: Int, _ column: String) -> Int? { rows[row][column] }
        #expect([text(1, "environment"), text(1, "revision"), text(1, "sentinel")] == ["local", "abc123", "build 7"])
        #expect(number(1, "exit_code") == 1)
        #expect([text(1, "arm"), text(1, "check_name"), text(1, "outcome")] == ["db", "rows", "passed"])
        #expect(number(1, "row_count") == 11)
        #expect((rows[1]["seconds"] as Double?) == 0.5)
        #expect([text(2, "check_name"), text(2, "outcome"), text(2, "actual"), text(2, "message")] == ["chart Runs Table", "failed", "pie, 12 result rows", "it is a pie"])
        #expect(number(0, "row_count") == nil, "the sentinel counts nothing")
    }

    @Test("recent counts: the last N of the same environment and tenant, oldest first")
    func recentCounts() throws {
        let store = try HistoryStore(path: temporaryPath())
        for count in 1...7 { try store.record(report(count), revision: nil) }
        try store.record(report(100, environment: "staging"), revision: nil)
        try store.record(report(200, tenant: "t2"), revision: nil)
        let key = SeriesKey(tenant: nil, arm: .db, slug: "run-overview", check: .rows)
        let chart = SeriesKey(tenant: nil, arm: .superset, slug: "run-overview", check: .chart("Runs Table"))
        let tenant = SeriesKey(tenant: "t2", arm: .db, slug: "run-overview", check: .rows)
        let counts = try store.recentCounts(environment: "local", series: [key, chart, tenant], limit: { $0 == chart ? 2 : 5 })
        #expect(counts[key]?.map(\.count) == [3, 4, 5, 6, 7])
        #expect(counts[key]?.map(\.run) == [3, 4, 5, 6, 7])
        #expect(counts[chart]?.map(\.count) == [7, 8])
        #expect(counts[tenant]?.map(\.count) == [200])
        let runs = try store.runs(environment: "local", tenant: nil, slug: "run-overview", limit: 3)
        #expect(runs.map(\.id) == [6, 7, 9])
        #expect(runs.first?.counts[key] == 6 && runs.first?.sentinel == "build 7")
    }

    @Test("eight gates writing one file at once: every run kept whole, the file intact")
    func concurrentWriters() async throws {
        let path = temporaryPath()
        _ = try HistoryStore(path: path)
        let reports = (1...8).map { report($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for report in reports {
                group.addTask {
                    // Each its own connection pool, as two processes would have; a thread each, as writers waiting
                    // for the lock block (the test's cooperative threads must stay free for the other suites).
                    try await onBlockingThread {
                        let store = try HistoryStore(path: path)
                        for _ in 0..<5 { try store.record(report, revision: nil) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let (runs, checks, integrity) = try await DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM check_result")!,
             try String.fetchOne(db, sql: "PRAGMA integrity_check")!)
        }
        #expect(runs == 40)
        #expect(checks == 120, "three checks a run, none lost or half-written")
        #expect(integrity == "ok")
    }

    /// The run and check counts and `pragma integrity_check` of a history file.
    func contents(_ path: String) throws -> (runs: Int, checks: Int, integrity: String) {
        try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM check_result")!,
             try String.fetchOne(db, sql: "PRAGMA integrity_check")!)
        }
    }

    @Test("eight gate-runner processes creating one new history at once: all eight runs recorded, the file intact (five new files)",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func concurrentCreationByProcesses() async throws {
        // Each round a new file: the race is in its first migration (GRDB read the applied versions, then each process
        // created the tables: "table run already exists", a run lost).
        for round in 1...5 {
            let folder = try TemporaryFolder.make("gate-history-race").path
            let path = folder + "/history.sqlite"
            let results = try await onBlockingThread { () -> [(status: Int32, errors: String)] in
                let processes = (0..<8).map { index -> (Process, String) in
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: CLITests.binary)
                    process.arguments = ["--env", "local", "--arm", "sentinel", "--quiet", "--history", path]
                    process.currentDirectoryURL = URL(fileURLWithPath: Repo.root)
                    let errors = folder + "/errors-\(index).txt"
                    _ = FileManager.default.createFile(atPath: errors, contents: nil)
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle(forWritingAtPath: errors)
                    return (process, errors)
                }
                for (process, _) in processes { try process.run() }
                return try processes.map { process, errors in
                    process.waitUntilExit()
                    return (process.terminationStatus, try String(contentsOfFile: errors, encoding: .utf8))
                }
            }
            for result in results {
                // The verdict is the sentinel's business (another suite may be changing it); the history must hold the run.
                #expect([0, 1, 3].contains(result.status) && !result.errors.contains("run history"), "round \(round): \(result.status) \(result.errors)")
            }
            let (runs, _, integrity) = try contents(path)
            #expect(runs == 8, "round \(round): \(runs) of 8 runs recorded")
            #expect(integrity == "ok")
            #expect(try HistoryStore(path: path, readOnly: true).appliedMigrations() == HistoryStore.migrator.migrations)
        }
    }

    @Test("where the folder cannot be locked, a version another writer applied meanwhile is retried: eight connections creating one file")
    func concurrentCreationRetried() async throws {
        for _ in 1...5 {
            let path = temporaryPath()
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            // All eight start together, each its own pool (as a process would have), none holding the folder lock.
            let start = Date().addingTimeInterval(0.3)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await onBlockingThread {
                            var configuration = Configuration()
                            configuration.busyMode = .timeout(HistoryStore.busyTimeoutSeconds)
                            // Opened as the store opens it: switching a new file to WAL answers SQLITE_BUSY at once while
                            // another connection creates it, so the open is retried (`openPool`).
                            let pool = try HistoryStore.openPool(path, configuration, waitSeconds: HistoryStore.busyTimeoutSeconds)
                            Thread.sleep(until: start)
                            try HistoryStore.migrateRetrying(pool)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let store = try HistoryStore(path: path)
            #expect(try store.appliedMigrations() == HistoryStore.migrator.migrations)
            try store.record(report(1), revision: nil)
            #expect(try contents(path) == (1, 3, "ok"))
        }
    }

    @Test("a file another writer holds: a clear error after the busy timeout; the trends are still read and the verdict stands")
    func lockedFile() async throws {
        let path = temporaryPath()
        let store = try HistoryStore(path: path)
        try store.record(report(11), revision: nil)
        // Another process (sqlite3's shell) takes the write lock and keeps it until told to let go.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [path]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'held';\n".utf8))
        let held = try await onBlockingThread { String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) }
        #expect(held.contains("held"))
        let blocked = report(12)
        await #expect {
            try await onBlockingThread { try HistoryStore(path: path, busyTimeoutSeconds: 0.2).record(blocked, revision: nil) }
        } throws: { error in
            "\(error)".contains("cannot record this run") && "\(error)".contains("another process held the file")
        }
        let expectations = Expectations(file: "e.yaml", environments: [EnvironmentSpec(name: "local")], sentinel: nil, dashboards: [])
        let current = report(12)
        let withHistory = await HistoryStage.apply(current, path: path, expectations: expectations, environment: expectations.environments[0],
                                                   revision: nil, busyTimeoutSeconds: 0.2)
        #expect(withHistory.exitCode == current.exitCode)
        #expect(withHistory.history?.run == nil)
        #expect(withHistory.history?.problem?.contains("cannot record this run") == true)
        #expect(withHistory.results.contains { $0.check == .trend(.rows) && $0.outcome == .warning }, "read beside the writer: 11 → 12 still warns")
        input.fileHandleForWriting.write(Data("ROLLBACK;\n".utf8))
        try input.fileHandleForWriting.close()
        try await onBlockingThread { holder.waitUntilExit() }
        try HistoryStore(path: path, busyTimeoutSeconds: 2).record(blocked, revision: nil)
    }

    @Test("files it cannot use: a folder, a file that is not a history; each a clear error, the report unchanged but for saying so",
          arguments: ["folder", "not a database"])
    func unusableFile(_ kind: String) async throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        if kind == "folder" {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } else {
            try String(repeating: "not SQLite at all\n", count: 300).write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect {
            _ = try HistoryStore(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("run history \(path): cannot open it: ") && (kind == "folder" ? text.contains("it is a folder; name a file in it") : text.contains("not a gate history file"))
        }
        let expectations = Expectations(file: "e.yaml", environments: [EnvironmentSpec(name: "local")], sentinel: nil, dashboards: [])
        let current = report(12)
        let withHistory = await HistoryStage.apply(current, path: path, expectations: expectations, environment: expectations.environments[0], revision: nil)
        #expect(withHistory.results == current.results && withHistory.exitCode == current.exitCode)
        #expect(withHistory.history?.problem?.contains("cannot open it") == true)
    }

    @Test("another application's SQLite file is refused untouched; read-only opening needs a history; a hand-edited value is skipped, not fatal")
    func foreignAndTampered() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER)") }
        #expect {
            _ = try HistoryStore(path: path)
        } throws: { "\($0)".contains("another application's SQLite database") }
        let tables = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["invoices"], "nothing added to it")
        #expect {
            _ = try HistoryStore(path: path, readOnly: true)
        } throws: { "\($0)".contains("not a gate history file") }

        let history = temporaryPath()
        let store = try HistoryStore(path: history)
        for count in [11, 12, 13] { try store.record(report(count), revision: nil) }
        try DatabaseQueue(path: history).write { db in
            try db.execute(sql: "UPDATE check_result SET row_count = 'eleven' WHERE runId = 1 AND arm = 'db'")
            try db.execute(sql: "UPDATE run SET exit_code = 'x', started_at = 7 WHERE id = 2")
        }
        let key = SeriesKey(tenant: nil, arm: .db, slug: "run-overview", check: .rows)
        #expect(try store.recentCounts(environment: "local", series: [key], limit: { _ in 5 })[key]?.map(\.count) == [12, 13])
        let runs = try HistoryStore(path: history, readOnly: true).runs(environment: "local", tenant: nil, slug: nil, limit: 5)
        #expect(runs.map(\.id) == [1, 2, 3])
        #expect(runs[0].counts[key] == nil && runs[1].counts[key] == 12)
        #expect(runs[1].exitCode == ExitCodes.couldNotRun, "an unreadable exit code reads as could-not-run, not as a pass")
    }

    @Test("the revision: CI variables first, then git's HEAD, else none")
    func revision() throws {
        #expect(RunRevision.current(variables: ["GITHUB_SHA": "abc", "CI_COMMIT_SHA": "def"], folder: "/") == "abc")
        #expect(RunRevision.current(variables: ["CI_COMMIT_SHA": " def\n"], folder: "/") == "def")
        let head = RunRevision.current(variables: [:], folder: Repo.root)
        #expect(head?.count == 40 && head?.allSatisfy(\.isHexDigit) == true, "\(head ?? "nil")")
        #expect(RunRevision.current(variables: [:], folder: "/") == nil)
        #expect(RunRevision.clean("abc\ndef\u{1B}[31m ") == "abc def [31m")
        #expect(RunRevision.clean(" \n") == nil)
        #expect(RunRevision.clean(String(repeating: "x", count: 5_000))?.count == 80)
        #expect(HistoryOptions(revision: "").revision == nil, "an empty --revision is no revision")
    }
}
