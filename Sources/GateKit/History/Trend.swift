import Foundation

/// A count against the same count in earlier runs: pure arithmetic, no I/O.
package struct TrendJudgement: Sendable, Equatable {
    package var current: Int
    package var previous: [Int]
    /// The median of the earlier counts: one odd run (a failed deploy) does not move it.
    package var baseline: Double
    /// The change from the baseline, in percent; nil when the baseline is 0 and the count is not (no finite share).
    package var changePercent: Double?
    /// How many standard deviations the count lies from the earlier counts' mean; nil with fewer than 3 earlier
    /// counts or when they are all equal (every change would be infinitely many).
    package var deviations: Double?
    /// The earlier counts' mean and sample standard deviation, when `deviations` is known.
    package var mean: Double?
    package var standardDeviation: Double?
    /// Which limits it broke, in words; empty when none.
    package var broken: [String]

    package var isAnomaly: Bool { !broken.isEmpty }

    package init(current: Int, previous: [Int], rule: TrendRule) {
        self.current = current
        self.previous = previous
        let sorted = previous.sorted()
        let middle = sorted.count / 2
        baseline = sorted.isEmpty ? Double(current)
            : sorted.count % 2 == 1 ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
        let change = Double(current) - baseline
        changePercent = baseline == 0 ? (change == 0 ? 0 : nil) : change / baseline * 100
        if previous.count >= 3 {
            // In Double: a sum of large counts must not overflow.
            let mean = previous.reduce(0.0) { $0 + Double($1) } / Double(previous.count)
            let variance = previous.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(previous.count - 1)
            if variance > 0 {
                self.mean = mean
                standardDeviation = variance.squareRoot()
                deviations = abs(Double(current) - mean) / variance.squareRoot()
            }
        }
        broken = []
        if let limit = rule.maxChangePercent, !previous.isEmpty {
            if let changePercent, abs(changePercent) > limit {
                broken.append("more than \(Self.number(limit))% from \(Self.number(baseline)), the median of \(Self.runs(previous.count))")
            } else if changePercent == nil {
                // No share of 0 is finite: any count above a median of 0 breaks a share limit.
                broken.append("up from a median of 0 in \(Self.runs(previous.count))")
            }
        }
        if let limit = rule.maxDeviations, let deviations, deviations > limit {
            broken.append("\(Self.number(deviations)) standard deviations from the mean of \(Self.runs(previous.count)) (limit \(Self.number(limit)))")
        }
    }

    /// "+1 (+9.1%)", "−3 (−50%)", "+4 (from 0)".
    package var changeText: String { Self.changeText(current: current, baseline: baseline, percent: changePercent) }

    package static func changeText(current: Int, baseline: Double, percent: Double?) -> String {
        let change = Double(current) - baseline
        let sign = change > 0 ? "+" : change < 0 ? "−" : "±"
        let share = percent.map { "\(sign)\(number(abs($0)))%" } ?? "from 0"
        return "\(sign)\(number(abs(change))) (\(share))"
    }

    /// What the count was compared with, as a value the reports put in words.
    package func baseline(_ rule: TrendRule) -> CheckValue.TrendBaseline {
        // σ applies once there are 3 earlier counts that differ; before that it would promise a check that did not happen.
        let sigma = rule.maxDeviations.flatMap { limit in
            mean.map { CheckValue.TrendBaseline.Sigma(limit: limit, mean: $0, standardDeviation: standardDeviation ?? 0) }
        }
        return CheckValue.TrendBaseline(runs: previous.count, median: baseline, maxChangePercent: rule.maxChangePercent, sigma: sigma)
    }

    /// "the last run", "the last 4 runs".
    static func runs(_ count: Int) -> String { count == 1 ? "the last run" : "the last \(count) runs" }

    /// At most one decimal, none when whole.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(format: "%.0f", rounded) : String(format: "%.1f", rounded)
    }
}

/// The earlier counts of one series and how this run's count compares: what the HTML report draws.
package struct TrendSeries: Sendable, Equatable, Codable {
    package var tenant: String?
    package var arm: Arm
    package var slug: String
    package var dashboard: String?
    package var check: CheckKind
    package var previous: [CountPoint]
    package var current: Int
    package var outcome: Outcome
}

