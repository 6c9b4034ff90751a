import Foundation

/// The machine-readable report.
public enum JSONReport {
    public static func render(_ report: GateReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        struct Envelope: Encodable {
            let environment: String
            let startedAt: Date
            let seconds: Double
            let exitCode: Int32
            let summary: [String: Int]
            let results: [CheckResult]
        }
        let envelope = Envelope(environment: report.environment, startedAt: report.startedAt, seconds: report.seconds, exitCode: report.exitCode,
                                summary: ["checks": report.results.count, "passed": report.count(.passed), "failed": report.count(.failed),
                                          "errors": report.count(.error), "skipped": report.count(.skipped),
                                          "warnings": report.count(.warning)],
                                results: report.results)
        return String(decoding: try encoder.encode(envelope), as: UTF8.self) + "\n"
    }
}
