import Probes

/// One check a plan runs, named before anything is probed: its arm, dashboard and kind.
package struct PlannedCheck: Sendable, Hashable {
    package let arm: Arm
    package let slug: String?
    package let kind: CheckKind
}

extension GatePlan {
    /// Every check this plan runs, from the expectations, the environment and the options alone: the same on every run
    /// of them, whatever the targets answer. A check the run could not reach (an arm that could not start, a dashboard
    /// Superset did not find, a query the lint refused) is still reported, skipped with the reason
    /// (`Evaluation.completing`), so a JUnit's testcases, and a CI dashboard's history of each, stay the same run to run.
    /// Trends are planned by the history stage, from these (`TrendChecks.counted`).
    package var plannedChecks: [PlannedCheck] {
        let arms = options.arms
        let skipped = options.skippedChecks
        var checks: [PlannedCheck] = []
        if arms.contains(.sentinel), expectations.sentinel != nil, options.shard?.runsSentinel ?? true {
            checks.append(PlannedCheck(arm: .sentinel, slug: nil, kind: .sentinelStatus))
        }
        for arm in [Arm.superset, .db] where arms.contains(arm) {
            checks.append(PlannedCheck(arm: arm, slug: nil, kind: .arm))
        }
        for dashboard in dashboards {
            func add(_ arm: Arm, _ kinds: [CheckKind]) {
                checks += kinds.map { PlannedCheck(arm: arm, slug: dashboard.slug, kind: $0) }
            }
            if arms.contains(.superset) {
                var kinds: [CheckKind] = [.dashboard] + (dashboard.pinnedID != nil ? [.identity] : [])
                for check in CheckRegistry.dashboardChecks where !skipped.contains(check.family.code) {
                    kinds += check.planned(dashboard, in: self)
                }
                kinds += dashboard.charts.map { .chart($0.name) } + [.noExtraCharts]
                kinds += [.layout, .rows, .sqlDrift, .sqlLint]
                if environment.supersetDatabase != nil || environment.supersetSchema != nil { kinds.append(.database) }
                add(.superset, kinds)
            }
            if arms.contains(.db) { add(.db, [.lint, .rows] + (options.fetchRows ? [.fetch] : [])) }
            if arms.isSuperset(of: [.superset, .db]) { add(.agreement, [.agreement] + (comparesContent ? [.content] : [])) }
        }
        return checks
    }

    /// The content check reads rows: on unless switched off (`--skip-check content`, `max_agreement_rows: 0`), and only
    /// with both arms.
    package var comparesContent: Bool {
        options.arms.isSuperset(of: [.superset, .db]) && !options.skippedChecks.contains(CheckFamily.content.code) && settings.maxAgreementRows > 0
    }
}

extension Evaluation {
    /// The results with every planned check in them: each the run did not reach is added, skipped with the reason, after
    /// its dashboard's other checks of the arm; each arm that started without a failure reads as a passed `arm` check.
    static func completing(_ results: [CheckResult], _ plan: GatePlan, _ observations: Observations) -> [CheckResult] {
        var completed = results
        let present = Set(results.map { PlannedCheck(arm: $0.arm, slug: $0.slug, kind: $0.check) })
        let titles = Dictionary(plan.dashboards.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        for planned in plan.plannedChecks where !present.contains(planned) {
            var result = CheckResult(arm: planned.arm, slug: planned.slug, dashboard: planned.slug.flatMap { titles[$0] },
                                     check: planned.kind, outcome: .skipped)
            if planned.kind == .arm {
                let observed = planned.arm == .superset ? !observations.superset.isEmpty : !observations.database.isEmpty
                if observed {
                    result.outcome = .passed
                } else {
                    result.message = "not run: the \(planned.arm.title) arm did not start before the run ended"
                }
            } else {
                result.message = "not run: " + notRunReason(planned, completed, observations)
            }
            // After the last result of its arm and dashboard, so every report lists a dashboard's checks together; an arm's
            // own check first among its arm's.
            let index = planned.slug == nil ? completed.firstIndex { $0.arm == planned.arm } ?? completed.endIndex
                : completed.lastIndex { $0.arm == planned.arm && $0.slug == planned.slug }.map { $0 + 1 } ?? completed.endIndex
            completed.insert(result, at: index)
        }
        return completed
    }

    /// Why a planned check has no result: the first thing it needed that the run did not get.
    static func notRunReason(_ planned: PlannedCheck, _ results: [CheckResult], _ observations: Observations) -> String {
        func result(_ arm: Arm, _ kind: CheckKind) -> CheckResult? {
            results.first { $0.arm == arm && $0.slug == planned.slug && $0.check == kind }
        }
        let needs: [Arm] = planned.arm == .agreement ? [.superset, .db] : [planned.arm]
        for arm in needs where observations.armFailures[arm] != nil {
            return "the \(arm.title) arm could not start (see its arm check)"
        }
        if planned.arm == .superset, let found = result(.superset, .dashboard), found.outcome != .passed {
            return "the dashboard was not found (see its dashboard check)"
        }
        if planned.arm == .superset, let layout = result(.superset, .layout), layout.outcome == .error {
            return "the dashboard's charts could not be listed (see layout)"
        }
        if planned.arm == .agreement {
            for arm in needs {
                guard let rows = result(arm, .rows), rows.count == nil else { continue }
                return "the \(arm.title) arm did not count the dataset (its rows check: \(rows.outcome.rawValue))"
            }
            if planned.kind == .content, observations.superset.first(where: { $0.slug == planned.slug })?.content == nil {
                return "Superset lists no columns for the dataset, so its rows could not be read; the counts are compared"
            }
        }
        return "an earlier step of this dashboard did not finish (see its other checks)"
    }
}
