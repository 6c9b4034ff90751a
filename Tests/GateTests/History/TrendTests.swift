import Foundation
import Testing
@testable import GateKit

/// A count against its recent runs: the arithmetic, and the checks made of it.
@Suite("Trends against earlier runs", .offPool)
struct TrendTests {
    let share = TrendRule(runs: 5, maxChangePercent: 5, maxDeviations: nil, level: .warn)

    @Test("the baseline is the median: one odd run does not move it; a share limit flags a move beyond it, either way")
    func medianAndShare() {
        let judgement = TrendJudgement(current: 12, previous: [11, 11, 400, 11], rule: share)
        #expect(judgement.baseline == 11)
        #expect(judgement.changePercent.map { ($0 * 10).rounded() / 10 } == 9.1)
        #expect(judgement.isAnomaly)
        #expect(judgement.broken == ["more than 5% from 11, the median of the last 4 runs"])
        #expect(judgement.changeText == "+1 (+9.1%)")
        #expect(TrendJudgement(current: 11, previous: [11, 11], rule: share).isAnomaly == false)
        #expect(TrendJudgement(current: 20, previous: [21, 20], rule: share).isAnomaly == false, "2.4% below a median of 20.5")
        let drop = TrendJudgement(current: 5, previous: [10], rule: share)
        #expect(drop.isAnomaly && drop.changeText == "−5 (−50%)")
    }

    @Test("from 0: no finite share, an anomaly under a share limit; 0 to 0 is no change")
    func fromZero() {
        let up = TrendJudgement(current: 4, previous: [0, 0], rule: share)
        #expect(up.changePercent == nil && up.isAnomaly && up.changeText == "+4 (from 0)")
        #expect(up.broken == ["up from a median of 0 in the last 2 runs"])
        #expect(!TrendJudgement(current: 0, previous: [0, 0], rule: share).isAnomaly)
    }

