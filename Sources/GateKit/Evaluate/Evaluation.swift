import Foundation
import Probes

/// Observed vs expected → check results. Pure: no I/O, so every verdict is unit-testable.
/// One file per arm's checks (`SentinelChecks`, `SupersetChecks`, `DatabaseChecks`) and the agreement.
package enum Evaluation {
    package static func evaluate(_ observations: Observations, _ plan: GatePlan) -> [CheckResult] {
        let expectations = plan.expectations
        var results: [CheckResult] = []
        for (arm, failure) in observations.armFailures.sorted(by: { $0.key < $1.key }) {
            var result = CheckResult(arm: arm, check: .arm, outcome: .error, message: failure.message)
            result.tries = observations.armTries[arm] ?? 1
            results.append(result)
        }
        if let sentinel = observations.sentinel, let expectation = expectations.sentinel {
            results.append(evaluateSentinel(sentinel, expectation))
        }
        let bySlug = Dictionary(uniqueKeysWithValues: plan.dashboards.map { ($0.slug, $0) })
        for observation in observations.superset {
            guard let dashboard = bySlug[observation.slug] else { continue }
            results += evaluateSuperset(observation, dashboard, environment: plan.environment, skipping: plan.options.skippedChecks)
        }
        for observation in observations.database {
            guard let dashboard = bySlug[observation.slug] else { continue }
            results += evaluateDatabase(observation, dashboard)
        }
        for dashboard in plan.dashboards {
            let fromSuperset = observations.superset.first { $0.slug == dashboard.slug }
            let fromDatabase = observations.database.first { $0.slug == dashboard.slug }
            if let agreement = evaluateAgreement(dashboard, superset: fromSuperset, database: fromDatabase) {
                results.append(agreement)
            }
            if let content = evaluateContent(dashboard, superset: fromSuperset, database: fromDatabase) {
                results.append(content)
            }
        }
        // Every planned check is in the report, on every run: those the run did not reach are skipped, with the reason.
        results = completing(results, plan, observations)
        // Where to look, once for every check of a dashboard: the line of the expectations file it judged, its query
        // file, and its page in Superset (the chart's, for a chart's check).
        let pages = SupersetPages(base: observations.supersetURL)
        for index in results.indices where results[index].location == nil {
            guard let slug = results[index].slug, let dashboard = bySlug[slug] else { continue }
            let kind = results[index].check
            let found = observations.superset.first { $0.slug == slug }
            results[index].location = CheckResult.Location(file: expectations.file, line: dashboard.line(of: kind), query: dashboard.queryPath,
                                                           url: pages.url(of: found, dashboard: dashboard, chart: kind.chart))
        }
        // A check that failed or could not run after retries says so: the failure was not a one-off.
        for index in results.indices where results[index].tries > 1 && [.failed, .error].contains(results[index].outcome) {
            results[index].message += " (after \(results[index].tries) tries)"
        }
        return results
    }

    /// Lint errors fail the check; warnings alone (what SQL Server would reject but the local stack runs)
    /// make it a warning, shown without failing.
    static func judgeLint(_ findings: [Diagnostic], _ base: CheckResult) -> CheckResult {
        var lint = base
        lint.expected = .findings(errors: 0, warnings: 0)
        let errors = findings.filter { $0.severity == .error }
        let warnings = findings.filter { $0.severity == .warning }
        lint.actual = .findings(errors: errors.count, warnings: warnings.count)
        if let first = errors.first ?? warnings.first {
            lint.outcome = errors.isEmpty ? .warning : .failed
            lint.message = first.description
            lint.detail = findings.map(\.description).joined(separator: "\n")
        }
        // A lint the run deadline stopped did not finish: the query could not be checked (exit 3), not found wrong.
        if let stopped = findings.first(where: \.stoppedAtDeadline) {
            lint.outcome = .error
            lint.actual = .state(.notFinished)
            lint.message = stopped.description
        }
        return lint
    }

    static func judgeRows(_ result: CheckResult, count: Int, dashboard: PlannedDashboard, source: String) -> CheckResult {
        var result = result
        let expectation = dashboard.rows
        if !expectation.accepts(count) {
            result.outcome = dashboard.rowMismatch
            result.message = "\(dashboard.title): \(source) returned \(count) rows, expected \(expectation)"
                + (dashboard.note.map { " — note: \($0)" } ?? "")
        }
        return result
    }


    /// Superset answered with an error about the thing itself (a failure), versus no answer (an error).
    /// A 5xx or 429 is the service failing (or a proxy mid-rollout), not a verdict on the dashboard.
    static func outcome(for failure: ProbeFailure) -> Outcome {
        switch failure.code {
        // 401/403 after a good login: the gate could not look, which says nothing about the dashboard.
        case .httpStatus(let status): return status >= 500 || status == 429 || status == 401 || status == 403 ? .error : .failed
        // An answer the gate cannot read (an HTML page, a proxy's text) says nothing about the dashboard: the check could not run.
        case .sqlState, .loginRefused, .malformedAnswer, .timeout, .unreachable, .invalidURL, .responseTooLarge, .untrustedCertificate, .transport, .asyncQuery,
             .countProbe, .cancelled, .unknown: return .error
        case .refusedByLint: return .skipped
        }
    }
}

/// The pages a person opens in Superset: a dashboard's (`/superset/dashboard/ID/`, by its slug when Superset did not
/// answer with it) and a chart's (`/explore/?slice_id=ID`), under the environment's Superset URL (its path prefix kept,
/// any credentials in it left out).
struct SupersetPages {
    let base: String?

    init(base url: URL?) {
        guard let url, var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            base = nil
            return
        }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        var text = parts.string ?? ""
        while text.hasSuffix("/") { text.removeLast() }
        base = text.isEmpty ? nil : text
    }

    func url(of observation: SupersetObservation?, dashboard: PlannedDashboard, chart: String?) -> String? {
        guard let base else { return nil }
        if let chart, let id = observation?.chart(named: chart)?.id { return "\(base)/explore/?slice_id=\(id)" }
        let found = (try? observation?.dashboard.get()).map { String($0.id) }
        let key = found ?? dashboard.pinnedID.map(String.init)
            ?? dashboard.slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#")))
        return key.map { "\(base)/superset/dashboard/\($0)/" }
    }
}
