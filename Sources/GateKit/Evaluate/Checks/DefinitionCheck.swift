import Probes

/// What is deployed is what the repository's bundle (`assets:`) defines: each chart's type and params, the dashboard's
/// native filters and metadata, the dataset's saved metrics, calculated columns, temporal column and template
/// parameters. A difference that changes what a viewer gets fails; one in presentation warns; per-instance fields
/// (ids, generated names) are not compared (`DefinitionFields.table`). Runs for dashboards the bundle defines.
package enum DefinitionCheck: DashboardCheck {
    package static let family = CheckFamily(code: "definition", title: "definition")

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        guard let bundle = context.dashboard.definition else { return [] }
        var results: [CheckResult] = []
        var dashboard = context.result(family)
        dashboard.expected = .assetFile(path: bundle.file)
        var differences = dashboardDifferences(bundle, context)
        if case .success(let deployed)? = context.observation.datasetDefinition, let repository = bundle.charts.compactMap(\.dataset).first {
            differences += datasetDifferences(repository, deployed)
        }
        results.append(judged(dashboard, differences, title: context.dashboard.title))

        guard case .success(let deployedCharts)? = context.observation.charts else { return results }
        for chart in bundle.charts {
            var result = context.result(family)
            result.check = CheckKind(family: family, chart: chart.name)
            result.expected = .assetFile(path: chart.file)
            // A chart missing or duplicated is the chart check's finding; here only the one deployed chart is compared.
            let matches = deployedCharts.filter { $0.name == chart.name }
            guard matches.count == 1, let found = matches.first else {
                result.outcome = .skipped
                result.message = "chart '\(chart.name)' is not on the dashboard once (see its chart check)"
                results.append(result)
                continue
            }
            switch context.observation.definitions[found.id] {
            case .success(let definition)?:
                let deployed = definition.params.flatMap(DefinitionValue.init(json:))
                var found = chartDifferences(chart, deployed: deployed ?? .object([:]))
                found += queryContextDifferences(chart, deployed: definition.queryContext)
                if definition.params != nil, deployed == nil {
                    found.append(Difference(place: "chart \(chart.name)", path: "params", repository: "JSON", deployed: "not JSON", impact: .viewer))
                }
                results.append(judged(result, found, title: context.dashboard.title))
            case .failure(let failure)?:
                result.outcome = Evaluation.outcome(for: failure) == .error ? .error : .skipped
                result.message = "reading chart '\(chart.name)' (id \(found.id)) failed: \(failure.message)"
                results.append(result)
            case nil:
                result.outcome = .skipped
                result.message = "chart '\(chart.name)' (id \(found.id)) was not read"
                results.append(result)
            }
        }
        return results
    }

    /// One field that differs: where, which field, both values in words, and what it does to a viewer.
    package struct Difference: Sendable, Equatable {
        package let place: String
        package let path: String
        package let repository: String
        package let deployed: String
        package let impact: DefinitionFields.Impact

        /// `chart Latest Run KPIs · metric: repository MAX(…) AS latest, deployed count`
        package var line: String { "\(place) · \(path): repository \(repository), deployed \(deployed)" }
    }

    static func judged(_ base: CheckResult, _ differences: [Difference], title: String) -> CheckResult {
        var result = base
        let viewer = differences.filter { $0.impact == .viewer }
        let presentation = differences.filter { $0.impact == .presentation }
        result.actual = .differences(viewer: viewer.count, presentation: presentation.count)
        guard !viewer.isEmpty || !presentation.isEmpty else { return result }
        result.outcome = viewer.isEmpty ? .warning : .failed
        result.message = "\(title): " + (viewer.isEmpty ? presentation : viewer).map(\.line).joined(separator: "; ")
            + (viewer.isEmpty ? " (presentation only)" : "")
        // One line per difference, aligned, when the one-line message holds more than one.
        if differences.count > 1 {
            result.detail = differences.map { "\($0.impact == .viewer ? "FAIL" : "WARN") \($0.line)" }.joined(separator: "\n")
        }
        return result
    }

    // MARK: - Charts

    static func chartDifferences(_ chart: BundleChart, deployed: DefinitionValue) -> [Difference] {
        let place = "chart \(chart.name)"
        var differences: [Difference] = []
        for key in keys(chart.params, deployed) {
            let impact = DefinitionFields.impact(.chart, key)
            guard impact == .viewer || impact == .presentation else { continue }
            let left = chart.params[key]?.removing(DefinitionFields.regenerated)
            let right = deployed[key]?.removing(DefinitionFields.regenerated)
            guard !same(left, right) else { continue }
            differences.append(Difference(place: place, path: key, repository: words(left, key: key), deployed: words(right, key: key), impact: impact))
        }
        return differences
    }

    /// The saved query's `queries`, key by key, without the ids and regenerated names that differ per instance (its
    /// `form_data` repeats the params, compared above).
    static func queryContextDifferences(_ chart: BundleChart, deployed text: String?) -> [Difference] {
        let place = "chart \(chart.name)"
        guard let repository = chart.queryContext else { return [] }
        guard let text else {
            return [Difference(place: place, path: "query_context", repository: "saved", deployed: "(none)", impact: .viewer)]
        }
        guard let deployed = DefinitionValue(json: text) else {
            return [Difference(place: place, path: "query_context", repository: "saved", deployed: "not JSON", impact: .viewer)]
        }
        let perInstance = DefinitionFields.regenerated.union(["datasource", "slice_id", "dashboards"])
        let mine = repository["queries"]?.removing(perInstance).array ?? []
        let theirs = deployed["queries"]?.removing(perInstance).array ?? []
        guard mine.count == theirs.count else {
            return [Difference(place: place, path: "query_context queries", repository: "\(mine.count)", deployed: "\(theirs.count)", impact: .viewer)]
        }
        var differences: [Difference] = []
        for (index, (left, right)) in zip(mine, theirs).enumerated() {
            for key in keys(left, right) where !same(left[key], right[key]) {
                differences.append(Difference(place: place, path: "query_context queries[\(index)].\(key)", repository: words(left[key], key: key),
                                              deployed: words(right[key], key: key), impact: .viewer))
            }
        }
        return differences
    }

    /// The keys either object has, sorted: what two definitions are compared by.
    static func keys(_ left: DefinitionValue?, _ right: DefinitionValue?) -> [String] {
        Set((left?.object ?? [:]).keys).union((right?.object ?? [:]).keys).sorted()
    }

    /// Absent and empty say the same (`adhoc_filters` missing or `[]`, a `null` subheader).
    static func same(_ left: DefinitionValue?, _ right: DefinitionValue?) -> Bool {
        func normal(_ value: DefinitionValue?) -> DefinitionValue? {
            switch value {
            case nil, .null?, .array([])?, .object([:])?, .string("")?: return nil
            default: return value
            }
        }
        return normal(left) == normal(right)
    }

    /// A field's value as a failure shows it: a metric as its SQL and label, anything else as short JSON.
    static func words(_ value: DefinitionValue?, key: String) -> String {
        guard let value, value != .null else { return "(none)" }
        if key.contains("metric") {
            if let items = value.array { return items.isEmpty ? "(none)" : items.map(metricWords).joined(separator: ", ") }
            return metricWords(value)
        }
        return clipped(value.json)
    }

    static func metricWords(_ metric: DefinitionValue) -> String {
        if let name = metric.string { return name }
        let label = metric["label"]?.string.map { " AS \($0)" } ?? ""
        if let sql = metric["sqlExpression"]?.string { return clipped(sql, 48) + label }
        if let aggregate = metric["aggregate"]?.string {
            return "\(aggregate)(\(metric["column"]?["column_name"]?.string ?? "?"))" + label
        }
        return clipped(metric.json)
    }

    static func clipped(_ text: String, _ limit: Int = 80) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= limit ? line : line.prefix(limit - 1) + "…"
    }

    // MARK: - Dashboard

    static func dashboardDifferences(_ bundle: BundleDashboard, _ context: DashboardCheckContext) -> [Difference] {
        let place = "dashboard"
        var differences: [Difference] = []
        // `published:` in the expectations is the published check's; otherwise the bundle's flag is compared here.
        if context.dashboard.published == nil, let wanted = bundle.published, let published = context.found.published, wanted != published {
            differences.append(Difference(place: place, path: "published", repository: "\(wanted)", deployed: "\(published)", impact: .viewer))
        }
        let live = DefinitionValue(json: context.found.jsonMetadata) ?? .object([:])
        differences += nativeFilterDifferences(bundle.metadata["native_filter_configuration"], live["native_filter_configuration"], place: place)
        // Every metadata key either side has, by the table; an unlisted key (a newer Superset's) is presentation: it warns.
        for key in Set(keys(bundle.metadata, live) + ["cross_filters_enabled"]).sorted() where !["published", "native_filter_configuration"].contains(key) {
            let impact = DefinitionFields.impact(.dashboard, key)
            guard impact == .viewer || impact == .presentation else { continue }
            var left = bundle.metadata[key]
            var right = live[key]
            // A presentation key the deployed dashboard does not set takes Superset's default: nothing a viewer would notice.
            if impact == .presentation, right == nil { continue }
            // Superset reads a missing cross_filters_enabled as true.
            if key == "cross_filters_enabled" {
                left = left ?? .bool(true)
                right = right ?? .bool(true)
            }
            guard !same(left, right) else { continue }
            differences.append(Difference(place: place, path: key, repository: words(left, key: key), deployed: words(right, key: key), impact: impact))
        }
        return differences
    }

    /// Native filters by name: type, target columns, default value and control values (`defaultToFirstItem` picks a
    /// value too). Dataset ids, chart ids in scopes and filter ids differ per instance.
    static func nativeFilterDifferences(_ repository: DefinitionValue?, _ deployed: DefinitionValue?, place: String) -> [Difference] {
        func byName(_ value: DefinitionValue?) -> [String: DefinitionValue] {
            var filters: [String: DefinitionValue] = [:]
            for filter in value?.array ?? [] {
                let name = filter["name"]?.string ?? filter["id"]?.string ?? "?"
                let columns = DefinitionValue.array((filter["targets"]?.array ?? []).map { $0["column"]?["name"] ?? .null })
                filters[name] = .object([
                    "type": filter["filterType"] ?? .null,
                    "columns": columns,
                    "default": filter["defaultDataMask"]?["filterState"]?["value"] ?? .null,
                    "controls": filter["controlValues"] ?? .null,
                ])
            }
            return filters
        }
        let left = byName(repository)
        let right = byName(deployed)
        var differences: [Difference] = []
        for name in Set(left.keys).union(right.keys).sorted() {
            let filterPlace = "\(place) · native filter '\(name)'"
            guard let mine = left[name] else {
                let value = right[name]?["default"]
                differences.append(Difference(place: filterPlace, path: "filter", repository: "(none)",
                                              deployed: "added" + (same(value, nil) ? "" : ", default \(words(value, key: "default"))"), impact: .viewer))
                continue
            }
            guard let theirs = right[name] else {
                differences.append(Difference(place: filterPlace, path: "filter", repository: "defined", deployed: "(none)", impact: .viewer))
                continue
            }
            for field in ["type", "columns", "default", "controls"] where !same(mine[field], theirs[field]) {
                differences.append(Difference(place: filterPlace, path: field, repository: words(mine[field], key: field),
                                              deployed: words(theirs[field], key: field), impact: .viewer))
            }
        }
        return differences
    }

    // MARK: - Dataset

    static func datasetDifferences(_ repository: BundleDataset, _ deployed: SupersetDataset) -> [Difference] {
        let place = "dataset \(deployed.tableName)"
        var differences: [Difference] = []
        func compare(_ what: String, _ mine: [String: String], _ theirs: [String: String]?) {
            guard let theirs else { return }
            for name in Set(mine.keys).union(theirs.keys).sorted() where mine[name] != theirs[name] {
                differences.append(Difference(place: place, path: "\(what) \(name)", repository: mine[name].map { clipped($0, 60) } ?? "(none)",
                                              deployed: theirs[name].map { clipped($0, 60) } ?? "(none)", impact: .viewer))
            }
        }
        compare("metric", repository.metrics, deployed.metrics)
        compare("calculated column", repository.calculatedColumns, deployed.calculatedColumns)
        if repository.temporalColumn != deployed.temporalColumn {
            differences.append(Difference(place: place, path: "main_dttm_col", repository: repository.temporalColumn ?? "(none)",
                                          deployed: deployed.temporalColumn ?? "(none)", impact: .viewer))
        }
        if (repository.templateParams ?? "") != (deployed.templateParams ?? "") {
            differences.append(Difference(place: place, path: "template_params", repository: clipped(repository.templateParams ?? "(none)"),
                                          deployed: clipped(deployed.templateParams ?? "(none)"), impact: .viewer))
        }
        return differences
    }
}
