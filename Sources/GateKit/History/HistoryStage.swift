import Foundation
import Probes

/// `--history`, `--no-history` and `--revision`: where runs are kept and what they are labelled with.
public struct HistoryOptions: Sendable, Equatable {
    /// A history file, relative to the working folder; wins over the expectations' `history.path`.
    public var path: String?
    /// `--no-history`: keep nothing, even when the expectations name a file.
    public var disabled = false
    /// `--revision`: the deployed revision; otherwise GATE_REVISION, GITHUB_SHA, CI_COMMIT_SHA or the repository's HEAD.
    public var revision: String?
    /// The run's report files with their options: none may be the history file (or another of the gate's inputs).
    package var reportPaths: [ReportPath] = []

    public init(path: String? = nil, disabled: Bool = false, revision: String? = nil) {
        self.path = path
        self.disabled = disabled
        self.revision = revision.flatMap(RunRevision.clean)
    }
}

/// The history stage, after evaluate: each count against the same count in the recent runs (trend checks), then
/// the run recorded with them. A history that cannot be read or written is said in the report and on standard
/// error; it never changes the verdict.
package enum HistoryStage {
    /// The file the run is kept in, or nil when history is off.
    package static func path(_ expectations: Expectations, environment spec: EnvironmentSpec, options: HistoryOptions) -> String? {
        guard !options.disabled else { return nil }
        if let path = options.path { return path }
        guard let configured = spec.history.path ?? expectations.history.path else { return nil }
        return Expectations.resolve(configured, besideFile: expectations.file)
    }

    /// The trend rule of each dashboard as the run's results name it (slug with its environment's or tenant's suffix).
    static func rules(_ expectations: Expectations, environment spec: EnvironmentSpec) -> @Sendable (SeriesKey) -> TrendRule {
        let base = TrendRule.defaults.overridden(by: expectations.history).overridden(by: spec.history)
        var bySlug: [DashboardKey: TrendRule] = [:]
        let views: [(tenant: String?, spec: EnvironmentSpec)] = spec.tenants.isEmpty ? [(nil, spec)] : spec.tenants.map { ($0.name, spec.overlaid(by: $0)) }
        for view in views {
            for dashboard in expectations.dashboards {
                bySlug[DashboardKey(tenant: view.tenant, slug: view.spec.slug(of: dashboard))] = base.overridden(by: dashboard.trend)
            }
        }
        let rules = bySlug
        return { key in rules[DashboardKey(tenant: key.tenant, slug: key.slug)] ?? base }
    }

    package static func apply(_ report: GateReport, path: String, expectations: Expectations, environment spec: EnvironmentSpec,
                             revision: String?, busyTimeoutSeconds: Double = HistoryStore.busyTimeoutSeconds) async -> GateReport {
        let rule = rules(expectations, environment: spec)
        do {
            return try await onBlockingThread { () throws -> GateReport in
                let store = try HistoryStore(path: path, busyTimeoutSeconds: busyTimeoutSeconds)
                var report = report
                let counted = TrendChecks.counted(report.results)
                let earlier = try store.recentCounts(environment: report.environment, series: counted.compactMap(SeriesKey.init),
                                                     limit: { rule($0).runs })
                let (checks, series) = TrendChecks.evaluate(counted, history: earlier, environment: report.environment, rule: rule)
                report.results = TrendChecks.interleave(report.results, checks)
                var summary = HistorySummary(path: path, run: nil, revision: revision, series: series, problem: nil)
                report.history = summary
                do {
                    summary.run = try store.record(report, revision: revision)
                } catch {
                    // The trends were read: keep them, and say the run itself was not kept.
                    summary.problem = "\(error)"
                }
                report.history = summary
                return report
            }
        } catch {
            var report = report
            let problem = (error as? HistoryError) ?? HistoryError(path: path, action: "use it", error)
            report.history = HistorySummary(path: path, run: nil, revision: revision, series: [], problem: problem.description)
            return report
        }
    }
}
