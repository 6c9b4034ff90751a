import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// `max_cache_timeout`: a chart saved to cache its results longer than the dashboard allows is named, with both figures.
@Suite("Cache timeout check")
struct CacheTimeoutCheckTests {
    static let yaml = """
        environments:
          local: {}
        dashboards:
          - slug: runs
            title: Runs
            query: runs.sql
            rows: {local: 3}
            max_cache_timeout: 600
            charts:
              - {name: Runs Table, viz: table}
              - {name: Run Count, viz: big_number_total}
        """

    func report(cacheTimeouts: [Int?], yaml: String = Self.yaml) async throws -> GateReport {
        let expectations = try ExpectationsLoader.parse(yaml, file: "expectations.yaml") { _ in "SELECT 1 AS n" }
        var fake = FakeSuperset.matching(expectations, environment: "local")
        for (chart, seconds) in zip(fake.charts[1]!, cacheTimeouts) { fake.definitions[chart.id]?.cacheTimeout = seconds }
        return try await Gate.run(expectations, environment: "local", targets: GateTargets(superset: fake), options: GateOptions(arms: [.superset]))
    }

    @Test("charts within the bound pass; one over it fails, named with its timeout and the bound")
    func overTheBound() async throws {
        let within = try await report(cacheTimeouts: [600, nil])
        let passed = try #require(within.results.first { $0.check.family == CacheTimeoutCheck.family })
        #expect(passed.outcome == .passed && passed.expected == .cacheLimit(seconds: 600) && passed.actual == .longestCache(seconds: 600)
                && passed.expected?.description == "at most 600 s" && passed.actual?.description == "longest 600 s")

        let over = try await report(cacheTimeouts: [86_400, 60])
        let failure = try #require(over.failures().first)
        #expect(over.failures().count == 1 && failure.check.family == CacheTimeoutCheck.family && failure.actual == .longestCache(seconds: 86400))
        #expect(failure.message.contains("'Runs Table' (id 1001) caches for 86400 s, over 600 s"), "\(failure.message)")
        #expect(JUnitReport.render(over).contains("name=\"runs cache timeout [superset]\""))
    }

    @Test("checked only where the expectations give a bound; a bound that is not seconds is refused at its line")
    func onlyWhereAsked() async throws {
        let unbounded = try await report(cacheTimeouts: [86_400, nil], yaml: Self.yaml.replacingOccurrences(of: "    max_cache_timeout: 600\n", with: ""))
        #expect(!unbounded.results.contains { $0.check.family == CacheTimeoutCheck.family })
        #expect(throws: ConfigurationError.self) {
            try ExpectationsLoader.parse(Self.yaml.replacingOccurrences(of: "600", with: "soon"), file: "e.yaml") { _ in "SELECT 1" }
        }
    }
}
