import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The definition check against fakes that hold exactly the repository's bundle: clean passes, and each kind of edit a
/// viewer would get is a failure naming the asset, the field and both values; presentation warns.
@Suite("Definition check", .offPool)
struct DefinitionCheckTests {
    static let bundle = Result { try AssetBundle.load(folder: Repo.path("assets/powerfill"), shownAs: "assets/powerfill") }

    /// Run Overview from the sample, defined by the bundle, and a fake Superset that holds the bundle's definitions.
    func report(_ change: (inout FakeSuperset, Int) -> Void = { _, _ in }) async throws -> GateReport {
        var expectations = Sample.expectations
        let bundle = try Self.bundle.get()
        expectations.dashboards = [expectations.dashboards[Sample.index(of: Sample.runOverview)]]
        expectations.dashboards[0].definition = try bundle.definition(of: expectations.dashboards[0], in: expectations.file)
        var fake = FakeSuperset.matching(expectations, environment: "local")
        let definition = try #require(expectations.dashboards[0].definition)
        for chart in fake.charts[1] ?? [] {
            let defined = try #require(definition.charts.first { $0.name == chart.name })
            fake.definitions[chart.id] = FakeSuperset.definition(chart.id, dataset: 1, queryContext: defined.queryContext?.json, params: defined.params.json)
        }
        let dataset = try #require(definition.charts.first?.dataset)
        fake.datasets[1]![0].metrics = dataset.metrics
        fake.datasets[1]![0].calculatedColumns = dataset.calculatedColumns
        fake.datasets[1]![0].temporalColumn = dataset.temporalColumn
        fake.databaseEntries[1] = SupersetDatabaseEntry(id: 1, name: "PowerFill Local", backend: "postgresql", driver: "psycopg2",
                                                        uri: "postgresql+psycopg2://gate_reader:XXXXXXXXXX@127.0.0.1:55432/powerfill",
                                                        connectionRead: true)
        // The deployed dashboard's metadata as an import leaves it: the bundle's native filters and cross filters on.
        setMetadata(&fake, 1, "{}", base: definition)
        change(&fake, 1)
        return try await Gate.run(expectations, environment: "local", targets: GateTargets(superset: fake), options: GateOptions(arms: [.superset]))
    }

    func setParam(_ fake: inout FakeSuperset, chart name: String, _ key: String, _ value: DefinitionValue) {
        guard let chart = fake.charts[1]?.first(where: { $0.name == name }), let saved = fake.definitions[chart.id],
              case .object(var params)? = saved.params.flatMap(DefinitionValue.init(json:)) else { return }
        params[key] = value
        fake.definitions[chart.id] = FakeSuperset.definition(chart.id, dataset: 1, queryContext: saved.queryContext, params: DefinitionValue.object(params).json)
    }

    @Test("the bundle loads: eight dashboards, their charts and datasets, each dataset's saved count metric")
    func bundleLoads() throws {
        let bundle = try Self.bundle.get()
        #expect(bundle.dashboards.count == 8)
        #expect(bundle.dashboards.values.map(\.charts.count).reduce(0, +) == 25)
        let overview = try #require(bundle.dashboards[Sample.runOverview])
        #expect(overview.charts.map(\.name).sorted() == ["Latest Run KPIs", "Runs Table", "Status Distribution"])
        #expect(overview.charts.allSatisfy { $0.dataset?.metrics["count"] == "COUNT(*)" && $0.dataset?.databaseName == "PowerFill Local" })
        #expect(overview.file == "assets/powerfill/dashboards/PowerFill_Run_Overview_Hub_1.yaml")
    }

