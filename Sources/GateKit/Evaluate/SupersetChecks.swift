import Foundation
import Probes

extension Evaluation {
    static func evaluateSuperset(_ observation: SupersetObservation, _ dashboard: PlannedDashboard, environment: EnvironmentSpec,
                                 skipping skipped: Set<String> = []) -> [CheckResult] {
        var base = CheckResult(arm: .superset, slug: dashboard.slug, dashboard: dashboard.title, check: .dashboard, outcome: .passed)
        base.tries = observation.tries
        func check(_ kind: CheckKind) -> CheckResult {
            var result = base
            result.check = kind
            return result
        }
        var exists = check(.dashboard)
        exists.expected = .text(dashboard.title)
        let how = observation.lookup == dashboard.slug ? "slug '\(dashboard.slug)'" : "id \(observation.lookup)"
        let info: SupersetDashboard
        switch observation.dashboard {
        case .failure(let failure):
            exists.outcome = failure.notFound ? .failed : .error
            exists.actual = failure.notFound ? .state(.missing) : .failure(failure.code)
            exists.message = failure.notFound ? "\(dashboard.title): no dashboard with \(how) in Superset" : "looking up \(how) failed: \(failure.message)"
            return [exists]
        case .success(let found):
            info = found
            exists.actual = .text(found.title)
            if found.title != dashboard.title {
                exists.outcome = .failed
                exists.message = "dashboard \(how) is titled '\(found.title)', expected '\(dashboard.title)'"
            }
        }
        var results = [exists]

        if let identity = evaluateIdentity(observation, dashboard, info, base: check(.identity)) { results.append(identity) }
        let metadata = DashboardMetadata(info.jsonMetadata)
        let context = DashboardCheckContext(dashboard: dashboard, found: info, metadata: metadata, observation: observation,
                                            environment: environment, base: base)
        for family in CheckRegistry.dashboardChecks where !skipped.contains(family.family.code) {
            results += family.judge(context)
        }
        // What every viewer starts from: shown with the dashboard, and with any chart that renders nothing.
        let defaults = metadata.defaultNativeFilters
        var notes: [String] = []
        if !defaults.isEmpty { notes.append("default native filters: " + defaults.joined(separator: "; ")) }
        if !observation.firstValueFilters.isEmpty {
            notes.append("selects its first value by default, so no static default was applied: " + observation.firstValueFilters.joined(separator: ", "))
        }
        if !notes.isEmpty { results[0].detail = notes.joined(separator: "\n") }

        results += evaluateCharts(observation, dashboard, base: base, defaultFilters: defaults)
        results += evaluateLayout(observation, dashboard, base: check(.layout))
        results += evaluateDataset(observation, dashboard, base: base, environment: environment)
        return results
    }

    /// Where the environment pins an id: the dashboard under that id carries the expected slug, and the slug
    /// leads to that same dashboard. A redeploy that made a new dashboard leaves the old one under the id.
    static func evaluateIdentity(_ observation: SupersetObservation, _ dashboard: PlannedDashboard, _ info: SupersetDashboard,
                                 base: CheckResult) -> CheckResult? {
        guard observation.lookup != dashboard.slug else { return nil }
        var result = base
        result.expected = Int(observation.lookup).map { .dashboardSlug(id: $0, slug: dashboard.slug) } ?? .text(observation.lookup)
        result.actual = .dashboardSlug(id: info.id, slug: info.slug ?? "")
        var problems: [String] = []
        if info.slug != dashboard.slug {
            problems.append("dashboard id \(info.id) ('\(info.title)') has slug '\(info.slug ?? "")', expected '\(dashboard.slug)'")
        }
        switch observation.bySlug {
        case .success(let other)? where other.id != info.id:
            result.actual = .slugLeadsTo(slug: dashboard.slug, id: other.id)
            problems.append("slug '\(dashboard.slug)' leads to dashboard id \(other.id) ('\(other.title)'), but the environment pins id "
                + "\(info.id) ('\(info.title)'): a redeploy made a new dashboard; update ids in the expectations or remove the old one")
        case .failure(let failure)? where failure.notFound:
            problems.append("no dashboard has slug '\(dashboard.slug)'; the environment pins id \(info.id) ('\(info.title)')")
        case .failure(let failure)?:
            result.outcome = outcome(for: failure)
            result.message = "looking up slug '\(dashboard.slug)' failed: \(failure.message)"
            return result
        case .success?, nil:
            break
        }
        if !problems.isEmpty {
            result.outcome = .failed
            result.message = "\(dashboard.title): " + problems.joined(separator: "; ")
        }
        return result
    }

