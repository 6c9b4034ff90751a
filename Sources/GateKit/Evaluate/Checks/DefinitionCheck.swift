import Probes

/// What is deployed is what the repository's bundle (`assets:`) defines: each chart's type and params, the dashboard's
/// native filters and metadata, the dataset's saved metrics, calculated columns, temporal column and template
/// parameters. A difference that changes what a viewer gets fails; one in presentation warns; per-instance fields
/// (ids, generated names) are not compared (`DefinitionFields.table`). Runs for dashboards the bundle defines.
package enum DefinitionCheck: DashboardCheck {
    package static let family = CheckFamily(code: "definition", title: "definition")

    package static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind] {
        guard let bundle = dashboard.definition else { return [] }
        return [CheckKind(family: family)] + bundle.charts.map { CheckKind(family: family, chart: $0.name) }
    }

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        guard let bundle = context.dashboard.definition else { return [] }
        var results: [CheckResult] = []
        var dashboard = context.result(family)
        dashboard.expected = .assetFile(path: bundle.file)
        var differences = dashboardDifferences(bundle, context)
        let repositoryDataset = bundle.charts.compactMap(\.dataset).first
        if case .success(let deployed)? = context.observation.datasetDefinition, let repositoryDataset {
            differences += datasetDifferences(repositoryDataset, deployed)
        }
        if let repository = repositoryDataset?.database {
            switch context.observation.databaseEntry {
            case .success(let entry)?: differences += databaseDifferences(repository, entry)
            case .failure(let failure)?:
                differences.append(Difference(place: "database \(repository.name)", path: "entry", repository: repository.place.words,
                                              deployed: "not read (\(clipped(failure.message, 60)))", impact: .presentation))
            case nil: break
            }
        }
        results.append(judged(dashboard, differences, title: context.dashboard.title))

        guard case .success? = context.observation.charts else { return results }
        for chart in bundle.charts {
            var result = context.result(family)
            result.check = CheckKind(family: family, chart: chart.name)
            result.expected = .assetFile(path: chart.file)
            // A chart missing or duplicated is the chart check's finding; here only the one deployed chart is compared.
            guard let found = context.observation.chart(named: chart.name) else {
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
        // What compares equal to absent reads as absent: `(none)`, not `""` or `[]`.
        guard let value, !same(value, nil) else { return "(none)" }
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
        if case .success(let charts)? = context.observation.charts {
            let deployedNames = Dictionary(charts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            differences += crossFilterDifferences(bundle.metadata, names: bundle.chartNames, deployed: live, names: deployedNames, place: place)
        }
        let comparedAlone: Set = ["published", "native_filter_configuration", "chart_configuration", "global_chart_configuration"]
        // Every metadata key either side has, by the table; an unlisted key (a newer Superset's) is presentation: it warns.
        for key in Set(keys(bundle.metadata, live) + ["cross_filters_enabled"]).sorted() where !comparedAlone.contains(key) {
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

    /// Which charts a click on each chart cross-filters (`chart_configuration`, keyed by chart id) and the dashboard's
    /// default (`global_chart_configuration`), compared as scopes in chart names: ids differ per instance. Only the
    /// scope is compared; Superset's frontend recomputes the stored `chartsInScope` from it and the layout (and its
    /// import leaves those ids unmapped, so they name another set's charts after every import).
    static func crossFilterDifferences(_ repository: DefinitionValue, names repositoryNames: [Int: String], deployed: DefinitionValue,
                                       names deployedNames: [Int: String], place: String) -> [Difference] {
        var differences: [Difference] = []
        let global = "global_chart_configuration"
        let (mine, theirs) = (scopeWords(repository[global]?["scope"], repositoryNames), scopeWords(deployed[global]?["scope"], deployedNames))
        if mine != theirs {
            differences.append(Difference(place: place, path: global, repository: mine, deployed: theirs, impact: DefinitionFields.impact(.dashboard, global)))
        }
        func byChart(_ value: DefinitionValue?, _ names: [Int: String]) -> [String: String] {
            var scopes: [String: String] = [:]
            for (key, entry) in value?.object ?? [:] {
                let chart = Int(key).map { names[$0] ?? "chart id \($0)" } ?? key
                scopes[chart] = entry["crossFilters"]?["scope"].map { scopeWords($0, names) } ?? "global"
            }
            return scopes
        }
        let key = "chart_configuration"
        let left = byChart(repository[key], repositoryNames)
        let right = byChart(deployed[key], deployedNames)
        // A chart without an entry follows the dashboard's scope, as one whose scope is "global".
        for chart in Set(left.keys).union(right.keys).sorted() where (left[chart] ?? "global") != (right[chart] ?? "global") {
            differences.append(Difference(place: place, path: "\(key)[\(chart)]", repository: left[chart] ?? "global",
                                          deployed: right[chart] ?? "global", impact: DefinitionFields.impact(.dashboard, key)))
        }
        return differences
    }

    /// A cross-filter scope in chart names: `global` (the dashboard's), `all charts`, `all charts but Runs Table`, or
    /// `charts under TAB-1 …`. Superset's default scope is all charts.
    static func scopeWords(_ scope: DefinitionValue?, _ names: [Int: String]) -> String {
        switch scope {
        case nil, .null?: return "all charts"
        case .string(let pointer)?: return pointer
        case .object(let fields)?:
            let root = (fields["rootPath"]?.array ?? []).compactMap(\.string)
            let excluded = (fields["excluded"]?.array ?? []).map { id in id.integer.map { names[$0] ?? "chart id \($0)" } ?? id.json }.sorted()
            let reach = root.isEmpty || root == ["ROOT_ID"] ? "all charts" : "charts under " + root.joined(separator: ", ")
            return excluded.isEmpty ? reach : clipped(reach + " but " + excluded.joined(separator: ", "), 72)
        case let other?: return words(other, key: "scope")
        }
    }

    // MARK: - Database

    /// The engine always; host, port and database name where the environment uses the bundle's own entry (the same
    /// name: another environment names its own database, elsewhere by design) and Superset let the gate read them.
    static func databaseDifferences(_ repository: BundleDatabase, _ entry: SupersetDatabaseEntry) -> [Difference] {
        let place = "database \(entry.name)"
        var differences: [Difference] = []
        // Where `/connection` gave no parameters, its URI says the same (its password masked, never read).
        let uri = entry.uri.map(DatabasePlace.init(uri:))
        let engine = (repository.place.engine, repository.place.driver)
        if engine.0 != entry.backend || (engine.1 != nil && entry.driver != nil && engine.1 != entry.driver) {
            differences.append(Difference(place: place, path: "engine", repository: DatabasePlace.engineWords(engine.0, engine.1),
                                          deployed: DatabasePlace.engineWords(entry.backend, entry.driver), impact: DefinitionFields.impact(.database, "engine")))
        }
        guard entry.name == repository.name, entry.connectionRead else { return differences }
        let host = (entry.host ?? uri?.host, entry.port ?? uri?.port)
        if repository.place.host != host.0 || repository.place.port != host.1 {
            differences.append(Difference(place: place, path: "host", repository: DatabasePlace.hostWords(repository.place.host, repository.place.port),
                                          deployed: DatabasePlace.hostWords(host.0, host.1), impact: DefinitionFields.impact(.database, "host")))
        }
        let name = entry.database ?? uri?.database
        if repository.place.database != name {
            differences.append(Difference(place: place, path: "database_name", repository: repository.place.database ?? "(none)",
                                          deployed: name ?? "(none)", impact: DefinitionFields.impact(.database, "database_name")))
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
