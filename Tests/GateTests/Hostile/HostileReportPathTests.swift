import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Report paths an unlucky pipeline or an attacker might give: links, FIFOs, devices, standard output, and the
/// gate's own inputs. None may be replaced by a regular file, and no input may be overwritten.
@Suite("Hostile report paths")
struct HostileReportPathTests {
    func folder() throws -> String {
        let path = try TemporaryFolder.make("gate-report-path").path
        return path
    }

    func gate(_ arguments: [String]) async throws -> CLITests.Run {
        try await CLITests.run(arguments, environment: [:])
    }

    /// The file type `lstat` sees: the path itself, not what a link points to.
    func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    /// A report written as a shard's JSON, for `gate-runner merge` (needs no stack): the sentinel's check, and
    /// `dashboards` passing row counts.
    func shard(in folder: String, name: String = "shard.json", dashboards: Int = 0) throws -> String {
        let check = CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: .sentinelStatus, outcome: .passed,
                                expected: .text("build"), actual: .text("build 7"))
        let counts = (0..<dashboards).map { index in
            CheckResult(arm: .db, slug: "dashboard-\(index)", dashboard: "Dashboard \(index)", check: .rows, outcome: .passed, expected: .rows(.exact(1)), actual: .count(1))
        }
        let report = GateReport(environment: "local", startedAt: Date(timeIntervalSince1970: 1_795_000_000), seconds: 1, results: [check] + counts)
        let path = folder + "/" + name
        try JSONReport.render(report).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A FIFO's reader on a thread of its own, started at once (not a task the cooperative pool may start late: the
    /// writer waits only so long for a reader).
    final class FIFOReader: @unchecked Sendable {
        private let finished = DispatchSemaphore(value: 0)
        private var read = Data()

        /// Reads up to `limit` bytes (to the end without one), then closes the FIFO.
        init(_ fifo: String, limit: Int? = nil) {
            Thread.detachNewThread { [self] in
                if let handle = FileHandle(forReadingAtPath: fifo) {
                    read = limit.map { handle.readData(ofLength: $0) } ?? handle.readDataToEndOfFile()
                    try? handle.close()
                }
                finished.signal()
            }
        }

        /// What it read, once it has closed the FIFO.
        func text() async throws -> String {
            try await onBlockingThread { [self] in
                finished.wait()
                return String(decoding: read, as: UTF8.self)
            }
        }
    }

    /// Reads a FIFO to its end while `write` writes to it; the reader is let go if the write fails.
    func readWhileWriting(_ fifo: String, _ write: @escaping @Sendable () throws -> Void) async throws -> String {
        let reader = FIFOReader(fifo)
        do {
            try await onBlockingThread { try write() }
        } catch {
            // The reader waits in open for a writer: one opened and closed ends its read.
            let release = open(fifo, O_WRONLY | O_NONBLOCK)
            if release >= 0 { close(release) }
            _ = try await reader.text()
            throw error
        }
        return try await reader.text()
    }

