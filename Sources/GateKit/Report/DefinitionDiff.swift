/// `gate-runner assets diff`: only the comparison of deployed definitions with the repository's bundle, one line per
/// difference, grouped by dashboard; the rest of the run's checks are left out.
package enum DefinitionDiff {
    /// The lines to print and the exit code: 0 no difference a viewer gets (presentation may warn), 1 some, 3 a
    /// definition could not be compared (Superset did not answer).
    package static func render(_ report: GateReport, bundle: String) -> (text: String, exitCode: Int32) {
        let compared = report.results.filter { $0.check.family == DefinitionCheck.family }
        // An arm that could not start (login refused, unreachable) compared nothing: say why.
        let armErrors = report.results.filter { $0.check == .arm && $0.outcome != .passed }
        var text = ""
        var dashboards: [String] = []
        var byDashboard: [String: [CheckResult]] = [:]
        // With an arm error, the definitions it kept from running are that one error, not one line each.
        for result in compared where result.outcome != .passed && (armErrors.isEmpty || result.outcome != .skipped) {
            let name = result.dashboardLabel
            if byDashboard[name] == nil { dashboards.append(name) }
            byDashboard[name, default: []].append(result)
        }
        for name in dashboards {
            text += "\(name)\n"
            for result in byDashboard[name] ?? [] {
                switch result.outcome {
                case .failed, .warning:
                    let lines = result.detail.map { $0.split(separator: "\n").map(String.init) }
                        ?? ["\(result.outcome == .failed ? "FAIL" : "WARN") " + withoutTitle(result)]
                    text += lines.map { "  \($0)\n" }.joined()
                default:
                    text += "  \(result.outcome.rawValue.uppercased()) \(result.check): \(result.message)\n"
                }
            }
        }
        for error in armErrors { text += "ERROR \(error.message)\n" }
        let differing = compared.filter { $0.outcome == .failed || $0.outcome == .warning }.count
        text += "\(compared.count) definitions compared with \(bundle) in \(report.environment): "
            + (differing == 0 ? "no difference" : "\(differing) differ") + "\n"
        // The run's own exit code over these results alone: a failure outranks a check that could not run.
        var shown = report
        shown.results = compared + armErrors
        return (text, shown.exitCode)
    }

    /// A one-difference message without the dashboard's title in front: the group's heading names it.
    static func withoutTitle(_ result: CheckResult) -> String {
        let prefix = (result.dashboard ?? "") + ": "
        return result.message.hasPrefix(prefix) ? String(result.message.dropFirst(prefix.count)) : result.message
    }
}
