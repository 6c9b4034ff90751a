import Foundation
import Probes

/// Observed vs expected → check results. Pure: no I/O, so every verdict is unit-testable.
public enum Evaluation {
    public static func evaluate(_ observations: Observations, _ expectations: Expectations, environment: String) -> [CheckResult] {
        var results: [CheckResult] = []
        for (arm, failure) in observations.armFailures.sorted(by: { $0.key < $1.key }) {
            results.append(CheckResult(arm: arm, check: "arm", outcome: .error, message: failure.message))
        }
        if let sentinel = observations.sentinel, let expectation = expectations.sentinel {
            results.append(evaluateSentinel(sentinel, expectation))
        }
        let bySlug = Dictionary(uniqueKeysWithValues: expectations.dashboards.map { ($0.slug, $0) })
        for observation in observations.superset {
            guard let dashboard = bySlug[observation.slug] else { continue }
            results += evaluateSuperset(observation, dashboard, environment: environment)
        }
        for observation in observations.database {
            guard let dashboard = bySlug[observation.slug] else { continue }
            results += evaluateDatabase(observation, dashboard, environment: environment)
        }
        for dashboard in expectations.dashboards {
            let fromSuperset = observations.superset.first { $0.slug == dashboard.slug }?.count
            let fromDatabase = observations.database.first { $0.slug == dashboard.slug }?.count
            if let agreement = evaluateAgreement(dashboard, superset: fromSuperset, database: fromDatabase) {
                results.append(agreement)
            }
        }
        return results
    }

    // MARK: - sentinel

    public static func sentinelMatches(_ answer: SentinelAnswer, _ expectation: SentinelExpectation) -> Bool {
        guard answer.status == 200, let fields = answer.fields, let status = fields.status else { return false }
        return fields.module == expectation.module && expectation.statusMatches(status)
    }