    @Test("a symbolic link is followed: its target gets the report, the link stays a link (absolute, relative and dangling)")
    func symlinkFollowed() throws {
        let dir = try folder()
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        try "old".write(toFile: dir + "/real/junit.xml", atomically: true, encoding: .utf8)
        chmod(dir + "/real/junit.xml", 0o640)
        try FileManager.default.createSymbolicLink(atPath: dir + "/absolute.xml", withDestinationPath: dir + "/real/junit.xml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/relative.xml", withDestinationPath: "real/junit.xml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.xml", withDestinationPath: "real/new.xml")

        try ReportFile.write("<a/>", to: dir + "/absolute.xml")
        #expect(kind(dir + "/absolute.xml") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/real/junit.xml", encoding: .utf8) == "<a/>")
        try ReportFile.write("<b/>", to: dir + "/relative.xml")
        #expect(kind(dir + "/relative.xml") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/real/junit.xml", encoding: .utf8) == "<b/>")
        let mode = (try FileManager.default.attributesOfItem(atPath: dir + "/real/junit.xml")[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o640, "the replaced file keeps its permissions")
        try ReportFile.write("<c/>", to: dir + "/dangling.xml")
        #expect(kind(dir + "/dangling.xml") == S_IFLNK)
        #expect(kind(dir + "/real/new.xml") == S_IFREG)
        #expect(try String(contentsOfFile: dir + "/real/new.xml", encoding: .utf8) == "<c/>")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/real").sorted() == ["junit.xml", "new.xml"], "no temporary file left")
        // A link and its target are one file: two reports on them are refused.
        let both = ReportDestinations(junit: dir + "/absolute.xml", json: dir + "/real/junit.xml")
        #expect(throws: ReportDestinations.WriteError.self) { try both.checkWritable() }
    }

    @Test("a FIFO, and a link to one (as /dev/stdout is in a pipeline), is written through: the reader gets the whole report")
    func fifoWrittenThrough() async throws {
        let dir = try folder()
        let fifo = dir + "/report.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/stdout", withDestinationPath: fifo)
        #expect(try ReportFile.target(for: dir + "/stdout") == .writeThrough(fifo))
        // Large enough to fill the pipe's buffer several times: the writer must wait for the reader, not fail.
        let text = String(repeating: "<testcase name=\"x\"/>\n", count: 20_000)
        #expect(try await readWhileWriting(fifo) { try ReportFile.write(text, to: fifo) } == text)
        #expect(kind(fifo) == S_IFIFO)
        #expect(try await readWhileWriting(fifo) { try ReportFile.write("through the link", to: dir + "/stdout") } == "through the link")
        #expect(kind(dir + "/stdout") == S_IFLNK && kind(fifo) == S_IFIFO)
        // A character device behind a link: written through, neither replaced.
        try FileManager.default.createSymbolicLink(atPath: dir + "/null", withDestinationPath: "/dev/null")
        try ReportFile.write("discarded", to: dir + "/null")
        #expect(kind(dir + "/null") == S_IFLNK && kind("/dev/null") == S_IFCHR)
        #expect(try ReportFile.target(for: "/dev/stdout") == .standardOutput && ReportFile.target(for: "/proc/self/fd/2") == .standardError)
    }

