import Foundation
import Probes

/// All results of one gate run.
public struct GateReport: Sendable, Codable, Equatable {
    public var environment: String
    public var startedAt: Date
    public var seconds: Double
    public var results: [CheckResult]
    /// Wall time of each arm (its checks run concurrently, so their times do not add up).
    public var armSeconds: [Arm: Double]

    public init(environment: String, startedAt: Date, seconds: Double, results: [CheckResult], armSeconds: [Arm: Double] = [:]) {
        self.environment = environment
        self.armSeconds = armSeconds
        self.startedAt = startedAt
        self.seconds = seconds
        self.results = results
    }

    public func count(_ outcome: Outcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// The report with every given secret masked in every text it holds: whatever a target echoed (a sentinel
    /// body, Superset's error page, a driver's message) leaves the gate masked.
    public func masking(_ secrets: [String]) -> GateReport {
        guard !secrets.isEmpty else { return self }
        var masked = self
        func mask(_ text: String?) -> String? { text.map { Secrets.mask($0, secrets) } }
        masked.results = results.map { result in
            var result = result
            result.expected = mask(result.expected)
            result.actual = mask(result.actual)
            result.message = Secrets.mask(result.message, secrets)
            result.note = mask(result.note)
            result.detail = mask(result.detail)
            result.sql = mask(result.sql)
            return result
        }
        return masked
    }

    /// The process exit code for this report. A definite failure (1) outranks a check that
    /// could not run (3): retrying cannot fix the former.
    public var exitCode: Int32 {
        if results.contains(where: { $0.outcome == .failed }) { return ExitCodes.checkFailed }
        if results.contains(where: { $0.outcome == .error }) { return ExitCodes.couldNotRun }
        return ExitCodes.passed
    }
}

/// Exit codes are an API; the README documents them.
public enum ExitCodes {
    public static let passed: Int32 = 0
    public static let checkFailed: Int32 = 1
    public static let configuration: Int32 = 2
    public static let couldNotRun: Int32 = 3
}
