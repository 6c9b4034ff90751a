import Foundation

/// A check's value in words, as every report shows it: the one place expected and actual values are spelled.
extension CheckValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .rows(let expectation): return expectation.description
        case .count(let count): return "\(count)"
        case .countedBy(let count, let arm): return "\(count) (\(arm.title))"
        case .content(let rows, let digest, let arm): return "\(rows) rows #\(digest.prefix(8)) (\(arm.title))"
        case .quantity(let count, let unit): return "\(count) \(unit)"
        case .fetched(let rows, let seconds): return "\(rows) rows in \(String(format: "%.3f", seconds)) s"
        case .findings(let errors, let warnings):
            return errors > 0 ? "\(errors) finding(s)" : warnings > 0 ? "\(warnings) warning(s)" : "no findings"
        case .chart(let viz, let rows): return viz + (rows.map { ", \($0) result rows" } ?? "")
        case .renderedChart(let viz, let render):
            switch render {
            case .rows(let rows): return "\(viz), \(rows) result rows"
            case .notRendered: return "\(viz), not rendered"
            case .failed: return "\(viz), render failed"
            }
        case .build(let module, let status, let match): return "\(module) \(status) (\(match))"
        case .reportedBuild(let module, let status): return "\(module ?? "<no module>") \(status ?? "<no status>")"
        case .httpAnswer(let status, let body): return "HTTP \(status) \(body)"
        case .failure(let code): return code.description
        case .place(let database, let schema): return "'\(database ?? "?")'" + (schema.map { ", schema '\($0)'" } ?? "")
        case .dashboardSlug(let id, let slug): return "id \(id) has slug '\(slug)'"
        case .slugLeadsTo(let slug, let id): return "slug '\(slug)' is id \(id)"
        case .queryFile(let path): return path
        case .assetFile(let path): return path
        case .differences(let viewer, let presentation):
            switch (viewer, presentation) {
            case (0, 0): return "same"
            case (_, 0): return "\(viewer) differ"
            case (0, _): return "\(presentation) differ in presentation"
            default: return "\(viewer) differ, \(presentation) in presentation"
            }
        case .cacheLimit(let seconds): return "at most \(seconds) s"
        case .longestCache(let seconds): return seconds.map { "longest \($0) s" } ?? "none set"
        case .trendBaseline(let baseline): return baseline.description
        case .countChange(let current, let baseline, let percent):
            return "\(current), " + TrendJudgement.changeText(current: current, baseline: baseline, percent: percent)
        case .chartValue(let expectation): return expectation.description
        case .chartReading(let reading): return reading.description
        case .state(let state): return state.description
        case .text(let text): return text
        }
    }
}

extension CheckValue.State: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missing: return "missing"
        case .noDataset: return "no dataset"
        case .queryFailed: return "query failed"
        case .same: return "same"
        case .differs: return "differs"
        case .physicalTable: return "physical table"
        case .notFinished: return "not finished"
        case .earlierRuns: return "earlier runs"
        case .published: return "published"
        case .draft: return "draft"
        case .notReported: return "not reported"
        case .enabled: return "enabled"
        case .disabled: return "disabled"
        case .enabledByDefault: return "enabled (not set: Superset's default)"
        }
    }
}

extension CheckValue.Unit: CustomStringConvertible {
    public var description: String {
        switch self {
        case .charts: return "charts"
        case .datasets: return "datasets"
        case .rows: return "rows"
        case .attachedChartsLaidOut: return "attached charts laid out"
        case .chartEntries: return "chart entries"
        }
    }
}

extension CheckValue.TrendBaseline: CustomStringConvertible {
    /// "within ±5% of 11 (2 runs)"; with σ, which is measured around the mean, not the median:
    /// "within ±5% of 11 (median) and 3σ of 10.7 (mean, σ 0.6) (4 runs)".
    public var description: String {
        let number = TrendJudgement.number
        let runs = runs == 1 ? "1 run" : "\(runs) runs"
        let sigma = sigma.map { "\(number($0.limit))σ of \(number($0.mean)) (mean, σ \(number($0.standardDeviation)))" }
        switch (maxChangePercent, sigma) {
        case (let share?, let sigma?): return "within ±\(number(share))% of \(number(median)) (median) and \(sigma) (\(runs))"
        case (let share?, nil): return "within ±\(number(share))% of \(number(median)) (\(runs))"
        case (nil, let sigma?): return "within \(sigma) (\(runs))"
        case (nil, nil): return "no limit; median \(number(median)) (\(runs))"
        }
    }
}
