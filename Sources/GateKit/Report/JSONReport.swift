import Foundation

/// The machine-readable report; `gate-runner merge` reads it back to combine CI shards.
public enum JSONReport {
    struct Envelope: Codable {
        let environment: String
        let startedAt: Date
        let seconds: Double
        let exitCode: Int32
        let summary: [String: Int]
        let results: [CheckResult]
        /// Wall time per arm, by the arm's name.
        let armSeconds: [String: Double]?
        /// The run history's trends and this run's number, with `--history`.
        let history: HistorySummary?
        /// The signal that stopped the run (exit 130 or 143), when one did.
        let interruptedBy: InterruptSignal?
        /// The timeouts in force, the tries per call and each kind of call's worst case.
        let limits: CallLimits?
    }

    public static func render(_ report: GateReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let envelope = Envelope(environment: report.environment, startedAt: report.startedAt, seconds: report.seconds, exitCode: report.exitCode,
                                summary: ["checks": report.results.count, "passed": report.count(.passed), "failed": report.count(.failed),
                                          "errors": report.count(.error), "skipped": report.count(.skipped),
                                          "warnings": report.count(.warning)],
                                results: report.results,
                                armSeconds: Dictionary(uniqueKeysWithValues: report.armSeconds.map { ($0.key.rawValue, $0.value) }),
                                history: report.history, interruptedBy: report.interruptedBy, limits: report.limits)
        return String(decoding: try encoder.encode(envelope), as: UTF8.self) + "\n"
    }

    /// A report written by `render`, read back.
    public static func parse(_ data: Data) throws -> GateReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let envelope = try decoder.decode(Envelope.self, from: data)
        let arms = (envelope.armSeconds ?? [:]).compactMap { key, value in Arm(rawValue: key).map { ($0, value) } }
        var report = GateReport(environment: envelope.environment, startedAt: envelope.startedAt, seconds: envelope.seconds,
                                results: envelope.results, armSeconds: Dictionary(arms, uniquingKeysWith: { first, _ in first }))
        report.history = envelope.history
        report.interruptedBy = envelope.interruptedBy
        report.limits = envelope.limits
        return report
    }
}

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
        // An arm that could not start (a refused login) is one error in every shard: one in the merged report.
        var all: [CheckResult] = []
        for result in reports.flatMap(\.results) {
            if result.check == .arm, let index = all.firstIndex(where: { $0.check == .arm && $0.arm == result.arm && $0.tenant == result.tenant }) {
                all[index].tries = max(all[index].tries, result.tries)
                continue
            }
            all.append(result)
        }
        var seen = Set<String>()
        for result in all {
            let key = "\(result.tenant ?? "")|\(result.arm.rawValue)|\(result.slug ?? "")|\(result.check)"
            guard seen.insert(key).inserted else {
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