/// What the run history added to a run's report.
package struct HistorySummary: Sendable, Equatable, Codable {
    /// The history file.
    package var path: String
    /// This run's number in it; nil when it could not be recorded.
    package var run: Int64?
    package var revision: String?
    /// Every count compared with earlier runs.
    package var series: [TrendSeries]
    /// Why the history could not be read or written; the verdict does not change for it.
    package var problem: String?
}

/// Trend checks: each counted check of this run against its series' earlier counts.
enum TrendChecks {
    /// The counts a trend follows: a dashboard's rows as the database arm counts them (Superset's only when the run has
    /// no database arm: the agreement check already ties the two), and every chart's rendered rows. Chosen by the checks
    /// the run planned, not by which of them counted, so a run's trends are the same checks every time (a count the run
    /// did not take is a skipped trend).
    static func counted(_ results: [CheckResult]) -> [CheckResult] {
        let databaseRows = Set(results.filter { $0.arm == .db && $0.check == .rows }.map(\.dashboardKey))
        return results.filter { result in
            guard result.slug != nil else { return false }
            switch result.check.family {
            case .rows: return result.arm == .db || !databaseRows.contains(result.dashboardKey)
            case .chart: return true
            default: return false
            }
        }
    }

    static func evaluate(_ counted: [CheckResult], history: [SeriesKey: [CountPoint]], environment: String,
                         rule: (SeriesKey) -> TrendRule) -> (checks: [CheckResult], series: [TrendSeries]) {
        var checks: [CheckResult] = []
        var series: [TrendSeries] = []
        for result in counted {
            guard let key = SeriesKey(result) else { continue }
            let rule = rule(key)
            let earlier = history[key] ?? []
            var check = CheckResult(arm: result.arm, slug: result.slug, dashboard: result.dashboard, check: .trend(result.check), outcome: .passed)
            check.tenant = result.tenant
            check.location = result.location
            let name = "\(result.dashboard ?? key.slug): \(result.check.chartName.map { "chart '\($0)'" } ?? "rows (\(result.arm.title))")"
            guard let current = result.count else {
                check.outcome = .skipped
                check.message = "not run: \(name) has no count this run (its \(result.check) check: \(result.outcome.rawValue))"
                checks.append(check)
                continue
            }
            if earlier.isEmpty {
                check.outcome = .skipped
                check.expected = .state(.earlierRuns)
                check.actual = .count(current)
                check.message = "\(name): no earlier run of \(environment)\(result.tenant.map { " tenant \($0)" } ?? "") in the history counted it; "
                    + "this run's \(current) is the first value (a first run in this history: the trend starts with the next run)"
            } else {
                let judgement = TrendJudgement(current: current, previous: earlier.map(\.count), rule: rule)
                check.expected = .trendBaseline(judgement.baseline(rule))
                check.actual = .countChange(current: current, baseline: judgement.baseline, percent: judgement.changePercent)
                check.detail = "previous counts, oldest first: " + earlier.map { "\($0.count) (run \($0.run))" }.joined(separator: ", ")
                if judgement.isAnomaly {
                    check.outcome = rule.level == .fail ? .failed : .warning
                    check.message = "\(name) moved from \(TrendJudgement.number(judgement.baseline)) to \(current), \(judgement.changeText): "
                        + judgement.broken.joined(separator: "; ") + "; previous values " + earlier.map { String($0.count) }.joined(separator: ", ")
                }
            }
            checks.append(check)
            series.append(TrendSeries(tenant: result.tenant, arm: result.arm, slug: key.slug, dashboard: result.dashboard, check: result.check,
                                      previous: earlier, current: current, outcome: check.outcome))
        }
        return (checks, series)
    }

    /// Each trend check placed right after the count it follows, so every report lists the two together.
    static func interleave(_ results: [CheckResult], _ trends: [CheckResult]) -> [CheckResult] {
        var bySource: [SeriesKey: CheckResult] = [:]
        for trend in trends {
            if let counted = trend.check.trended, let slug = trend.slug {
                bySource[SeriesKey(tenant: trend.tenant, arm: trend.arm, slug: slug, check: counted)] = trend
            }
        }
        var placed = results.flatMap { result -> [CheckResult] in
            guard let key = SeriesKey(result), let trend = bySource.removeValue(forKey: key) else { return [result] }
            return [result, trend]
        }
        // A trend whose count is not among the results (none should be) is still reported, at the end.
        placed += trends.filter { trend in bySource.values.contains(trend) }
        return placed
    }
}
