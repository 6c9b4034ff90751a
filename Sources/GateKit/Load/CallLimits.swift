import Probes

/// The time limits a run's calls had, and the worst case each implies: every try runs out its timeout, with the
/// longest backoff between tries, cut at the check deadline. In the JSON report, `--help` and the README.
package struct CallLimits: Sendable, Codable, Equatable {
    package var httpTimeoutSeconds: Int
    /// A chart data request or a count through Superset: Superset runs a query for it.
    package var chartDataTimeoutSeconds: Int
    package var loginTimeoutSeconds: Int
    package var queryTimeoutSeconds: Int
    package var checkTimeoutSeconds: Int
    package var runDeadlineSeconds: Int
    /// Tries per call, the first included.
    package var attempts: Int
    /// The longest one call can take, tries and pauses included, by kind: sentinel, supersetLookup, chartData, database.
    package var worstCaseSeconds: [String: Double]

    package init(_ settings: Settings) {
        httpTimeoutSeconds = settings.httpTimeoutSeconds
        chartDataTimeoutSeconds = settings.supersetTimeoutSeconds
        loginTimeoutSeconds = settings.loginTimeoutSeconds
        queryTimeoutSeconds = settings.queryTimeoutSeconds
        checkTimeoutSeconds = settings.checkTimeoutSeconds
        runDeadlineSeconds = settings.runDeadlineSeconds
        let attempts = settings.retries + 1
        self.attempts = attempts
        let policy = RetryPolicy(attempts: attempts)
        // The longest pauses: each backoff step at its jitter's top (+50 %).
        let pauses = (1..<max(1, attempts)).reduce(0.0) { total, attempt in
            total + min(policy.baseDelay * (1 << min(attempt - 1, 16)), policy.maxDelay).seconds * 1.5
        }
        let cap = Double(min(settings.checkTimeoutSeconds, settings.runDeadlineSeconds))
        let worst = { (oneTry: Double) -> Double in min(cap, Double(attempts) * oneTry + pauses) }
        // A database call: connecting (login timeout) then the query with its answer (query timeout), each with the
        // one second the driver gets to report its own timeout first.
        worstCaseSeconds = [
            "sentinel": worst(Double(settings.httpTimeoutSeconds)),
            "supersetLookup": worst(Double(settings.httpTimeoutSeconds)),
            "chartData": worst(Double(settings.supersetTimeoutSeconds)),
            "database": worst(Double(settings.loginTimeoutSeconds + settings.queryTimeoutSeconds + 2)),
        ]
    }
}
