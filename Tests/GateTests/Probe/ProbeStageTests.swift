import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The order in which the probe stage runs its arms.
@Suite("Probe stage")
struct ProbeStageTests {
    let expectations = Sample.expectations

    @Test("with --wait, the other arms start only after the sentinel reports the expected build")
    func waitComesFirst() async throws {
        actor Timeline {
            var events: [String] = []
            func add(_ event: String) { events.append(event) }
        }
        let timeline = Timeline()
        struct RecordingSentinel: SentinelReading {
            let timeline: Timeline
            let inner: SwitchingSentinel
            var displayURL: String { "http://fake/status" }
            func read() async throws -> SentinelAnswer {
                let answer = try await inner.read()
                await timeline.add(answer.body.contains("phase-8") ? "sentinel ready" : "sentinel old")
                return answer
            }
        }
        struct RecordingDatabase: TenantDatabase {
            let timeline: Timeline
            func count(_ sql: String) async throws -> Int {
                await timeline.add("db")
                return sql.contains("pfill_run_history") ? 11 : 0
            }
            func fetchAll(_ sql: String) async throws -> FetchStats { FetchStats(rows: 0, columns: 0, seconds: 0) }
            func fingerprint(_ sql: String, maxRows: Int) async throws -> ContentFingerprint { ContentFingerprint(columns: []) }
        }
        let old = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-7"}"#)
        let ready = SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-8-superset-ready"}"#)
        let sentinel = RecordingSentinel(timeline: timeline, inner: SwitchingSentinel(switchAfter: 2, before: old, after: ready))
        let report = try await Gate.run(expectations, environment: "local",
                                        targets: GateTargets(database: RecordingDatabase(timeline: timeline), sentinel: sentinel),
                                        // Long enough to wait for the state (the third read), however slowly a loaded machine polls.
                                        options: GateOptions(arms: [.sentinel, .db], sentinelWait: .seconds(120)))
        #expect(report.exitCode == 0)
        let events = await timeline.events
        let firstDB = try #require(events.firstIndex(of: "db"))
        let ready_ = try #require(events.firstIndex(of: "sentinel ready"))
        #expect(ready_ < firstDB, "\(events)")
    }
}
