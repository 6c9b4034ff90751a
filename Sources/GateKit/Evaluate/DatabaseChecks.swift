import Foundation
import Probes

extension Evaluation {
    static func evaluateDatabase(_ observation: DatabaseObservation, _ dashboard: PlannedDashboard) -> [CheckResult] {
        var base = CheckResult(arm: .db, slug: dashboard.slug, dashboard: dashboard.title, check: .rows, outcome: .passed)
        base.tries = observation.tries
        var lint = judgeLint(observation.lint, base)
        lint.check = .lint

        var rows = base
        rows.check = .rows
        rows.note = dashboard.note
        rows.sql = observation.probeSQL
        rows.seconds = observation.serviceSeconds ?? observation.seconds
        rows.queuedSeconds = max(0, observation.seconds - rows.seconds)
        rows.expected = .rows(dashboard.rows)
        switch observation.count {
        case nil:
            rows.outcome = .skipped
            rows.message = observation.notRunReason ?? "not run: the lint refused \(dashboard.queryPath), so it was not executed"
        case .failure(let failure)?:
            rows.outcome = .error
            rows.actual = .failure(failure.code)
            rows.message = "\(dashboard.queryPath) did not run: \(failure.message)"
        case .success(let count)?:
            rows.actual = .count(count)
            rows.count = count
            rows = judgeRows(rows, count: count, dashboard: dashboard, source: "the database")
        }
        var results = [lint, rows]
        if let fetch = observation.fetch {
            var check = base
            check.check = .fetch
            check.sql = observation.fetchSQL
            switch fetch {
            case .failure(let failure):
                check.outcome = .error
                check.message = "fetching every row of \(dashboard.queryPath) failed: \(failure.message)"
            case .success(let stats):
                check.actual = .fetched(rows: stats.rows, seconds: stats.seconds)
                check.seconds = stats.seconds
                if case .success(let counted)? = observation.count {
                    check.expected = .quantity(counted, of: .rows)
                    if counted != stats.rows {
                        check.outcome = .failed
                        check.message = "streamed \(stats.rows) rows but the count probe said \(counted)"
                    }
                } else {
                    let expected = dashboard.rows
                    // No count to compare with: the streamed rows answer to the expectation itself.
                    check.expected = .rows(expected)
                    if !expected.accepts(stats.rows) {
                        check.outcome = dashboard.rowMismatch
                        check.message = "\(dashboard.title): streamed \(stats.rows) rows, expected \(expected)"
                    }
                }
            }
            results.append(check)
        }
        return results
    }
}