    @Test("standard deviations: need 3 earlier counts that differ; a count 3σ away breaks a 3σ limit, one inside does not")
    func deviations() {
        let sigma = TrendRule(runs: 5, maxChangePercent: nil, maxDeviations: 3, level: .warn)
        // mean 100, sample σ 2.
        let far = TrendJudgement(current: 107, previous: [98, 100, 102], rule: sigma)
        #expect(far.deviations == 3.5)
        #expect(far.isAnomaly && far.broken[0].hasPrefix("3.5 standard deviations from the mean of the last 3 runs"))
        #expect(far.baseline(TrendRule(runs: 5, maxChangePercent: 5, maxDeviations: 3, level: .warn)).description == "within ±5% of 100 (median) and 3σ of 100 (mean, σ 2) (3 runs)")
        let few = TrendJudgement(current: 107, previous: [98, 102], rule: sigma)
        #expect(few.baseline(TrendRule(runs: 5, maxChangePercent: 5, maxDeviations: 3, level: .warn)).description == "within ±5% of 100 (2 runs)",
                "σ is not promised before it can apply")
        let huge = TrendJudgement(current: Int.max, previous: [Int.max, Int.max - 1, Int.max], rule: sigma)
        #expect(huge.changeText.hasPrefix("±0 (") || huge.changeText.hasPrefix("+"), "no overflow on huge counts: \(huge.changeText)")
        #expect(!TrendJudgement(current: 104, previous: [98, 100, 102], rule: sigma).isAnomaly)
        #expect(TrendJudgement(current: 500, previous: [100, 100, 100], rule: sigma).deviations == nil, "all equal: no σ")
        #expect(TrendJudgement(current: 500, previous: [98, 102], rule: sigma).deviations == nil, "fewer than 3")
        #expect(!TrendJudgement(current: 500, previous: [100], rule: TrendRule(runs: 5, maxChangePercent: nil, maxDeviations: nil, level: .warn)).isAnomaly)
    }

    func counted(_ arm: Arm, _ check: CheckKind, _ count: Int?, tenant: String? = nil) -> CheckResult {
        var result = CheckResult(arm: arm, slug: "run-overview", dashboard: "Run Overview", check: check, outcome: .passed, actual: count.map(CheckValue.count))
        result.count = count
        result.tenant = tenant
        return result
    }

    @Test("which counts have a trend: the database's rows (Superset's only without a database arm), every chart's; by the checks, not by which counted")
    func countedChecks() throws {
        let results = [counted(.superset, .rows, 11), counted(.db, .rows, nil), counted(.superset, .chart("Runs Table"), 11),
                       counted(.superset, .chart("Broken"), nil), counted(.superset, .rows, 3, tenant: "t2"), counted(.db, .lint, nil)]
        let picked = TrendChecks.counted(results)
        #expect(picked.map(\.arm) == [.db, .superset, .superset, .superset])
        #expect(picked.map(\.check) == [.rows, .chart("Runs Table"), .chart("Broken"), .rows])
        #expect(picked.last?.tenant == "t2", "tenant t2 has no database arm: its Superset count is followed")
        // A count the run did not take is a skipped trend naming why; it adds nothing to the series.
        let (checks, series) = TrendChecks.evaluate(picked, history: [:], environment: "local", rule: { _ in .defaults })
        let broken = try #require(checks.first { $0.check == .trend(.chart("Broken")) })
        #expect(broken.outcome == .skipped && broken.message.contains("has no count this run"), "\(broken.message)")
        #expect(checks.count == 4 && series.count == 2)
    }

    @Test("a first run is skipped, saying so; a move past the limit warns with the previous values; level fail fails")
    func checks() throws {
        let current = [counted(.db, .rows, 12), counted(.superset, .chart("Runs Table"), 11)]
        let first = TrendChecks.evaluate(current, history: [:], environment: "local", rule: { _ in share })
        #expect(first.checks.map(\.outcome) == [.skipped, .skipped])
        #expect(first.checks[0].message.contains("no earlier run of local in the history"))
        #expect(first.series.map(\.current) == [12, 11])

        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let earlier: [SeriesKey: [CountPoint]] = [
            SeriesKey(tenant: nil, arm: .db, slug: "run-overview", check: .rows): [CountPoint(run: 1, startedAt: date, count: 11), CountPoint(run: 2, startedAt: date, count: 11)],
            SeriesKey(tenant: nil, arm: .superset, slug: "run-overview", check: .chart("Runs Table")): [CountPoint(run: 2, startedAt: date, count: 11)],
        ]
        let second = TrendChecks.evaluate(current, history: earlier, environment: "local", rule: { _ in share })
        let moved = second.checks[0]
        #expect(moved.outcome == .warning)
        #expect(moved.check == .trend(.rows) && moved.arm == .db && moved.dashboard == "Run Overview")
        #expect(moved.expected?.description == "within ±5% of 11 (2 runs)")
        #expect(moved.actual?.description == "12, +1 (+9.1%)")
        #expect(moved.message == "Run Overview: rows (database) moved from 11 to 12, +1 (+9.1%): more than 5% from 11, the median of the last 2 runs; previous values 11, 11")
        #expect(moved.detail == "previous counts, oldest first: 11 (run 1), 11 (run 2)")
        #expect(second.checks[1].outcome == .passed && second.checks[1].check == .trend(.chart("Runs Table")))
        #expect(second.series[0].previous.map(\.count) == [11, 11] && second.series[0].outcome == .warning)

        let lint = CheckResult(arm: .db, slug: "run-overview", check: .lint, outcome: .passed)
        let listed = TrendChecks.interleave([current[1], lint, current[0]], second.checks)
        #expect(listed.map(\.check) == [.chart("Runs Table"), .trend(.chart("Runs Table")), .lint, .rows, .trend(.rows)], "each trend right after its count")

        var failing = share
        failing.level = .fail
        #expect(TrendChecks.evaluate(current, history: earlier, environment: "local", rule: { _ in failing }).checks[0].outcome == .failed)
    }

    @Test("a trend's kind reads back from its parts, never its words, chart names with spaces included")
    func kindText() throws {
        for kind in [CheckKind.trend(.rows), .trend(.chart("Runs Table")), .trend(.chart("trend of x"))] {
            #expect(try JSONDecoder().decode(CheckKind.self, from: JSONEncoder().encode(kind)) == kind)
            #expect(kind.trended.map(CheckKind.trend) == kind)
        }
        #expect(CheckKind.trend(.chart("Runs Table")).description == "trend of chart Runs Table")
    }

    @Test("rules: the file's history block, the environment's, then the dashboard's trend block, each overriding the one before")
    func rules() throws {
        let yaml = """
            version: 1
            history: {runs: 7, max_change_percent: 20, level: warn}
            environments:
              local: {history: {path: h.sqlite, max_deviations: 2}}
              tenanted:
                history: {max_change_percent: "off"}
                tenants: {t1: {slug_suffix: -t1}}
            dashboards:
              - {slug: a, title: A, query: a.sql, rows: {local: 1, tenanted: 1}, trend: {level: fail, max_change_percent: 1}}
              - {slug: b, title: B, query: b.sql, rows: {local: 1, tenanted: 1}}
            """
        let expectations = try ExpectationsLoader.parse(yaml, file: "/repo/gate/expectations.yaml") { _ in "SELECT 1 AS x" }
        let local = try expectations.environment(named: "local")
        let rule = HistoryStage.rules(expectations, environment: local)
        #expect(rule(try #require(SeriesKey(counted(.db, .rows, 1)))) == TrendRule(runs: 7, maxChangePercent: 20, maxDeviations: 2, level: .warn), "no such slug: the environment's")
        var a = counted(.db, .rows, 1)
        a.slug = "a"
        #expect(rule(try #require(SeriesKey(a))) == TrendRule(runs: 7, maxChangePercent: 1, maxDeviations: 2, level: .fail))
        let tenanted = try expectations.environment(named: "tenanted")
        var tenantA = a
        tenantA.slug = "a-t1"
        tenantA.tenant = "t1"
        #expect(HistoryStage.rules(expectations, environment: tenanted)(try #require(SeriesKey(tenantA))) == TrendRule(runs: 7, maxChangePercent: 1, maxDeviations: nil, level: .fail))
        var b = a
        b.slug = "b-t1"
        b.tenant = "t1"
        #expect(HistoryStage.rules(expectations, environment: tenanted)(try #require(SeriesKey(b))).maxChangePercent == nil, "off")
        #expect(HistoryStage.path(expectations, environment: local, options: HistoryOptions()) == "/repo/gate/h.sqlite", "relative to the file")
        #expect(HistoryStage.path(expectations, environment: local, options: HistoryOptions(path: "x.sqlite")) == "x.sqlite")
        #expect(HistoryStage.path(expectations, environment: local, options: HistoryOptions(disabled: true)) == nil)
        #expect(HistoryStage.path(expectations, environment: tenanted, options: HistoryOptions()) == nil, "off unless a path is named")
    }

    @Test("bad history blocks are errors at their line", arguments: [
        ("history: {runs: 0}", "history.runs must be a whole number from 1 to 1000"),
        ("history: {max_change_percent: lots}", "history.max_change_percent 'lots' is not a number from 0 to 100000, or off"),
        ("history: {level: loud}", "history.level 'loud' is not one of fail, warn"),
        ("history: {path: ''}", "history.path must be a non-empty text value"),
        ("history: {colour: red}", "colour"),
    ])
    func badBlocks(_ block: String, _ message: String) {
        expectLoadError("version: 1\n\(block)\nenvironments: {local: {}}\ndashboards: []\n", message, at: "e.yaml:2")
    }
}
