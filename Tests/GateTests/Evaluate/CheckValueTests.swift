import Foundation
import Testing
@testable import GateKit

/// Expected and actual are values: every case has its words (the ones the reports showed when they were strings) and
/// comes back from a JSON report and from `merge` as it went in.
@Suite("Check values")
struct CheckValueTests {
    /// One value of every case, with the words every report shows for it.
    static let samples: [(CheckValue, String)] = [
        (.rows(.exact(11)), "11"),
        (.rows(.range(min: 1, max: nil)), ">= 1"),
        (.rows(.range(min: nil, max: nil)), "any"),
        (.count(688), "688"),
        (.countedBy(11, arm: .db), "11 (database)"),
        (.quantity(3, of: .charts), "3 charts"),
        (.quantity(4, of: .attachedChartsLaidOut), "4 attached charts laid out"),
        (.fetched(rows: 11, seconds: 0.01), "11 rows in 0.010 s"),
        (.findings(errors: 0, warnings: 0), "no findings"),
        (.findings(errors: 0, warnings: 2), "2 warning(s)"),
        (.findings(errors: 1, warnings: 2), "1 finding(s)"),
        (.chart(viz: "table", rows: .exact(11)), "table, 11 result rows"),
        (.chart(viz: "pie", rows: nil), "pie"),
        (.renderedChart(viz: "table", render: .rows(3)), "table, 3 result rows"),
        (.renderedChart(viz: "table", render: .notRendered), "table, not rendered"),
        (.renderedChart(viz: "table", render: .failed), "table, render failed"),
        (.build(module: "PowerFill", status: "phase-8", match: "prefix"), "PowerFill phase-8 (prefix)"),
        (.reportedBuild(module: nil, status: "ok"), "<no module> ok"),
        (.httpAnswer(status: 503, body: "busy"), "HTTP 503 busy"),
        (.failure(.sqlState("57014")), "SQLSTATE 57014"),
        (.failure(.httpStatus(401)), "HTTP 401"),
        (.failure(.timeout), "timeout"),
        (.place(database: "PowerFill Local", schema: "public"), "'PowerFill Local', schema 'public'"),
        (.place(database: nil, schema: nil), "'?'"),
        (.dashboardSlug(id: 3, slug: "run-overview"), "id 3 has slug 'run-overview'"),
        (.slugLeadsTo(slug: "run-overview", id: 9), "slug 'run-overview' is id 9"),
        (.queryFile(path: "Fixtures/queries/39.sql"), "Fixtures/queries/39.sql"),
        (.cacheLimit(seconds: 600), "at most 600 s"),
        (.longestCache(seconds: nil), "none set"),
        (.trendBaseline(.init(runs: 2, median: 11, maxChangePercent: 5)), "within ±5% of 11 (2 runs)"),
        (.trendBaseline(.init(runs: 4, median: 11, sigma: .init(limit: 3, mean: 10.7, standardDeviation: 0.6))),
         "within 3σ of 10.7 (mean, σ 0.6) (4 runs)"),
        (.countChange(current: 12, baseline: 11, percent: 100.0 / 11), "12, +1 (+9.1%)"),
        (.countChange(current: 4, baseline: 0, percent: nil), "4, +4 (from 0)"),
        (.assetFile(path: "assets/powerfill/charts/Runs_Table_1.yaml"), "assets/powerfill/charts/Runs_Table_1.yaml"),
        (.differences(viewer: 0, presentation: 0), "same"),
        (.differences(viewer: 2, presentation: 1), "2 differ, 1 in presentation"),
        (.chartValue(.single(.exact(515, scale: 0))), "515"),
        (.chartValue(.single(.tolerance(Decimal(string: "1234.5")!, percent: 1))), "1234.5 ±1%"),
        (.chartValue(.grouped(["Failed": .exact(8, scale: 0), "Complete": .range(min: 1, max: nil)])), "Complete: >= 1, Failed: 8"),
        (.chartReading(.number(Decimal(string: "-0.25")!)), "-0.25"),
        (.chartReading(.groups(["Failed": 16, "Complete": 2])), "Complete: 2, Failed: 16"),
        (.chartReading(.notANumber("null")), "null"),
        (.state(.enabledByDefault), "enabled (not set: Superset's default)"),
        (.state(.physicalTable), "physical table"),
        (.text("PowerFill: Run Overview"), "PowerFill: Run Overview"),
        (.content(rows: 11, digest: "0f3a9c0112345678", arm: .db), "11 rows #0f3a9c01 (database)"),
    ]

