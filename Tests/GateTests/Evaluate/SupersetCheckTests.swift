import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Ways the Superset arm could have been fooled or could have misreported, each pinned by a test against fakes.
@Suite("Superset checks: hard cases")
struct SupersetCheckTests {
    let expectations = Sample.expectations

    func run(_ fake: FakeSuperset, arms: Set<Arm> = [.superset]) async throws -> GateReport {
        try await Gate.run(expectations, environment: "local", targets: GateTargets(database: FakeDatabase(counts: ["pfill_run_history": 11]), superset: fake),
                           options: GateOptions(arms: arms))
    }

    @Test("a chart duplicated by a deploy is a named failure, even though every name is expected")
    func duplicatedChart() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        fake.charts[1]!.append(SupersetChart(id: 9_999, name: "Runs Table", vizType: "table"))
        let failures = try await run(fake).failures()
        #expect(failures.map(\.check) == [.chart("Runs Table")])
        #expect(failures.first?.message.contains("appears 2 times") == true)
    }

    @Test("a dashboard with two datasets fails naming both, rather than checking whichever Superset lists first")
    func twoDatasets() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        fake.datasets[2]!.append(SupersetDataset(id: 77, tableName: "stray_dataset", sql: "SELECT 1 AS a"))
        let failures = try await run(fake).failures()
        #expect(failures.map(\.check) == [.rows])
        #expect(failures.first?.message.contains("stray_dataset") == true)
    }

    @Test("Superset answering 5xx or 429 is an error (could not check), a 4xx is a failure")
    func serverErrorsAreErrors() {
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: .httpStatus(502))) == .error)
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: .httpStatus(429))) == .error)
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: .httpStatus(400))) == .failed)
        #expect(Evaluation.outcome(for: ProbeFailure(message: "", code: .timeout)) == .error)
    }

    @Test("json_metadata without cross_filters_enabled passes as Superset 6.1 reads it (enabled) and says so; false fails")
    func crossFiltersMissing() async throws {
        var fake = FakeSuperset.matching(expectations, environment: "local")
        let first = fake.dashboards["powerfill-run-overview"]!
        fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: first.id, title: first.title, slug: first.slug, jsonMetadata: "{}")
        let report = try await run(fake)
        #expect(report.failures().isEmpty)
        let missing = try #require(report.results.first { $0.slug == "powerfill-run-overview" && $0.check == .crossFilters })
        #expect(missing.outcome == .passed && missing.actual == .state(.enabledByDefault))
        fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: first.id, title: first.title, slug: first.slug,
                                                                      jsonMetadata: #"{"cross_filters_enabled": false}"#)
        let failure = try #require(try await run(fake).failures().first)
        #expect(failure.check == .crossFilters && failure.actual == .state(.disabled))
    }
}
