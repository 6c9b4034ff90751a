import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// What a review that attacked the hardened gate found, each now a test: a secret that is part of the expected
/// build, tries hidden inside a sentinel poll, one unwritable report costing the others, a report over the CA file,
/// and a hostile dataset SQL tokenized for the drift check after the deadline's scope.
@Suite("Findings of the attack review")
struct AttackFindingsTests {
    let expectations = Sample.expectations

    static let ready = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-8-superset-ready"}"#)

    @Test("a secret that is part of the expected build ('ready') is masked in the report but never changes the verdict")
    func secretInsideTheBuild() async throws {
        let observation = await Secrets.$inScope.withValue(["ready"]) {
            await SentinelArm(sentinel: FakeSentinel(answer: .success(Self.ready)), expectation: expectations.sentinel!).observe()
        }
        let result = Evaluation.evaluateSentinel(observation, expectations.sentinel!)
        #expect(result.outcome == .passed, "\(result.message)")
        #expect(result.actual?.description.contains("ready") == false, "still masked where shown: \(result.actual?.description ?? "")")
    }

    /// A sentinel whose one read took three tries of its HTTP call (retried timeouts), as HTTPClient records them.
    struct RetriedSentinel: SentinelReading {
        var displayURL: String { "http://fake/status" }
        func read() async throws -> SentinelAnswer {
            TryCounter.current?.record(3)
            throw ProbeFailure(message: "timed out", code: .timeout)
        }
    }

    @Test("the sentinel's report counts the tries inside each poll, not only the polls")
    func sentinelTries() async throws {
        let observation = await SentinelArm(sentinel: RetriedSentinel(), expectation: expectations.sentinel!).observe()
        #expect(observation.attempts == 3)
        let result = Evaluation.evaluateSentinel(observation, expectations.sentinel!)
        #expect(result.outcome == .error && result.message.contains("after 3 tries"), "\(result.message)")
    }

    @Test("a report that cannot be written never keeps the others from being written; every failure is named")
    func everyReportWritten() throws {
        let folder = try TemporaryFolder.make("gate-reports").path
        let report = GateReport(environment: "local", startedAt: Date(), seconds: 1,
                                results: [CheckResult(arm: .sentinel, check: .sentinelStatus, outcome: .passed)])
        let destinations = ReportDestinations(junit: "/proc/version", json: folder + "/r.json", html: "/proc/cpuinfo", summary: folder + "/s.md")
        #expect(throws: ReportDestinations.WriteError.self) { try destinations.write(report) }
        do { try destinations.write(report) } catch {
            #expect(error.description.contains("/proc/version") && error.description.contains("/proc/cpuinfo"), "\(error.description)")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/r.json"), "JSON written after JUnit failed")
        #expect(FileManager.default.fileExists(atPath: folder + "/s.md"), "the summary too")
    }

    @Test("a FIFO whose reader opens it and then reads nothing ends the report after the stall bound, never the gate")
    func stalledReader() async throws {
        let folder = try TemporaryFolder.make("gate-stall").path
        let fifo = folder + "/report.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader opens on a thread of its own and holds the FIFO without reading until the test ends.
        let opened = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let descriptor = open(fifo, O_RDONLY)
            opened.signal()
            release.wait()
            close(descriptor)
        }
        defer { release.signal() }
        let start = ContinuousClock.now
        let outcome = await Task.detached { () -> String in
            do {
                try ReportFile.write(String(repeating: "x", count: 1 << 20), to: fifo)
                return "written"
            } catch {
                return ReportFile.reason(error)
            }
        }.value
        opened.wait()
        #expect(outcome.contains("took nothing for 10 s"), "\(outcome)")
        // The bound is 10 s of no progress; 5x that covers a loaded machine, and an unbounded write never returns.
        #expect(ContinuousClock.now - start < .seconds(50))
    }

    @Test("a report naming the CA file is exit 2 before anything runs; the CA file is unchanged")
    func reportOverCAFile() async throws {
        let cli = CLITests()
        let ca = try cli.temporary("ca.pem", "-----BEGIN CERTIFICATE-----\nnot used\n-----END CERTIFICATE-----\n")
        let run = try await cli.gate(["--env", "local", "--arm", "sentinel", "--ca-file", ca, "--json", ca],
                                     environment: ["GATE_ODBC": "x", "GATE_SUPERSET_USER": "u", "GATE_SUPERSET_PASSWORD": "p"])
        #expect(run.status == 2, "\(run.errors)")
        #expect(run.errors.contains("the CA file"), "\(run.errors)")
        #expect(try String(contentsOfFile: ca, encoding: .utf8).hasPrefix("-----BEGIN CERTIFICATE-----"))
    }

    @Test("a dataset SQL the lint refuses for its depth is compared byte for byte by the drift check: no tokenizing after the deadline's scope")
    func hostileDriftNotTokenized() async throws {
        let hostile = "SELECT " + String(repeating: "(", count: 200_000) + "1" + String(repeating: ")", count: 200_000) + " AS a"
        var superset = FakeSuperset.matching(expectations, environment: "local")
        for (id, sets) in superset.datasets {
            superset.datasets[id] = sets.map { SupersetDataset(id: $0.id, tableName: $0.tableName, sql: hostile, databaseID: $0.databaseID,
                                                               databaseName: $0.databaseName, schema: $0.schema) }
        }
        let report = try await Gate.run(expectations, environment: "local", targets: GateTargets(superset: superset),
                                        options: GateOptions(arms: [.superset]))
        let drifts = report.results.filter { $0.check == .sqlDrift }
        #expect(drifts.count == 8)
        for drift in drifts {
            #expect(drift.outcome == .failed && drift.detail?.contains("refused by the lint (too-large)") == true, "\(drift.detail ?? "")")
        }
        let lints = report.results.filter { $0.check == .sqlLint }
        #expect(lints.count == 8 && lints.allSatisfy { $0.outcome == .failed && $0.message.contains("[too-large]") }, "\(lints.map(\.message))")
    }
}