    /// Which case a value is: a case added to `CheckValue` fails to compile here until it has a sample above.
    static func caseIndex(_ value: CheckValue) -> Int {
        switch value {
        case .rows: return 0
        case .count: return 1
        case .countedBy: return 2
        case .quantity: return 3
        case .fetched: return 4
        case .findings: return 5
        case .chart: return 6
        case .renderedChart: return 7
        case .build: return 8
        case .reportedBuild: return 9
        case .httpAnswer: return 10
        case .failure: return 11
        case .place: return 12
        case .dashboardSlug: return 13
        case .slugLeadsTo: return 14
        case .queryFile: return 15
        case .cacheLimit: return 16
        case .longestCache: return 17
        case .trendBaseline: return 18
        case .countChange: return 19
        case .state: return 20
        case .text: return 21
        case .assetFile: return 22
        case .differences: return 23
        case .chartValue: return 24
        case .chartReading: return 25
        case .content: return 26
        }
    }

    @Test("every case has a sample, and its words are the ones the reports show")
    func words() {
        #expect(Set(Self.samples.map { Self.caseIndex($0.0) }) == Set(0...26))
        for (value, words) in Self.samples {
            #expect(value.description == words)
        }
    }

    @Test("every value round-trips through a JSON report and merge as a value; the JSON also carries its words")
    func roundTrip() throws {
        let results = Self.samples.enumerated().map { index, sample in
            CheckResult(arm: .superset, slug: "dashboard-\(index)", dashboard: "Dashboard \(index)", check: .rows, outcome: .failed,
                        expected: sample.0, actual: sample.0, message: "m")
        }
        let report = GateReport(environment: "local", startedAt: Date(timeIntervalSince1970: 1_795_000_000), seconds: 1, results: results)
        let json = try JSONReport.render(report)
        let parsed = try JSONReport.parse(Data(json.utf8))
        #expect(parsed.results.map(\.expected) == Self.samples.map(\.0))
        #expect(parsed.results.map(\.actual) == Self.samples.map(\.0))
        #expect(try ReportMerge.merge([parsed]).results.map(\.actual) == Self.samples.map(\.0))
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])["results"] as? [[String: Any]]
        #expect(objects?.map { $0["expected"] as? String } == Self.samples.map(\.1))
    }

    @Test("a report written before values were kept reads its words back as text")
    func wordsOnly() throws {
        let old = #"{"arm":"db","slug":"a","dashboard":"A","check":"rows","kind":{"family":"rows"},"outcome":"failed","#
            + #""expected":"11","actual":"5","message":"m","seconds":0}"#
        let result = try JSONDecoder().decode(CheckResult.self, from: Data(old.utf8))
        #expect(result.expected == .text("11") && result.actual == .text("5"))
    }

    @Test("masking reaches every text a value holds, and nothing else")
    func masking() {
        let masked = CheckValue.build(module: "PowerFill", status: "s3cret-build", match: "prefix").mappingTexts { $0.replacingOccurrences(of: "s3cret", with: "***") }
        #expect(masked == .build(module: "PowerFill", status: "***-build", match: "prefix"))
        #expect(CheckValue.count(5).mappingTexts { _ in "x" } == .count(5))
        #expect(CheckValue.httpAnswer(status: 500, body: "s3cret").mappingTexts { _ in "***" } == .httpAnswer(status: 500, body: "***"))
    }
}
