import Foundation
import GRDB
import Testing
@testable import GateKit
@testable import Probes

/// SIGTERM (a cancelled CI job) and SIGINT (Ctrl-C) in the middle of a run on the local stack: the run stops,
/// every report asked for is written whole, the history records the run as interrupted, and the exit code says
/// which signal. The sentinel hangs, so the run is mid-flight when the signal comes.
@Suite("Interrupted runs", .serialized, .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct InterruptTests {
    let cli = CLITests()

    /// gate-runner started in the background, its output in files (a pipe nobody reads could block it).
    final class Running: @unchecked Sendable {
        let process = Process()
        let folder: String
        init(_ arguments: [String], folder: String) throws {
            self.folder = folder
            process.executableURL = URL(fileURLWithPath: CLITests.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: Repo.root)
            _ = FileManager.default.createFile(atPath: folder + "/stdout", contents: nil)
            _ = FileManager.default.createFile(atPath: folder + "/stderr", contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: folder + "/stdout")
            process.standardError = FileHandle(forWritingAtPath: folder + "/stderr")
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func signal(_ number: Int32) { kill(process.processIdentifier, number) }
        /// Waits for the exit, at most `seconds`; nil when it is still running then.
        func exit(within seconds: Double) async throws -> Int32? {
            let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while process.isRunning, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(50)) }
            return process.isRunning ? nil : process.terminationStatus
        }
        var output: String { (try? String(contentsOfFile: folder + "/stdout", encoding: .utf8)) ?? "" }
        var errors: String { (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? "" }
    }

    /// The repository's expectations with the sentinel at a stub that accepts and never answers.
    func hangingSentinel() async throws -> (stub: Stub, file: String, folder: String) {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["mode": "hang"])
        let file = try CanaryTests().expectations(api: stub.base)
        return (stub, file, URL(fileURLWithPath: file).deletingLastPathComponent().path)
    }

    @Test("SIGTERM mid-run: exit 143, a JUnit that validates, a JSON that parses, the unfinished sentinel an 'interrupted' error, the history's last run interrupted and intact")
    func terminated() async throws {
        let (stub, file, folder) = try await hangingSentinel()
        let junit = folder + "/junit.xml", json = folder + "/report.json", history = folder + "/history.sqlite"
        let run = try Running(["--env", "local", "--expectations", file, "--http-timeout", "120", "--retries", "0",
                               "--junit", junit, "--json", json, "--history", history], folder: folder)
        // The database arm has time to finish; the sentinel hangs until the signal.
        try await Task.sleep(for: .seconds(4))
        #expect(run.process.isRunning, "still waiting on the hanging sentinel")
        let signalled = ContinuousClock.now
        run.signal(SIGTERM)
        let status = try await run.exit(within: 30)
        #expect(status == 143, "exit \(String(describing: status)); stderr: \(run.errors)")
        #expect(ContinuousClock.now - signalled < .seconds(30))
        #expect(run.output.contains("INTERRUPTED"), "the console summary was printed: \(run.output.suffix(400))")
        #expect(run.errors.contains("SIGTERM"))

        let junitText = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(try ReportChecks.junitProblem(junitText) == nil, "the JUnit validates")
        #expect(junitText.contains("interrupted"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(object["exitCode"] as? Int == 143)
        #expect(object["interruptedBy"] as? String == "SIGTERM")
        let results = try #require(object["results"] as? [[String: Any]])
        let sentinel = try #require(results.first { $0["arm"] as? String == "sentinel" })
        #expect(sentinel["outcome"] as? String == "error" && (sentinel["message"] as? String ?? "").contains("interrupted"), "\(sentinel)")
        #expect(results.contains { $0["arm"] as? String == "db" && $0["outcome"] as? String == "passed" }, "what finished before the signal is kept")

        let database = try DatabaseQueue(path: history)
        try await database.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let last = try Row.fetchOne(db, sql: "SELECT exit_code, interrupted_by FROM run ORDER BY id DESC LIMIT 1")
            #expect(last?["exit_code"] as Int? == 143)
            #expect(last?["interrupted_by"] as String? == "SIGTERM")
        }
        _ = stub
    }

    @Test("SIGTERM while the lint reads eight 4 MB queries: the lint stops, each unread query an error saying so, exit 143 at once")
    func terminatedDuringLint() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-lint-interrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/big", withIntermediateDirectories: true)
        // Its own (huge) query files: the bundle's SQL would differ from them, so the copy names no bundle.
        var text = try Repo.relocatedExpectations(withAssets: false)
        let big = String(repeating: "SELECT a, b, c FROM t WHERE x = 1 AND y = 'z' UNION ALL\n", count: 70_000) + "SELECT 1, 2, 3\n"
        #expect(big.utf8.count < Settings.defaults.maxQueryBytes)
        for name in try FileManager.default.contentsOfDirectory(atPath: Repo.path("Fixtures/queries")) where name.hasSuffix(".sql") {
            try big.write(toFile: folder + "/big/" + name, atomically: true, encoding: .utf8)
        }
        text = text.replacingOccurrences(of: "query: \(Repo.root)/Fixtures/queries/", with: "query: big/")
        try text.write(toFile: folder + "/expectations.yaml", atomically: true, encoding: .utf8)
        let run = try Running(["--env", "local", "--expectations", folder + "/expectations.yaml", "--arm", "db", "--json", folder + "/r.json"], folder: folder)
        try await Task.sleep(for: .seconds(2))
        let signalled = ContinuousClock.now
        run.signal(SIGTERM)
        let status = try await run.exit(within: 60)
        #expect(status == 143, "exit \(String(describing: status)); \(run.errors)")
        // Idle it ends 0.1 s after the signal; linting the rest would take a minute in a debug build.
        #expect(ContinuousClock.now - signalled < .seconds(20))
        #expect(run.output.contains("the run was interrupted during the lint"), "\(run.output.suffix(600))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/r.json"))) as? [String: Any])
        #expect(object["interruptedBy"] as? String == "SIGTERM")
    }

    @Test("SIGINT mid-run exits 130 with the console summary; a second signal exits at once while a report is still blocked")
    func interruptedTwice() async throws {
        let (stub, file, folder) = try await hangingSentinel()
        let run = try Running(["--env", "local", "--expectations", file, "--arm", "sentinel", "--http-timeout", "120", "--retries", "0"], folder: folder)
        try await Task.sleep(for: .seconds(2))
        run.signal(SIGINT)
        let status = try await run.exit(within: 30)
        #expect(status == 130, "exit \(String(describing: status)); stderr: \(run.errors)")
        #expect(run.output.contains("INTERRUPTED"))

        // A report on a FIFO nobody reads: after the first signal the run waits to write it; the second ends it.
        let fifo = folder + "/junit.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let blocked = try Running(["--env", "local", "--expectations", file, "--arm", "sentinel", "--http-timeout", "120", "--retries", "0",
                                   "--junit", fifo], folder: folder)
        try await Task.sleep(for: .seconds(2))
        blocked.signal(SIGTERM)
        try await Task.sleep(for: .seconds(2))
        #expect(blocked.process.isRunning, "blocked writing the report to the FIFO")
        blocked.signal(SIGTERM)
        let second = try await blocked.exit(within: 10)
        #expect(second == 143, "the second signal exits at once: \(String(describing: second))")
        _ = stub
    }
}