    @Test("a FIFO nobody reads: an error after a bounded wait for a reader, not a gate waiting forever")
    func fifoWithoutReader() async throws {
        let fifo = try folder() + "/report.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        await #expect {
            try await onBlockingThread { try ReportFile.write("{}", to: fifo) }
        } throws: { error in
            "\(error)".contains("no process opened the FIFO for reading within \(Int(ReportFile.fifoReaderWaitSeconds)) s")
        }
        #expect(kind(fifo) == S_IFIFO)
    }

    @Test("a FIFO whose reader leaves early: the gate says so and exits 3 (not killed by SIGPIPE), its other reports written")
    func fifoReaderLeaves() async throws {
        let dir = try folder()
        let input = try shard(in: dir, dashboards: 2_000)
        let fifo = dir + "/report.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Reads ten bytes and closes: the rest of the report (several pipe buffers) has no reader.
        let reader = FIFOReader(fifo, limit: 10)
        let run = try await gate(["merge", "--junit", dir + "/junit.xml", "--json", fifo, input])
        // Had the gate never opened the FIFO, the reader would still wait in open: a writer opened and closed lets it go.
        let release = open(fifo, O_WRONLY | O_NONBLOCK)
        if release >= 0 { close(release) }
        #expect(try await reader.text().utf8.count == 10)
        #expect(run.status == 3, "exit \(run.status) (141 is SIGPIPE): \(run.errors)")
        #expect(run.errors.contains("cannot write a report to \(fifo): its reader closed it before the report was written"), "\(run.errors)")
        #expect(try ReportChecks.junitProblem(String(contentsOfFile: dir + "/junit.xml", encoding: .utf8)) == nil)
    }

    @Test("`-` is standard output: the report alone there (it parses), the console on standard error")
    func dashIsStandardOutput() async throws {
        let dir = try folder()
        let input = try shard(in: dir)
        let json = try await gate(["merge", "--json", "-", input])
        #expect(json.status == 0, "\(json.errors)")
        let parsed = try JSONReport.parse(Data(json.output.utf8))
        #expect(parsed.results.count == 1)
        #expect(json.errors.contains("API status sentinel"), "the console went to standard error: \(json.errors)")
        let junit = try await gate(["merge", "--junit", "-", "--json", dir + "/merged.json", input])
        #expect(junit.status == 0, "\(junit.errors)")
        #expect(try ReportChecks.junitProblem(junit.output) == nil)
        #expect(junit.output.hasPrefix("<?xml"))
        // Without a report on standard output, the console stays there.
        let plain = try await gate(["merge", "--json", dir + "/merged.json", input])
        #expect(plain.output.contains("API status sentinel"))
    }

    @Test("two reports on standard output (`-` twice, or `-` and /dev/stdout) are refused like two on one file")
    func twoOnStandardOutput() async throws {
        let input = try shard(in: try folder())
        let twice = try await gate(["merge", "--json", "-", "--junit", "-", input])
        #expect(twice.status == 2 && twice.errors.contains("--junit and --json name standard output"), "\(twice.errors)")
        #expect(twice.output.isEmpty)
        let aliased = try await gate(["merge", "--html", "/dev/stdout", "--summary", "-", input])
        #expect(aliased.status == 2 && aliased.errors.contains("name standard output"), "\(aliased.errors)")
        // A merged report over one of its shards is refused too.
        let over = try await gate(["merge", "--json", input, input])
        #expect(over.status == 2 && over.errors.contains("the merged report would overwrite its input"), "\(over.errors)")
    }

    @Test("a report naming the expectations, a query file or the history: exit 2 before probing, naming both; the input unchanged")
    func inputsRefused() async throws {
        let dir = try folder()
        // A sentinel on the discard port: were it probed, the run would end in a connection error (exit 3), not 2.
        let expectations = """
            version: 1
            environments:
              probe: {api_url: "http://127.0.0.1:9", history: {path: runs.sqlite}}
            sentinel: {path: /status, module: M, status: ok, match: exact}
            dashboards:
              - {slug: one, title: One, query: queries/one.sql, rows: {probe: 1}}
            """
        try FileManager.default.createDirectory(atPath: dir + "/queries", withIntermediateDirectories: true)
        try expectations.write(toFile: dir + "/expectations.yaml", atomically: true, encoding: .utf8)
        try "SELECT 1 AS one\n".write(toFile: dir + "/queries/one.sql", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/linked.sql", withDestinationPath: dir + "/queries/one.sql")
        let cases: [(option: String, path: String, input: String)] = [
            ("--junit", dir + "/expectations.yaml", "the expectations file"),
            ("--html", dir + "/queries/../queries/one.sql", "the query file of dashboard 'one'"),
            ("--summary", dir + "/linked.sql", "the query file of dashboard 'one'"),
            ("--json", dir + "/runs.sqlite", "the run history"),
        ]
        for (option, path, input) in cases {
            let run = try await gate(["--env", "probe", "--arm", "sentinel", "--expectations", dir + "/expectations.yaml", option, path])
            #expect(run.status == 2, "\(option) \(path): \(run.status) \(run.errors)")
            #expect(run.errors.contains(input) && run.errors.contains("(\(option) \(path))") && run.errors.contains("would overwrite the gate's input"),
                    "\(run.errors)")
            #expect(run.output.isEmpty, "nothing ran: \(run.output)")
        }
        #expect(try String(contentsOfFile: dir + "/expectations.yaml", encoding: .utf8) == expectations)
        #expect(try String(contentsOfFile: dir + "/queries/one.sql", encoding: .utf8) == "SELECT 1 AS one\n")
        #expect(kind(dir + "/linked.sql") == S_IFLNK)
        #expect(!FileManager.default.fileExists(atPath: dir + "/runs.sqlite"), "the history was not created, nor replaced by a report")
    }

    @Test("--json /dev/stdout through the real binary: the JSON arrives on its standard output, /dev/stdout stays a link")
    func devStdout() async throws {
        let before = kind("/dev/stdout")
        let input = try shard(in: try folder())
        let run = try await gate(["merge", "--json", "/dev/stdout", input])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try JSONReport.parse(Data(run.output.utf8)).results.count == 1, "\(run.output)")
        #expect(run.errors.contains("API status sentinel"), "the console went to standard error")
        #expect(before == S_IFLNK && kind("/dev/stdout") == S_IFLNK, "/dev/stdout was replaced")
    }

    @Test("--json /dev/stdout on a run against the local stack: JSON on standard output, /dev/stdout still a link",
          .enabled(if: Env.hasLocalStack, Env.localStackReason))
    func devStdoutRun() async throws {
        let run = try await gate(["--env", "local", "--arm", "sentinel", "--no-history", "--json", "/dev/stdout"])
        #expect(run.status == 0, "\(run.errors)")
        let report = try JSONReport.parse(Data(run.output.utf8))
        #expect(report.results.contains { $0.check == .sentinelStatus })
        #expect(kind("/dev/stdout") == S_IFLNK)
    }
}