    @Test("a deploy equal to the bundle passes with no difference, per dashboard and per chart")
    func clean() async throws {
        let report = try await report()
        let definitions = report.results.filter { $0.check.family == DefinitionCheck.family }
        #expect(definitions.count == 4 && definitions.allSatisfy { $0.outcome == .passed && $0.actual == .differences(viewer: 0, presentation: 0) },
                "\(definitions.map(\.message))")
    }

    @Test("a row limit, a swapped metric, an edited saved metric and a native filter default each fail, naming field and both values")
    func viewerDifferences() async throws {
        let report = try await report { fake, dashboard in
            setParam(&fake, chart: "Runs Table", "row_limit", .number(1))
            setParam(&fake, chart: "Latest Run KPIs", "metric", .string("count"))
            fake.datasets[dashboard]![0].metrics = ["count": "COUNT(*) * 2"]
            let found = fake.dashboards.first { $0.value.id == dashboard }!
            guard case .object(var metadata)? = DefinitionValue(json: found.value.jsonMetadata),
                  case .array(var filters)? = metadata["native_filter_configuration"],
                  let added = DefinitionValue(json: #"{"name": "Failed only", "filterType": "filter_select", "targets": [{"datasetId": 1, "column": {"name": "status"}}], "defaultDataMask": {"filterState": {"value": ["Failed"]}}}"#) else { return }
            filters.append(added)
            metadata["native_filter_configuration"] = .array(filters)
            fake.dashboards[found.key] = SupersetDashboard(id: found.value.id, title: found.value.title, slug: found.value.slug,
                                                           jsonMetadata: DefinitionValue.object(metadata).json, positionJSON: nil, published: true)
        }
        let failures = report.failures().filter { $0.check.family == DefinitionCheck.family }
        #expect(failures.count == 3, "\(failures.map(\.message))")
        let rowLimit = try #require(failures.first { $0.check.chart == "Runs Table" })
        #expect(rowLimit.message.contains("chart Runs Table · row_limit: repository 1000, deployed 1"), "\(rowLimit.message)")
        let metric = try #require(failures.first { $0.check.chart == "Latest Run KPIs" })
        #expect(metric.message.contains("chart Latest Run KPIs · metric: repository MAX(CASE WHEN is_latest = 1"), "\(metric.message)")
        #expect(metric.message.hasSuffix("AS latest_output_guide_count, deployed count"), "\(metric.message)")
        let dashboard = try #require(failures.first { $0.check.chart == nil })
        #expect(dashboard.message.contains("metric count: repository COUNT(*), deployed COUNT(*) * 2"), "\(dashboard.message)")
        #expect(dashboard.message.contains("native filter 'Failed only' · filter: repository (none), deployed added, default [\"Failed\"]"), "\(dashboard.message)")
        #expect(dashboard.actual == .differences(viewer: 2, presentation: 0) && dashboard.detail?.split(separator: "\n").count == 2)
        #expect(report.exitCode == 1)
    }

    @Test("a saved query edited apart from the params (a WHERE added, or no saved query at all) fails, naming the query's field")
    func savedQuery() async throws {
        let report = try await report { fake, _ in
            guard let runs = fake.charts[1]?.first(where: { $0.name == "Runs Table" }), let saved = fake.definitions[runs.id],
                  case .object(var context)? = saved.queryContext.flatMap(DefinitionValue.init(json:)),
                  case .array(var queries)? = context["queries"], case .object(var query)? = queries.first else { return }
            query["extras"] = .object(["having": .string(""), "where": .string("(1 = 0)")])
            queries[0] = .object(query)
            context["queries"] = .array(queries)
            fake.definitions[runs.id] = FakeSuperset.definition(runs.id, dataset: 1, queryContext: DefinitionValue.object(context).json, params: saved.params)
            if let kpis = fake.charts[1]?.first(where: { $0.name == "Latest Run KPIs" }), let kept = fake.definitions[kpis.id] {
                fake.definitions[kpis.id] = SupersetChartDefinition(id: kpis.id, datasourceID: 1, datasourceType: "table", params: kept.params, queryContext: nil)
            }
        }
        let definitions = report.failures().filter { $0.check.family == DefinitionCheck.family }
        let filtered = try #require(definitions.first { $0.check.chart == "Runs Table" })
        #expect(filtered.message.contains(#"query_context queries[0].extras: repository {"having": "", "where": ""}, deployed {"having": "", "where": "(1 = 0)"}"#),
                "\(filtered.message)")
        let unsaved = try #require(definitions.first { $0.check.chart == "Latest Run KPIs" })
        #expect(unsaved.message.contains("query_context: repository saved, deployed (none)"), "\(unsaved.message)")
    }

    @Test("a presentation change warns without failing; per-instance ids and regenerated names are not compared")
    func presentationAndIgnored() async throws {
        let report = try await report { fake, _ in
            setParam(&fake, chart: "Status Distribution", "color_scheme", .string("bnbColors"))
            setParam(&fake, chart: "Runs Table", "dashboards", .array([.number(42)]))
            setParam(&fake, chart: "Runs Table", "slice_id", .number(999))
        }
        #expect(report.failures().isEmpty, "\(report.failures().map(\.message))")
        let warning = try #require(report.results.first { $0.outcome == .warning })
        #expect(warning.check == CheckKind(family: DefinitionCheck.family, chart: "Status Distribution"))
        #expect(warning.message.contains("color_scheme: repository (none), deployed \"bnbColors\" (presentation only)"), "\(warning.message)")
        #expect(report.exitCode == 0)
    }

    /// The fake's Run Overview with the keys of `json` set in its `json_metadata` (over the bundle's native filters
    /// and cross filters on, when `base` is given).
    func setMetadata(_ fake: inout FakeSuperset, _ dashboard: Int, _ json: String, base: BundleDashboard? = nil) {
        let found = fake.dashboards.first { $0.value.id == dashboard }!
        var metadata = DefinitionValue(json: found.value.jsonMetadata)?.object ?? [:]
        if let base {
            metadata = ["cross_filters_enabled": .bool(true), "native_filter_configuration": base.metadata["native_filter_configuration"] ?? .array([])]
        }
        for (key, value) in DefinitionValue(json: json)?.object ?? [:] { metadata[key] = value }
        fake.dashboards[found.key] = SupersetDashboard(id: found.value.id, title: found.value.title, slug: found.value.slug,
                                                       jsonMetadata: DefinitionValue.object(metadata).json, positionJSON: nil, published: true)
    }

    @Test("cross-filter scopes compare by chart name: renumbered ids and a stale chartsInScope pass, a chart left out of a scope fails")
    func crossFilterScopes() async throws {
        // Ids as another instance numbers them, each chart's stored chartsInScope naming charts of another set (what
        // Superset's import leaves): the same scopes, so no difference.
        let renumbered = try await report { fake, dashboard in
            let ids = (fake.charts[dashboard] ?? []).map(\.id)
            let entries = ids.map { #""\#($0)": {"id": \#($0), "crossFilters": {"scope": "global", "chartsInScope": [901, 902]}}"# }
            setMetadata(&fake, dashboard, #"{"chart_configuration": {"# + entries.joined(separator: ", ")
                        + #"}, "global_chart_configuration": {"scope": {"rootPath": ["ROOT_ID"], "excluded": []}, "chartsInScope": [901]}}"#)
        }
        #expect(renumbered.failures().isEmpty && !renumbered.results.contains { $0.outcome == .warning }, "\(renumbered.failures().map(\.message))")

        let narrowed = try await report { fake, dashboard in
            let charts = fake.charts[dashboard] ?? []
            let runs = charts.first { $0.name == "Runs Table" }!.id, status = charts.first { $0.name == "Status Distribution" }!.id
            setMetadata(&fake, dashboard, #"{"chart_configuration": {"\#(runs)": {"id": \#(runs), "crossFilters": {"scope": {"rootPath": ["ROOT_ID"], "excluded": [\#(runs), \#(status)]}}}}, "global_chart_configuration": {"scope": {"rootPath": ["ROOT_ID"], "excluded": [\#(status)]}}}"#)
        }
        let dashboard = try #require(narrowed.failures().first { $0.check.family == DefinitionCheck.family && $0.check.chart == nil })
        #expect(dashboard.message.contains("chart_configuration[Runs Table]: repository global, deployed all charts but Runs Table, Status Distribution"),
                "\(dashboard.message)")
        #expect(dashboard.message.contains("global_chart_configuration: repository all charts, deployed all charts but Status Distribution"),
                "\(dashboard.message)")
    }

    @Test("the database entry: engine, host and database name differ and fail; another role or another entry compares the engine only")
    func databaseEntry() async throws {
        func entry(_ uri: String, name: String = "PowerFill Local", readable: Bool = true) -> SupersetDatabaseEntry {
            let place = DatabasePlace(uri: uri)
            return SupersetDatabaseEntry(id: 1, name: name, backend: place.engine, driver: place.driver, uri: readable ? uri : nil, connectionRead: readable)
        }
        let moved = try await report { fake, _ in
            fake.databaseEntries[1] = entry("mssql+pyodbc://gate:XXXXXXXXXX@db.staging:1433/powerfill_old")
        }
        let failure = try #require(moved.failures().first { $0.check.family == DefinitionCheck.family && $0.check.chart == nil })
        #expect(failure.message.contains("database PowerFill Local · engine: repository postgresql+psycopg2, deployed mssql+pyodbc"), "\(failure.message)")
        #expect(failure.message.contains("database PowerFill Local · host: repository 127.0.0.1:55432, deployed db.staging:1433"), "\(failure.message)")
        #expect(failure.message.contains("database PowerFill Local · database_name: repository powerfill, deployed powerfill_old"), "\(failure.message)")
        #expect(!failure.message.contains("XXXX") && !failure.message.contains("gate_reader"))

        // A role that may not read the connection, or the environment's own entry under another name: the engine only.
        for other in [entry("postgresql+psycopg2://u:XXXXXXXXXX@elsewhere:5432/other", readable: false),
                      entry("postgresql+psycopg2://u:XXXXXXXXXX@elsewhere:5432/other", name: "PowerFill Staging")] {
            let report = try await report { fake, _ in fake.databaseEntries[1] = other }
            #expect(report.failures().isEmpty, "\(report.failures().map(\.message))")
        }
        let unread = try await report { fake, _ in fake.databaseEntries = [:] }
        let warning = try #require(unread.results.first { $0.outcome == .warning })
        #expect(warning.message.contains("database PowerFill Local · entry: repository postgresql+psycopg2 127.0.0.1:55432/powerfill, deployed not read"),
                "\(warning.message)")
    }

    @Test("the expectations and the bundle must agree where both speak: a title, a chart or the SQL apart is exit 2 naming both files")
    func disagreement() throws {
        let bundle = try Self.bundle.get()
        var dashboard = Sample.expectations.dashboards[Sample.index(of: Sample.runOverview)]
        dashboard.title = "Run Overview"
        #expect(throws: ConfigurationError.self) { try bundle.definition(of: dashboard, in: "expectations.yaml") }
        do { _ = try bundle.definition(of: dashboard, in: "expectations.yaml") } catch {
            #expect(error.description.contains("PowerFill_Run_Overview_Hub_1.yaml") && error.description.contains("expectations.yaml"), "\(error)")
        }
        dashboard = Sample.expectations.dashboards[Sample.index(of: Sample.runOverview)]
        dashboard.charts[0].viz = "pie"
        #expect(throws: ConfigurationError.self) { try bundle.definition(of: dashboard, in: "expectations.yaml") }
        dashboard = Sample.expectations.dashboards[Sample.index(of: Sample.runOverview)]
        dashboard.sql = "SELECT 1 AS other"
        #expect(throws: ConfigurationError.self) { try bundle.definition(of: dashboard, in: "expectations.yaml") }
        dashboard.slug = "not-in-the-bundle"
        #expect(throws: ConfigurationError.self) { try bundle.definition(of: dashboard, in: "expectations.yaml") }
    }

    @Test("a bundle that is not one is a configuration error naming the file: no folder, a layout naming a missing chart, bad YAML")
    func badBundles() throws {
        #expect(throws: ConfigurationError.self) { try AssetBundle.load(folder: "/nonexistent/bundle") }
        let folder = try TemporaryFolder.make("gate-bundle")
        try FileManager.default.createDirectory(atPath: folder.path + "/dashboards", withIntermediateDirectories: true)
        let dashboard = """
            dashboard_title: Runs
            slug: runs
            position:
              CHART-1: {type: CHART, meta: {uuid: 00000000-0000-0000-0000-000000000001}}
            """
        try dashboard.write(toFile: folder.path + "/dashboards/Runs_1.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try AssetBundle.load(folder: folder.path, shownAs: "bundle")
            Issue.record("a layout naming a missing chart must be refused")
        } catch {
            #expect(error.file == "bundle/dashboards/Runs_1.yaml" && error.message.contains("not in the bundle's charts/"), "\(error)")
        }
        try "a: [unclosed".write(toFile: folder.path + "/dashboards/Runs_1.yaml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try AssetBundle.load(folder: folder.path) }
        try "k: &a [*a, *a]\n".write(toFile: folder.path + "/dashboards/Runs_1.yaml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try AssetBundle.load(folder: folder.path) }
    }

    @Test("every field of the classification table is in the README, with its impact")
    func fieldsDocumented() throws {
        let readme = try String(contentsOfFile: Repo.path("README.md"), encoding: .utf8)
        for field in DefinitionFields.table {
            #expect(readme.contains("| \(field.asset.rawValue) | `\(field.key)` | \(field.impact.rawValue) |"), "README lacks \(field.asset) \(field.key)")
        }
    }
}
