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
    /// What the run history added (trend series, this run's number), when history is on.
    package var history: HistorySummary?
    /// Set when a signal stopped the run: checks that had not finished are errors saying so.
    public var interruptedBy: InterruptSignal?
    /// The timeouts the run's calls had and the worst case each implies (in the JSON report).
    package var limits: CallLimits?

    public init(environment: String, startedAt: Date, seconds: Double, results: [CheckResult], armSeconds: [Arm: Double] = [:]) {
        self.environment = environment
        self.armSeconds = armSeconds
        self.startedAt = startedAt
        self.seconds = seconds
        self.results = results
    }

    public func count(_ outcome: Outcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// Failures and errors, then warnings: what the HTML report and the job summary spell out.
    public var problems: [CheckResult] {
        results.filter { [.failed, .error, .warning].contains($0.outcome) }.sorted { $0.outcome > $1.outcome }
    }

    /// What the sentinel reported, when it answered.
    package var sentinel: String? {
        results.first { $0.arm == .sentinel && $0.check == .sentinelStatus }?.actual?.description
    }

    /// "PASS", "FAIL" or "ERROR", by the exit code.
    public var verdict: String { ExitCodes.verdict(exitCode) }

    /// The report with every given secret masked in every text it holds: whatever a target echoed (a sentinel
    /// body, Superset's error page, a driver's message) leaves the gate masked.
    package func masking(_ secrets: [String]) -> GateReport {
        guard !secrets.isEmpty else { return self }
        return mappingTexts { Secrets.mask($0, secrets) }
    }

    /// The report with `transform` applied to every text a target or the expectations put in it (names, expectations,
    /// what was seen, messages, SQL): masking secrets, or making it safe for a terminal.
    package func mappingTexts(_ transform: (String) -> String) -> GateReport {
        var mapped = self
        mapped.environment = transform(environment)
        mapped.results = results.map { result in
            var result = result
            result.tenant = result.tenant.map(transform)
            result.slug = result.slug.map(transform)
            result.dashboard = result.dashboard.map(transform)
            result.check = result.check.mappingName(transform)
            result.expected = result.expected?.mappingTexts(transform)
            result.actual = result.actual?.mappingTexts(transform)
            result.message = transform(result.message)
            result.note = result.note.map(transform)
            result.detail = result.detail.map(transform)
            result.sql = result.sql.map(transform)
            result.location = result.location.map { location in
                var location = location
                location.file = transform(location.file)
                location.query = location.query.map(transform)
                location.url = location.url.map(transform)
                return location
            }
            return result
        }
        mapped.history = history.map { history in
            var history = history
            history.path = transform(history.path)
            history.revision = history.revision.map(transform)
            history.problem = history.problem.map(transform)
            history.series = history.series.map { series in
                var series = series
                series.tenant = series.tenant.map(transform)
                series.slug = transform(series.slug)
                series.dashboard = series.dashboard.map(transform)
                series.check = series.check.mappingName(transform)
                return series
            }
            return history
        }
        return mapped
    }

    /// The process exit code for this report. A definite failure (1) outranks a check that
    /// could not run (3): retrying cannot fix the former.
    public var exitCode: Int32 {
        if let interruptedBy { return interruptedBy.exitCode }
        if results.contains(where: { $0.outcome == .failed }) { return ExitCodes.checkFailed }
        if results.contains(where: { $0.outcome == .error }) { return ExitCodes.couldNotRun }
        return ExitCodes.passed
    }
}
