import Foundation
import GRDB
import Testing
@testable import GateKit

/// Every history file a shipped gate wrote still opens, migrates and reads; every check kind comes back from the
/// history and from a merged JSON report as it went in, never read back from its words.
@Suite("History versions and check kinds", .offPool)
struct HistoryVersionTests {
    static let versions = ["v1: runs and their checks", "v2: runs by environment", "v3: interrupted runs", "v4: check kinds in columns"]

    /// A copy of a fixture in a new temporary folder: the migration must not touch the repository's file.
    func copy(_ fixture: String) throws -> String {
        let folder = try TemporaryFolder.make("gate-history-version")
        let path = folder.appendingPathComponent("history.sqlite").path
        try FileManager.default.copyItem(atPath: Repo.root + "/Fixtures/history/" + fixture, toPath: path)
        return path
    }

    @Test("a history file of each shipped schema version migrates and reads every run, count and kind", arguments: [1, 2, 3])
    func shippedVersion(_ version: Int) throws {
        let path = try copy("v\(version).sqlite")
        let before = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(before == Array(Self.versions.prefix(version)))

        let store = try HistoryStore(path: path)
        #expect(try store.appliedMigrations() == Self.versions)
        let runs = try store.runs(environment: "local-history", tenant: nil, slug: nil, limit: 10)
        #expect(runs.map(\.id) == [1, 2, 3])
        let overview = "powerfill-run-overview-history"
        let first = try #require(runs.first)
        #expect(first.counts[SeriesKey(tenant: nil, arm: .db, slug: overview, check: .rows)] == 11)
        #expect(first.counts[SeriesKey(tenant: nil, arm: .superset, slug: overview, check: .chart("Runs Table"))] != nil)

        // Every kind the old words named, in its columns.
        let kinds = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT check_name, family, chart, counted FROM check_result").map { row in
                (row["check_name"] as String, HistoryStore.kind(row, from: 1))
            }
        }
        #expect(kinds.count > 50)
        for (words, kind) in kinds {
            #expect(kind?.description == words, "'\(words)' migrated to \(String(describing: kind))")
        }
        #expect(kinds.contains { $0.1 == .trend(.chart("Runs Table")) } && kinds.contains { $0.1 == .trend(.rows) })
        #expect(kinds.contains { $0.1 == .agreement } && kinds.contains { $0.1 == .crossFilters })

        // A trend follows the migrated series on: the next run's counts are found under the typed kind.
        let earlier = try store.recentCounts(environment: "local-history", series: [SeriesKey(tenant: nil, arm: .db, slug: overview, check: .rows)],
                                             limit: { _ in 10 })
        #expect(earlier.values.first?.map(\.count) == [11, 12, 12])
    }

    /// One result of every kind: each fixed family, charts with awkward names, trends of both counted families, and a
    /// family a newer gate may write.
    static var everyKind: [CheckKind] {
        CheckRegistry.families.filter { ![.chart, .trend].contains($0) }.map { CheckKind(family: $0) }
            + [.chart("Runs Table"), .chart("trend of x"), .chart("chart | a · b"), .trend(.rows), .trend(.chart("Runs Table")),
               CheckKind(family: CheckFamily(code: "from-a-newer-gate", title: "from a newer gate"), chart: "x")]
    }

    func report(_ kinds: [CheckKind]) -> GateReport {
        let results = kinds.enumerated().map { index, kind in
            var result = CheckResult(arm: .superset, slug: "run-overview", dashboard: "Run Overview", check: kind, outcome: .passed,
                                     expected: .rows(.exact(11)), actual: .count(11))
            result.count = index
            return result
        }
        return GateReport(environment: "local", startedAt: Date(timeIntervalSince1970: 1_795_000_000), seconds: 1, results: results)
    }

    @Test("every check kind round-trips through the history and through merge unchanged")
    func kindsRoundTrip() throws {
        let kinds = Self.everyKind
        #expect(Set(kinds).count == kinds.count)
        let report = report(kinds)

        let parsed = try JSONReport.parse(Data(try JSONReport.render(report).utf8))
        #expect(parsed.results.map(\.check) == kinds)
        let merged = try ReportMerge.merge([parsed])
        #expect(merged.results.map(\.check) == kinds)
        let known = kinds.filter { CheckRegistry.families.contains($0.family) }
        #expect(merged.results.map(\.check).filter { known.contains($0) }.map(\.description) == known.map(\.description))

        let path = try copy("v3.sqlite")
        let store = try HistoryStore(path: path)
        let run = try store.record(report, revision: nil)
        let recorded = try #require(try store.runs(environment: "local", tenant: nil, slug: nil, limit: 1).last)
        #expect(recorded.id == run)
        #expect(recorded.counts == Dictionary(uniqueKeysWithValues: kinds.enumerated().map { index, kind in
            (SeriesKey(tenant: nil, arm: .superset, slug: "run-overview", check: kind), index)
        }))
    }
}