    static func evaluateDataset(_ observation: SupersetObservation, _ dashboard: PlannedDashboard, base: CheckResult,
                                environment spec: EnvironmentSpec) -> [CheckResult] {
        var rows = base
        rows.check = .rows
        rows.note = dashboard.note
        rows.expected = .rows(dashboard.rows)
        rows.sql = observation.generatedSQL
        rows.seconds = observation.serviceSeconds ?? observation.seconds
        rows.queuedSeconds = max(0, observation.seconds - rows.seconds)
        let dataset: SupersetDataset
        switch observation.datasets {
        case .failure(let failure)?:
            rows.outcome = outcome(for: failure)
            rows.message = "listing the datasets of \(dashboard.title) failed: \(failure.message)"
            return [rows]
        case .success(let sets)?:
            guard let first = sets.first else {
                rows.outcome = .failed
                rows.actual = .state(.noDataset)
                rows.message = "\(dashboard.title): the dashboard has no dataset"
                return [rows]
            }
            guard sets.count == 1 else {
                // Which one Superset lists first is arbitrary: counting or comparing it would be a guess.
                rows.outcome = .failed
                rows.actual = .quantity(sets.count, of: .datasets)
                rows.message = "\(dashboard.title): the dashboard uses \(sets.count) datasets ("
                    + sets.map(\.tableName).joined(separator: ", ") + "); expected one, from \(dashboard.queryPath)"
                return [rows]
            }
            dataset = first
        case nil:
            return []
        }
        switch observation.count {
        case .success(let count)?:
            rows.actual = .count(count)
            rows.count = count
            rows = judgeRows(rows, count: count, dashboard: dashboard, source: "Superset")
        case .failure(let failure)?:
            rows.outcome = outcome(for: failure)
            rows.actual = .state(.queryFailed)
            rows.message = "\(dashboard.title): Superset could not count dataset '\(dataset.tableName)': \(failure.message)"
        case nil:
            rows.outcome = .skipped
            if observation.deployedLint?.refuses == true {
                rows.message = "not counted: the dataset's SQL in Superset is refused by the lint (see sql lint), so the gate does not ask Superset to run it"
            }
        }

        var drift = base
        drift.check = .sqlDrift
        drift.expected = .queryFile(path: dashboard.queryPath)
        var lint = base
        lint.check = .sqlLint
        lint.expected = .findings(errors: 0, warnings: 0)
        if let deployed = dataset.sql {
            // A text the lint refused for its size or depth is compared byte for byte: tokenizing it (twice) would cost
            // what the cap is there to prevent, after the run deadline's scope.
            let oversized = observation.deployedLint?.findings.contains { $0.rule == LintRule.tooLarge.id } == true
            let same = oversized ? deployed == dashboard.sql : SQLText.normalized(deployed) == SQLText.normalized(dashboard.sql)
            drift.actual = .state(same ? .same : .differs)
            if !same {
                drift.outcome = .failed
                drift.message = "\(dashboard.title): dataset '\(dataset.tableName)' SQL in Superset differs from \(dashboard.queryPath)"
                drift.detail = oversized
                    ? "the SQL in Superset is \(deployed.utf8.count) bytes and refused by the lint (too-large); the repository's is \(dashboard.sql.utf8.count) bytes"
                    : SQLText.firstDifference(deployed: deployed, repository: dashboard.sql)
            }
            lint = judgeLint(observation.deployedLint?.findings ?? [], lint)
        } else {
            drift.outcome = .failed
            drift.actual = .state(.physicalTable)
            drift.message = "\(dashboard.title): dataset '\(dataset.tableName)' is not a virtual (SQL) dataset"
            lint.outcome = .skipped
        }
        return [rows, drift, lint] + [evaluateSupersetDatabase(dataset, dashboard, base: base, environment: spec)].compactMap { $0 }
    }

    /// The dataset runs on the environment's Superset database (and schema), not another tenant's.
    static func evaluateSupersetDatabase(_ dataset: SupersetDataset, _ dashboard: PlannedDashboard, base: CheckResult,
                                         environment: EnvironmentSpec) -> CheckResult? {
        guard environment.supersetDatabase != nil || environment.supersetSchema != nil else { return nil }
        var result = base
        result.check = .database
        result.expected = .place(database: environment.supersetDatabase, schema: environment.supersetSchema)
        result.actual = .place(database: dataset.databaseName, schema: environment.supersetSchema == nil ? nil : dataset.schema ?? "")
        var problems: [String] = []
        if let wanted = environment.supersetDatabase, dataset.databaseName != wanted {
            problems.append("dataset '\(dataset.tableName)' runs on Superset database '\(dataset.databaseName ?? "?")'"
                + (dataset.databaseID.map { " (id \($0))" } ?? "") + ", expected '\(wanted)' for environment '\(environment.name)'")
        }
        if let wanted = environment.supersetSchema, dataset.schema != wanted {
            problems.append("dataset '\(dataset.tableName)' uses schema '\(dataset.schema ?? "")', expected '\(wanted)'")
        }
        if !problems.isEmpty {
            result.outcome = .failed
            result.message = "\(dashboard.title): " + problems.joined(separator: "; ") + ": a viewer sees another database's data"
        }
        return result
    }
}