    static func evaluateSentinel(_ observation: SentinelObservation, _ expectation: SentinelExpectation) -> CheckResult {
        let expected = "\(expectation.module) \(expectation.status) (\(expectation.match.rawValue))"
        var result = CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: "status", outcome: .passed, expected: expected,
                                 seconds: observation.waited)
        let tries = observation.attempts > 1 ? " after \(observation.attempts) tries over \(String(format: "%.1f", observation.waited)) s" : ""
        switch observation.response {
        case .failure(let failure):
            result.outcome = .error
            result.actual = failure.code
            result.message = "GET \(observation.url) failed\(tries): \(failure.message)"
        case .success(let answer):
            let body = String(answer.body.prefix(500))
            result.detail = "HTTP \(answer.status)\n\(body)"
            if answer.status != 200 {
                result.outcome = .failed
                result.actual = "HTTP \(answer.status) \(body)"
                result.message = "GET \(observation.url) answered HTTP \(answer.status)\(tries), expected 200 with \(expected); body: \(body)"
            } else if let fields = answer.fields {
                let module = fields.module ?? "<no module>"
                let status = fields.status ?? "<no status>"
                result.actual = "\(module) \(status)"
                if !sentinelMatches(answer, expectation) {
                    result.outcome = .failed
                    result.message = "sentinel at \(observation.url) reports \(module) \(status)\(tries); expected \(expected)"
                }
            } else {
                result.outcome = .failed
                result.actual = body
                result.message = "sentinel at \(observation.url) did not answer a JSON object with module and status\(tries); body: \(body)"
            }
        }
        return result
    }

    // MARK: - database

    static func evaluateDatabase(_ observation: DatabaseObservation, _ dashboard: DashboardExpectation, environment: String) -> [CheckResult] {
        let base = CheckResult(arm: .db, slug: dashboard.slug, dashboard: dashboard.title, check: "", outcome: .passed)
        var lint = judgeLint(observation.lint, base)
        lint.check = "lint"

        var rows = base
        rows.check = "rows"
        rows.note = dashboard.note
        rows.sql = observation.probeSQL
        rows.seconds = observation.seconds
        let expectation = dashboard.rows[environment]
        rows.expected = expectation?.description
        switch observation.count {
        case nil:
            rows.outcome = .skipped
            rows.message = observation.notRunReason ?? "not run: the lint refused \(dashboard.queryPath), so it was not executed"
        case .failure(let failure)?:
            rows.outcome = .error
            rows.actual = failure.code.map { "SQLSTATE \($0)" } ?? "error"
            rows.message = "\(dashboard.queryPath) did not run: \(failure.message)"
        case .success(let count)?:
            rows.actual = "\(count)"
            rows = judgeRows(rows, count: count, expectation: expectation, dashboard: dashboard, environment: environment, source: "the database")
        }
        var results = [lint, rows]
        if let fetch = observation.fetch {
            var check = base
            check.check = "fetch"
            check.sql = observation.fetchSQL
            switch fetch {
            case .failure(let failure):
                check.outcome = .error
                check.message = "fetching every row of \(dashboard.queryPath) failed: \(failure.message)"
            case .success(let stats):
                check.actual = "\(stats.rows) rows in \(String(format: "%.3f", stats.seconds)) s"
                check.seconds = stats.seconds
                if case .success(let counted)? = observation.count {
                    check.expected = "\(counted) rows"
                    if counted != stats.rows {
                        check.outcome = .failed
                        check.message = "streamed \(stats.rows) rows but the count probe said \(counted)"
                    }
                } else if let expected = dashboard.rows[environment] {
                    // No count to compare with: the streamed rows answer to the expectation itself.
                    check.expected = "\(expected) rows"
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

    /// Lint errors fail the check; warnings alone (what SQL Server would reject but the local stack runs)
    /// make it a warning, shown without failing.
    static func judgeLint(_ findings: [Diagnostic], _ base: CheckResult) -> CheckResult {
        var lint = base
        lint.expected = "no findings"
        let errors = findings.filter { $0.severity == .error }
        let warnings = findings.filter { $0.severity == .warning }
        lint.actual = errors.isEmpty ? (warnings.isEmpty ? "no findings" : "\(warnings.count) warning(s)") : "\(errors.count) finding(s)"
        if let first = errors.first ?? warnings.first {
            lint.outcome = errors.isEmpty ? .warning : .failed
            lint.message = first.description
            lint.detail = findings.map(\.description).joined(separator: "\n")
        }
        return lint
    }

    static func judgeRows(_ result: CheckResult, count: Int, expectation: RowExpectation?, dashboard: DashboardExpectation,
                          environment: String, source: String) -> CheckResult {
        var result = result
        guard let expectation else {
            result.outcome = .error
            result.message = "no expected row count for environment '\(environment)' in dashboard '\(dashboard.slug)'"
            return result
        }
        if !expectation.accepts(count) {
            result.outcome = dashboard.rowMismatch
            result.message = "\(dashboard.title): \(source) returned \(count) rows, expected \(expectation)"
                + (dashboard.note.map { " — note: \($0)" } ?? "")
        }
        return result
    }

    // MARK: - superset

    /// Superset answered with an error about the thing itself (a failure), versus no answer (an error).
    /// A 5xx or 429 is the service failing (or a proxy mid-rollout), not a verdict on the dashboard.
    static func outcome(for failure: ProbeFailure) -> Outcome {
        guard let code = failure.code, code.hasPrefix("HTTP "), let status = Int(code.dropFirst(5)) else { return .error }
        return status >= 500 || status == 429 ? .error : .failed
    }

    static func evaluateSuperset(_ observation: SupersetObservation, _ dashboard: DashboardExpectation, environment: String) -> [CheckResult] {
        let base = CheckResult(arm: .superset, slug: dashboard.slug, dashboard: dashboard.title, check: "", outcome: .passed)
        func check(_ name: String) -> CheckResult {
            var result = base
            result.check = name
            return result
        }
        var exists = check("dashboard")
        exists.expected = dashboard.title
        let how = observation.lookup == dashboard.slug ? "slug '\(dashboard.slug)'" : "id \(observation.lookup)"
        let info: SupersetDashboard
        switch observation.dashboard {
        case .failure(let failure):
            exists.outcome = failure.notFound ? .failed : .error
            exists.actual = failure.notFound ? "missing" : failure.code
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

        var crossFilters = check("cross filters")
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
            result.check = "charts"
            result.outcome = outcome(for: failure)
            result.message = "listing the charts of \(dashboard.title) failed: \(failure.message)"
            return [result]
        case .success(let charts)?: actual = charts
        case nil: actual = []
        }
        for chart in dashboard.charts {
            var result = base
            result.check = "chart \(chart.name)"
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
        extra.check = "no extra charts"
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
        rows.check = "rows"
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
        drift.check = "sql drift"
        drift.expected = dashboard.queryPath
        var lint = base
        lint.check = "sql lint"
        lint.expected = "no findings"
        if let deployed = dataset.sql {
            let same = SQLText.normalized(deployed) == SQLText.normalized(dashboard.sql)
            drift.actual = same ? "same" : "differs"
            if !same {
                drift.outcome = .failed
                drift.message = "\(dashboard.title): dataset '\(dataset.tableName)' SQL in Superset differs from \(dashboard.queryPath)"
                drift.detail = SQLText.firstDifference(deployed: deployed, repository: dashboard.sql)
            }
            lint = judgeLint(SQLLint.check(deployed, file: "superset:\(dashboard.slug)/\(dataset.tableName)"), lint)
        } else {
            drift.outcome = .failed
            drift.actual = "physical table"
            drift.message = "\(dashboard.title): dataset '\(dataset.tableName)' is not a virtual (SQL) dataset"
            lint.outcome = .skipped
        }
        return [rows, drift, lint]
    }

    // MARK: - agreement

    static func evaluateAgreement(_ dashboard: DashboardExpectation, superset: Result<Int, ProbeFailure>?, database: Result<Int, ProbeFailure>?) -> CheckResult? {
        guard case .success(let viaSuperset)? = superset, case .success(let viaDatabase)? = database else { return nil }
        var result = CheckResult(arm: .agreement, slug: dashboard.slug, dashboard: dashboard.title, check: "superset = database",
                                 outcome: .passed, expected: "\(viaDatabase) (database)", actual: "\(viaSuperset) (superset)")
        if viaSuperset != viaDatabase {
            result.outcome = .failed
            result.message = "\(dashboard.title): Superset counted \(viaSuperset) rows but the database counted \(viaDatabase)"
        }
        return result
    }
}

/// SQL text compared as code: comments and whitespace do not count.
public enum SQLText {
    public static func normalized(_ sql: String) -> String {
        guard let tokens = try? SQLLexer.tokenize(sql) else {
            return sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var code = tokens.filter { !$0.isComment }
        while let last = code.last, last.isSymbol(";") { code.removeLast() }
        return code.map(\.text).joined(separator: " ")
    }

    /// A short account of where two queries first differ, for the report body.
    public static func firstDifference(deployed: String, repository: String) -> String {
        let left = normalized(deployed).split(separator: " ")
        let right = normalized(repository).split(separator: " ")
        let common = zip(left, right).prefix { $0 == $1 }.count
        func window(_ words: [Substring]) -> String {
            words[max(0, common - 5)..<min(words.count, common + 8)].joined(separator: " ")
        }
        return "first difference at token \(common + 1):\n  superset:   … \(window(left)) …\n  repository: … \(window(right)) …"
    }
}
