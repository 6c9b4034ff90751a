import Foundation
import Probes

extension Evaluation {
    /// Each expected chart as a viewer gets it: present once, its type, on the dashboard's dataset (by its
    /// datasource, its saved query context and its params alike), a saved query context, and a render whose
    /// rows meet the chart's expectation, or, without one, are not empty while its dataset has rows.
    static func evaluateCharts(_ observation: SupersetObservation, _ dashboard: PlannedDashboard, base: CheckResult,
                               defaultFilters: [String]) -> [CheckResult] {
        var results: [CheckResult] = []
        let actual: [SupersetChart]
        switch observation.charts {
        case .failure:
            // The layout check reports the listing's failure; each chart check is then skipped, naming it.
            return []
        case .success(let charts)?: actual = charts
        case nil: actual = []
        }
        let datasets = (try? observation.datasets?.get()) ?? []
        let datasetID = datasets.count == 1 ? datasets[0].id : nil
        let datasetRows = try? observation.count?.get()
        for chart in dashboard.charts {
            var result = base
            result.check = .chart(chart.name)
            result.expected = .chart(viz: chart.viz, rows: chart.rows)
            let matches = actual.filter { $0.name == chart.name }
            if matches.count > 1 {
                result.outcome = .failed
                result.actual = .quantity(matches.count, of: .charts)
                result.message = "\(dashboard.title): chart '\(chart.name)' appears \(matches.count) times (ids "
                    + matches.map { String($0.id) }.joined(separator: ", ") + "); a deploy duplicated it"
                results.append(result)
                continue
            }
            guard let found = matches.first else {
                result.outcome = .failed
                result.actual = .state(.missing)
                result.message = "\(dashboard.title): chart '\(chart.name)' (\(chart.viz)) is missing from the dashboard"
                results.append(result)
                continue
            }
            var problems: [String] = []
            var couldNotCheck = false
            var rendered = CheckValue.Render.notRendered
            let name = "chart '\(chart.name)' (id \(found.id))"
            if found.vizType != chart.viz {
                problems.append("chart '\(chart.name)' is \(found.vizType), expected \(chart.viz)")
            }
            var savedQuery: SavedQuery?
            switch observation.definitions[found.id] {
            case .success(let definition)?:
                if let text = definition.queryContext {
                    savedQuery = SavedQuery(queryContext: text)
                } else {
                    problems.append("\(name) has no saved query context, so neither Superset's chart data API nor the gate can "
                        + "replay what it shows: open the chart in Superset and save it again, or deploy it with a query_context")
                }
                problems += datasourceProblems(definition, savedQuery, expected: datasetID, name: name)
            case .failure(let failure)?:
                couldNotCheck = couldNotCheck || outcome(for: failure) == .error
                problems.append("reading \(name) failed: \(failure.message)")
            case nil:
                break
            }
            let hasQueryContext = (try? observation.definitions[found.id]?.get())?.queryContext != nil
            let underDefaults = observation.dashboardRenders[found.id]
            switch observation.renders[found.id] {
            case .success(let savedRows)?:
                // What a viewer sees first: where a native filter's default reaches the chart, the render under the
                // defaults is judged; where it differs from the saved query's, both are shown and the filters named.
                var rows = savedRows
                var filtered: String?
                if let defaults = underDefaults {
                    switch defaults.result {
                    case .success(let viewerRows):
                        rows = viewerRows
                        if viewerRows != savedRows { filtered = defaults.filters.joined(separator: "; ") }
                    case .failure(let failure):
                        couldNotCheck = couldNotCheck || outcome(for: failure) == .error
                        problems.append("\(name) does not render under the dashboard's default filters (\(defaults.filters.joined(separator: "; "))): "
                                        + failure.message)
                    }
                }
                rendered = .rows(rows)
                result.count = rows
                if let filtered {
                    result.detail = "\(savedRows) rows from its saved query; \(rows) under the dashboard's default filters: \(filtered)"
                }
                if let expectation = chart.rows {
                    if !expectation.accepts(rows) {
                        problems.append("\(name) renders \(rows) rows"
                            + (filtered.map { " under the dashboard's default filters (\($0)), \(savedRows) without them" } ?? "")
                            + ", expected \(expectation)" + (savedQuery?.summary.map { " (its saved query: \($0))" } ?? ""))
                    }
                } else if rows == 0, savedRows > 0, let filtered {
                    problems.append("\(name) is empty under the dashboard's default filters (\(filtered)): a viewer opens it empty, "
                                    + "its saved query alone renders \(savedRows) rows")
                } else if rows == 0, let datasetRows, datasetRows > 0 {
                    problems.append("\(name) renders no rows although its dataset has \(datasetRows)"
                        + (savedQuery?.summary.map { "; its saved query: \($0)" } ?? "; its saved query adds no filter")
                        + (defaultFilters.isEmpty ? "" : "; dashboard default filters: " + defaultFilters.joined(separator: "; ")))
                }
            case .failure(let failure)? where failure.code == .refusedByLint:
                rendered = .notRendered
                if problems.isEmpty {
                    result.outcome = .skipped
                    result.message = failure.message
                }
            case .failure(let failure)?:
                rendered = .failed
                // Without a saved query context the render's 400 says the same thing less clearly: the problem above covers it.
                if hasQueryContext || observation.definitions[found.id] == nil {
                    couldNotCheck = couldNotCheck || outcome(for: failure) == .error
                    problems.append("\(name) does not render: \(failure.message)")
                }
            case nil:
                problems.append("\(name) was not rendered")
            }
            result.actual = .renderedChart(viz: found.vizType, render: rendered)
            result.seconds = observation.renderSeconds[found.id] ?? 0
            result.tries = max(result.tries, observation.renderTries[found.id] ?? 1)
            if !problems.isEmpty {
                // An error (could not check) only when nothing definite was found wrong.
                result.outcome = couldNotCheck && problems.count == 1 ? .error : .failed
                result.message = "\(dashboard.title): " + problems.joined(separator: "; ")
            }
            results.append(result)
        }
        var extra = base
        extra.check = .noExtraCharts
        let expectedNames = Set(dashboard.charts.map(\.name))
        let extras = actual.filter { !expectedNames.contains($0.name) }
        extra.expected = .quantity(dashboard.charts.count, of: .charts)
        extra.actual = .quantity(actual.count, of: .charts)
        if !extras.isEmpty {
            extra.outcome = .failed
            extra.message = "\(dashboard.title): unexpected chart(s) " + extras.map { "'\($0.name)' (\($0.vizType))" }.joined(separator: ", ")
        }
        results.append(extra)
        return results
    }

    /// The chart's datasource, its saved query context's and its params' must all be the dashboard's dataset:
    /// the API replays the query context, the dashboard page queries from params.
    static func datasourceProblems(_ definition: SupersetChartDefinition, _ saved: SavedQuery?, expected: Int?, name: String) -> [String] {
        var problems: [String] = []
        if let expected, let actual = definition.datasourceID, actual != expected {
            problems.append("\(name) is on dataset id \(actual), but the dashboard's dataset is id \(expected)")
        }
        let reference = definition.datasourceID ?? expected
        if let saved, let queried = saved.datasourceID, let reference, queried != reference {
            problems.append("\(name)'s saved query context queries dataset id \(queried), but the chart is on dataset id \(reference)")
        }
        if let params = definition.params.flatMap(SavedQuery.paramsDatasourceID), let reference, params != reference {
            problems.append("\(name)'s params (what the dashboard page queries) name dataset id \(params), but the chart is on dataset id \(reference)")
        }
        return problems
    }
}
