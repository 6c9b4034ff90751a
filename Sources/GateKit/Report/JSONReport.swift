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
        /// The gate that wrote it (absent in reports of gates before 0.26).
        var version: String? = GateVersion.current
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
