import Foundation

/// CI shards' reports combined into the one report an unsharded run would have made.
public enum ReportMerge {
    public struct MergeError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Results by arm (in the arms' order), each arm's in the shards' order; the earliest start, the longest
    /// shard's time (the jobs ran side by side), each arm's longest time. The exit code follows from the results.
    public static func merge(_ reports: [GateReport]) throws(MergeError) -> GateReport {
        guard let first = reports.first else { throw MergeError(description: "no reports to merge") }
        if let other = reports.first(where: { $0.environment != first.environment }) {
            throw MergeError(description: "the reports are of different environments: \(first.environment) and \(other.environment)")
        }
        // Each shard reports each arm's start (a refused login is one error in every shard): one in the merged report,
        // the worst.
        var all: [CheckResult] = []
        for result in reports.flatMap(\.results) {
            if result.check == .arm, let index = all.firstIndex(where: { $0.check == .arm && $0.arm == result.arm && $0.tenant == result.tenant }) {
                let tries = max(all[index].tries, result.tries)
                if all[index].outcome < result.outcome { all[index] = result }
                all[index].tries = tries
                continue
            }
            all.append(result)
        }
        var seen = Set<CheckIdentity>()
        for result in all {
            guard seen.insert(result.identity).inserted else {
                throw MergeError(description: "check \(result.check) of \(result.slug ?? "the sentinel") (\(result.arm.title)) is in two reports: "
                    + "were two shards given the same --shard, or a report twice?")
            }
        }
        let results = Arm.allCases.flatMap { arm in all.filter { $0.arm == arm } }
        var armSeconds: [Arm: Double] = [:]
        for report in reports {
            armSeconds.merge(report.armSeconds, uniquingKeysWith: max)
        }
        var merged = GateReport(environment: first.environment, startedAt: reports.map(\.startedAt).min()!,
                                seconds: reports.map(\.seconds).max()!, results: results, armSeconds: armSeconds)
        // One interrupted shard leaves the merged run incomplete: it says so, with that shard's exit code.
        merged.interruptedBy = reports.lazy.compactMap(\.interruptedBy).first
        merged.limits = first.limits
        // Each shard kept its own run in the history: their trends together, one run number only when there was one.
        let histories = reports.compactMap(\.history)
        if let history = histories.first {
            let problems = histories.compactMap(\.problem)
            merged.history = HistorySummary(path: history.path, run: histories.count == 1 ? history.run : nil, revision: history.revision,
                                            series: histories.flatMap(\.series), problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
        }
        return merged
    }
}
