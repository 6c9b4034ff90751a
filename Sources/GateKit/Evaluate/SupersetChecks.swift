import Foundation
import Probes

extension Evaluation {
    static func evaluateSuperset(_ observation: SupersetObservation, _ dashboard: DashboardExpectation, environment: String) -> [CheckResult] {
        let base = CheckResult(arm: .superset, slug: dashboard.slug, dashboard: dashboard.title, check: .dashboard, outcome: .passed)
        func check(_ kind: CheckKind) -> CheckResult {
            var result = base
            result.check = kind
            return result
        }
        var exists = check(.dashboard)
        exists.expected = dashboard.title
        let how = observation.lookup == dashboard.slug ? "slug '\(dashboard.slug)'" : "id \(observation.lookup)"
        let info: SupersetDashboard
        switch observation.dashboard {
        case .failure(let failure):
            exists.outcome = failure.notFound ? .failed : .error
            exists.actual = failure.notFound ? "missing" : failure.code.description
            exists.message = failure.notFound ? "\(dashboard.title): no dashboard with \(how) in Superset" : "looking up \(how) failed: \(failure.message)"
            return [exists]
        case .success(let found):
            info = found
            exists.actual = found.title
            if found.title != dashboard.title {
                exists.outcome = .failed
                exists.message = "dashboard \(how) is titled '\(found.title)', expected '\(dashboard.title)'"
            }
        }
        var results = [exists]

        var crossFilters = check(.crossFilters)
        crossFilters.expected = "enabled"
        let metadata = (try? JSONSerialization.jsonObject(with: Data(info.jsonMetadata.utf8))) as? [String: Any]
        let setting = metadata?["cross_filters_enabled"]
        let enabled = setting as? Bool ?? false
        crossFilters.actual = setting == nil ? "not set" : enabled ? "enabled" : "disabled"
        if !enabled {
            crossFilters.outcome = .failed
            crossFilters.message = setting == nil
                ? "\(dashboard.title): json_metadata does not set cross_filters_enabled; the deploy must set it to true"
                : "\(dashboard.title): cross_filters_enabled is false in json_metadata"
        }
        results.append(crossFilters)

        results += evaluateCharts(observation, dashboard, base: base)
        results += evaluateDataset(observation, dashboard, base: base, environment: environment)
        return results
    }

    static func evaluateCharts(_ observation: SupersetObservation, _ dashboard: DashboardExpectation, base: CheckResult) -> [CheckResult] {
        var results: [CheckResult] = []
        let actual: [SupersetChart]
        switch observation.charts {
        case .failure(let failure)?:
            var result = base
            result.check = .charts
            result.outcome = outcome(for: failure)
            result.message = "listing the charts of \(dashboard.title) failed: \(failure.message)"
            return [result]
        case .success(let charts)?: actual = charts
        case nil: actual = []
        }
        for chart in dashboard.charts {
            var result = base
            result.check = .chart(chart.name)
            result.expected = chart.viz
            let matches = actual.filter { $0.name == chart.name }
            if matches.count > 1 {
                result.outcome = .failed
                result.actual = "\(matches.count) charts"
                result.message = "\(dashboard.title): chart '\(chart.name)' appears \(matches.count) times (ids "
                    + matches.map { String($0.id) }.joined(separator: ", ") + "); a deploy duplicated it"
                results.append(result)
                continue
            }
            guard let found = matches.first else {
                result.outcome = .failed
                result.actual = "missing"
                result.message = "\(dashboard.title): chart '\(chart.name)' (\(chart.viz)) is missing from the dashboard"
                results.append(result)
                continue
            }
            var problems: [String] = []
            var rendered = "not rendered"
            if found.vizType != chart.viz {
                problems.append("chart '\(chart.name)' is \(found.vizType), expected \(chart.viz)")
            }
            switch observation.renders[found.id] {
            case .success(let rows)?: rendered = "\(rows) result rows"
            case .failure(let failure)?:
                rendered = "render failed"
                if outcome(for: failure) == .error, problems.isEmpty {
                    result.outcome = .error
                }
                problems.append("chart '\(chart.name)' (id \(found.id)) does not render: \(failure.message)")
            case nil:
                problems.append("chart '\(chart.name)' (id \(found.id)) was not rendered")
            }
            result.actual = "\(found.vizType), \(rendered)"
            result.seconds = observation.renderSeconds[found.id] ?? 0
            if !problems.isEmpty {
                if result.outcome != .error { result.outcome = .failed }
                result.message = "\(dashboard.title): " + problems.joined(separator: "; ")
            }
            results.append(result)
        }
        var extra = base
        extra.check = .noExtraCharts
        let expectedNames = Set(dashboard.charts.map(\.name))
        let extras = actual.filter { !expectedNames.contains($0.name) }
        extra.expected = "\(dashboard.charts.count) charts"
        extra.actual = "\(actual.count) charts"
        if !extras.isEmpty {
            extra.outcome = .failed
            extra.message = "\(dashboard.title): unexpected chart(s) " + extras.map { "'\($0.name)' (\($0.vizType))" }.joined(separator: ", ")
        }
        results.append(extra)
        return results
    }

    static func evaluateDataset(_ observation: SupersetObservation, _ dashboard: DashboardExpectation, base: CheckResult, environment: String) -> [CheckResult] {
        var rows = base
        rows.check = .rows
        rows.note = dashboard.note
        rows.expected = dashboard.rows[environment]?.description
        rows.sql = observation.generatedSQL
        rows.seconds = observation.seconds
        let dataset: SupersetDataset
        switch observation.datasets {
        case .failure(let failure)?:
            rows.outcome = outcome(for: failure)
            rows.message = "listing the datasets of \(dashboard.title) failed: \(failure.message)"
            return [rows]
        case .success(let sets)?:
            guard let first = sets.first else {
                rows.outcome = .failed
                rows.actual = "no dataset"
                rows.message = "\(dashboard.title): the dashboard has no dataset"
                return [rows]
            }
            guard sets.count == 1 else {
                // Which one Superset lists first is arbitrary: counting or comparing it would be a guess.
                rows.outcome = .failed
                rows.actual = "\(sets.count) datasets"
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
            rows.actual = "\(count)"
            rows = judgeRows(rows, count: count, expectation: dashboard.rows[environment], dashboard: dashboard, environment: environment, source: "Superset")
        case .failure(let failure)?:
            rows.outcome = outcome(for: failure)
            rows.actual = "query failed"
            rows.message = "\(dashboard.title): Superset could not count dataset '\(dataset.tableName)': \(failure.message)"
        case nil:
            rows.outcome = .skipped
        }

        var drift = base
        drift.check = .sqlDrift
        drift.expected = dashboard.queryPath
        var lint = base
        lint.check = .sqlLint
        lint.expected = "no findings"
        if let deployed = dataset.sql {
            let same = SQLText.normalized(deployed) == SQLText.normalized(dashboard.sql)
            drift.actual = same ? "same" : "differs"
            if !same {
                drift.outcome = .failed
                drift.message = "\(dashboard.title): dataset '\(dataset.tableName)' SQL in Superset differs from \(dashboard.queryPath)"
                drift.detail = SQLText.firstDifference(deployed: deployed, repository: dashboard.sql)
            }
            lint = judgeLint(observation.deployedLint?.findings ?? [], lint)
        } else {
            drift.outcome = .failed
            drift.actual = "physical table"
            drift.message = "\(dashboard.title): dataset '\(dataset.tableName)' is not a virtual (SQL) dataset"
            lint.outcome = .skipped
        }
        return [rows, drift, lint]
    }
}
