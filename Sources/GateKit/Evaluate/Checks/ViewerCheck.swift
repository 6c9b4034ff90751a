import Foundation
import Probes

/// The environment's viewer (`viewer_username_env` and `viewer_password_env`, or `viewer_api_key_env`) opens each
/// dashboard and gets every chart with the rows and values the gate's own login gets. The gate's login is usually an
/// administrator: a row-level-security rule, or a role that lost a dashboard or a dataset, hides from viewers what
/// the administrator still sees, and every other check passes.
package enum ViewerCheck: DashboardCheck {
    package static let family = CheckFamily(code: "viewer", title: "viewer")

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        guard let viewer = context.observation.viewer else { return [] }
        var dashboard = context.result(family)
        dashboard.expected = .text(context.dashboard.title)
        switch viewer.dashboard {
        case .failure(let failure):
            dashboard.outcome = failure.notFound || failure.refusedAccess ? .failed : Evaluation.outcome(for: failure)
            dashboard.actual = .failure(failure.code)
            dashboard.message = "\(context.dashboard.title): the viewer '\(viewer.name)' cannot open the dashboard: \(failure.message)"
            return [dashboard]
        case .success(let found):
            dashboard.actual = .text(found.title)
        }
        var results = [dashboard]
        for chart in context.dashboard.charts {
            guard let id = context.observation.chart(named: chart.name)?.id, let gate = context.observation.firstView(of: id) else { continue }
            var result = context.result(family)
            result.check = CheckKind(family: family, chart: chart.name)
            result.expected = .count(gate.rows)
            switch viewer.renders[id] {
            case .success(let seen)?:
                result.actual = .count(seen.rowCount)
                var problems: [String] = []
                if seen.rowCount != gate.rows {
                    problems.append("sees \(seen.rowCount) rows, the gate's login \(gate.rows)")
                }
                if let expectation = chart.value, let mine = gate.data, let theirs = seen.data {
                    let (gateReading, viewerReading) = (ValueCheck.judge(expectation, mine).reading, ValueCheck.judge(expectation, theirs).reading)
                    if let gateReading, let viewerReading, gateReading != viewerReading {
                        problems.append("reads \(viewerReading), the gate's login \(gateReading)")
                    }
                }
                if !problems.isEmpty {
                    result.outcome = .failed
                    result.message = "\(context.dashboard.title): the viewer '\(viewer.name)' on chart '\(chart.name)' " + problems.joined(separator: "; ")
                        + ": row-level security or the viewer's roles hide rows from them"
                }
            case .failure(let failure)?:
                result.outcome = failure.refusedAccess || failure.notFound ? .failed : Evaluation.outcome(for: failure)
                result.actual = .failure(failure.code)
                result.message = "\(context.dashboard.title): the viewer '\(viewer.name)' cannot render chart '\(chart.name)': \(failure.message)"
            case nil:
                result.outcome = .skipped
                result.message = "chart '\(chart.name)' was not rendered as the viewer"
            }
            results.append(result)
        }
        return results
    }
}
