import Foundation
import Probes

/// The environment's viewer (`viewer_username_env` and `viewer_password_env`, or `viewer_api_key_env`) opens each
/// dashboard and gets every chart with the rows and values the gate's own login gets. The gate's login is usually an
/// administrator: a row-level-security rule, or a role that lost a dashboard or a dataset, hides from viewers what
/// the administrator still sees, and every other check passes.
package enum ViewerCheck: DashboardCheck {
    package static let family = CheckFamily(code: "viewer", title: "viewer")

    package static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind] {
        guard plan.environment.namesViewer else { return [] }
        return [CheckKind(family: family)] + dashboard.charts.map { CheckKind(family: family, chart: $0.name) }
    }

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        guard let viewer = context.observation.viewer else { return [] }
        var dashboard = context.result(family)
        dashboard.expected = .text(context.dashboard.title)
        switch viewer.dashboard {
        case .failure(let failure):
            dashboard.outcome = outcome(for: failure)
            dashboard.actual = .failure(failure.code)
            dashboard.message = "\(context.dashboard.title): the viewer '\(viewer.name)' cannot open the dashboard: \(failure.message)"
                + "; " + why(viewer)
            return [dashboard]
        case .success(let found):
            dashboard.actual = .text(found.title)
        }
        var results = [dashboard]
        for chart in context.dashboard.charts {
            guard let id = context.observation.chart(named: chart.name)?.id, let gate = context.observation.firstView(of: id) else { continue }
            var result = context.result(family)
            result.check = CheckKind(family: family, chart: chart.name)
            // Held to what the expectations say the viewer sees (`viewer:`), else to what the gate's login got.
            result.expected = chart.viewerRows.map(CheckValue.rows) ?? .count(gate.rows)
            switch viewer.renders[id] {
            case .success(let seen)?:
                result.actual = .count(seen.rowCount)
                var problems: [String] = []
                if let expected = chart.viewerRows {
                    if !expected.accepts(seen.rowCount) { problems.append("sees \(seen.rowCount) rows, expected \(expected) for the viewer") }
                } else if seen.rowCount != gate.rows {
                    problems.append("sees \(seen.rowCount) rows, the gate's login \(gate.rows)")
                }
                if let expectation = chart.viewerValue {
                    if let theirs = seen.data {
                        let judged = ValueCheck.judge(expectation, theirs)
                        if !judged.problems.isEmpty {
                            problems.append(judged.problems.joined(separator: "; ") + " (the viewer's value: expected \(expectation))")
                        }
                    }
                } else if let expectation = chart.value, let mine = gate.data, let theirs = seen.data {
                    let (gateReading, viewerReading) = (ValueCheck.judge(expectation, mine).reading, ValueCheck.judge(expectation, theirs).reading)
                    if let gateReading, let viewerReading, gateReading != viewerReading {
                        problems.append("reads \(viewerReading), the gate's login \(gateReading)")
                    }
                }
                if !problems.isEmpty {
                    result.outcome = .failed
                    result.message = "\(context.dashboard.title): the viewer '\(viewer.name)' on chart '\(chart.name)' " + problems.joined(separator: "; ")
                        + "; " + why(viewer)
                }
            case .failure(let failure)?:
                result.outcome = outcome(for: failure)
                result.actual = .failure(failure.code)
                result.message = "\(context.dashboard.title): the viewer '\(viewer.name)' cannot render chart '\(chart.name)': \(failure.message)"
                    + "; " + why(viewer)
            case nil:
                result.outcome = .skipped
                result.message = "chart '\(chart.name)' was not rendered as the viewer"
            }
            results.append(result)
        }
        return results
    }

    /// A 403 or 404 as the viewer is what the check is for: the viewer is refused what the gate's login got (a failure);
    /// anything else is judged as any call's failure.
    static func outcome(for failure: ProbeFailure) -> Outcome {
        failure.refusedAccess || failure.notFound ? .failed : Evaluation.outcome(for: failure)
    }

    /// The row-level-security rules on the dashboard's dataset that filter the viewer's roles, as the gate's login read
    /// them; or that none does (their roles or dataset access hide it); or that the gate could not read them.
    static func why(_ viewer: ViewerObservation) -> String {
        switch viewer.security {
        case .success(let security)?:
            let roles = switch security.roles {
            case .success(let roles): "the viewer's roles (" + (roles.isEmpty ? "none" : roles.joined(separator: ", ")) + ")"
            case .failure(let failure): "the viewer, whose roles could not be read (\(failure.message); Superset before 6 refuses them to a token)"
            }
            guard !security.rules.isEmpty else {
                return "no row-level-security rule on its dataset applies to \(roles): their roles' access to the dashboard or dataset hides it"
            }
            return "row-level security on its dataset for \(roles): "
                + security.rules.map { "'\($0.name)' (\($0.filterType), roles \($0.roles.joined(separator: ", ")): \($0.clause))" }.joined(separator: ", ")
        case .failure(let failure)?:
            return "the gate's login could not read the row-level-security rules (an administrator's may): \(failure.message)"
        case nil:
            return "row-level security or the viewer's roles hide it from them"
        }
    }
}
