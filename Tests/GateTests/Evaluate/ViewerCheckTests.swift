import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// What a viewer sees, against fakes: every way a chart, the layout, the dataset's database or the
/// dashboard's identity can differ is reported by name, with expected and actual.
@Suite("Viewer checks against fakes")
struct ViewerCheckTests {
    let expectations = Sample.expectations

    func report(_ environment: String = "local", _ mutate: (inout FakeSuperset, inout Expectations) -> Void) async throws -> GateReport {
        var fake = FakeSuperset.matching(expectations, environment: environment)
        var changed = expectations
        mutate(&fake, &changed)
        return try await Gate.run(changed, environment: environment, targets: GateTargets(superset: fake), options: GateOptions(arms: [.superset]))
    }

    /// The first chart of Run Overview (dataset 1) in the fake.
    func runsTable(_ fake: FakeSuperset) -> Int { fake.charts[1]![0].id }

    @Test("a clean fake passes every viewer check")
    func clean() async throws {
        let clean = try await report { _, _ in }
        #expect(clean.failures().isEmpty, "\(clean.failures().map(\.message))")
        #expect(clean.results.filter { $0.check == .layout }.count == 8)
        #expect(clean.results.filter { $0.check == .database }.count == 8)
    }

    @Test("a chart on another dataset, a saved query on another dataset, params naming another dataset: each named")
    func datasources() async throws {
        let cases: [(SupersetChartDefinition, String)] = [
            (SupersetChartDefinition(id: 0, datasourceID: 99, datasourceType: "table", params: #"{"datasource": "99__table"}"#,
                                     queryContext: #"{"datasource": {"id": 99, "type": "table"}, "queries": [{}]}"#),
             "is on dataset id 99, but the dashboard's dataset is id 1"),
            (SupersetChartDefinition(id: 0, datasourceID: 1, datasourceType: "table", params: #"{"datasource": "1__table"}"#,
                                     queryContext: #"{"datasource": {"id": 99, "type": "table"}, "queries": [{}]}"#),
             "saved query context queries dataset id 99, but the chart is on dataset id 1"),
            (SupersetChartDefinition(id: 0, datasourceID: 1, datasourceType: "table", params: #"{"datasource": "99__table"}"#,
                                     queryContext: #"{"datasource": {"id": 1, "type": "table"}, "queries": [{}]}"#),
             "params (what the dashboard page queries) name dataset id 99, but the chart is on dataset id 1"),
        ]
        for (definition, message) in cases {
            let failures = try await report { fake, _ in fake.definitions[runsTable(fake)] = definition }.failures()
            #expect(failures.map(\.place) == [CheckPlace("powerfill-run-overview", .chart("Runs Table"))], "\(message)")
            #expect(failures.first?.message.contains(message) == true, "\(failures.map(\.message))")
        }
    }

    @Test("per-chart rows: outside the expectation fails with the saved query; without one, zero rows on a non-empty dataset fails")
    func chartRows() async throws {
        let where_ = #"{"datasource": {"id": 1, "type": "table"}, "queries": [{"filters": [{"col": "status", "op": "IN", "val": ["Gone"]}], "extras": {"where": "(1 = 0)"}, "time_range": "Last week", "row_limit": 10}]}"#
        let expected = try await report { fake, changed in
            changed.dashboards[0].charts[0].rows["local"] = .exact(11)
            fake.renderRows[runsTable(fake)] = 3
            fake.definitions[runsTable(fake)] = FakeSuperset.definition(runsTable(fake), dataset: 1, queryContext: where_)
        }.failures()
        let failure = try #require(expected.first)
        #expect(expected.count == 1 && failure.check == .chart("Runs Table"))
        #expect(failure.expected == .chart(viz: "table", rows: .exact(11)) && failure.actual == .renderedChart(viz: "table", render: .rows(3))
                && failure.expected?.description == "table, 11 result rows" && failure.actual?.description == "table, 3 result rows")
        #expect(failure.message.contains("renders 3 rows, expected 11"))
        #expect(failure.message.contains("filter status IN ['Gone']") && failure.message.contains("WHERE (1 = 0)")
                && failure.message.contains("time range Last week") && failure.message.contains("row limit 10"), "\(failure.message)")

        let empty = try await report { fake, _ in fake.renderRows[runsTable(fake)] = 0 }.failures()
        #expect(empty.first?.message.contains("renders no rows although its dataset has 11; its saved query adds no filter") == true,
                "\(empty.map(\.message))")
        // An empty dataset rendering nothing is what a viewer should see: no failure.
        let quiet = try await report { fake, _ in
            fake.renderRows[fake.charts[2]![0].id] = 0   // Allocation Guide: 0 rows expected locally
        }.failures()
        #expect(quiet.isEmpty)
    }

    @Test("a chart without a saved query context is its own clear failure, not Superset's 400")
    func noQueryContext() async throws {
        let failures = try await report { fake, _ in
            let id = runsTable(fake)
            fake.definitions[id] = SupersetChartDefinition(id: id, datasourceID: 1, datasourceType: "table", params: nil, queryContext: nil)
            fake.renderFailures[id] = ProbeFailure(message: "Superset answered HTTP 400 at /api/v1/chart/\(id)/data/: Chart has no query context saved. Please save the chart again.",
                                                   code: .httpStatus(400))
        }.failures()
        let failure = try #require(failures.first)
        #expect(failures.count == 1 && failure.outcome == .failed)
        #expect(failure.message.contains("has no saved query context") && failure.message.contains("save it again"))
        #expect(!failure.message.contains("HTTP 400"), "the clear reason replaces the generic error")
    }

    @Test("Superset answering a chart with an asynchronous job is an error naming GLOBAL_ASYNC_QUERIES")
    func asyncQueries() async throws {
        let failures = try await report { fake, _ in
            fake.renderFailures[runsTable(fake)] = ProbeFailure(
                message: SupersetError(kind: .asyncQuery, endpoint: "/api/v1/chart/1/data/?force=true", status: 202,
                                       message: "Superset queued the chart query as an asynchronous job (feature flag GLOBAL_ASYNC_QUERIES is on)").description,
                code: .asyncQuery)
        }.failures()
        let failure = try #require(failures.first)
        #expect(failures.count == 1 && failure.outcome == .error, "could not check: not a verdict on the chart")
        #expect(failure.message.contains("GLOBAL_ASYNC_QUERIES"))
    }

    @Test("layout: no layout at all and an attached chart not laid out are warnings; a layout entry for a detached or deleted chart fails")
    func layout() async throws {
        // Superset's page appends attached charts its layout lacks: a warning, not a failure.
        func warnings(_ report: GateReport) -> [CheckResult] { report.results.filter { $0.outcome == .warning } }
        let none = try await report { fake, _ in fake.layouts[1] = .some(nil) }
        #expect(none.failures().isEmpty && warnings(none).map(\.place) == [CheckPlace("powerfill-run-overview", .layout)])
        #expect(warnings(none).first?.message.contains("has no layout") == true)

        let hidden = try await report { fake, _ in fake.layouts[1] = FakeSuperset.layout(Array(fake.charts[1]!.dropFirst())) }
        #expect(hidden.failures().isEmpty)
        #expect(warnings(hidden).first?.message.contains("attached but not in the layout (Superset appends them at the bottom, outside the designed layout): 'Runs Table'") == true,
                "\(warnings(hidden).map(\.message))")

        let stale = try await report { fake, _ in
            let detached = fake.charts[2]![0]       // a chart of another dashboard: it exists, but not here
            let deleted = SupersetChart(id: 424_242, name: "Gone", vizType: "table")
            fake.layouts[1] = FakeSuperset.layout(fake.charts[1]! + [detached, deleted])
        }.failures()
        let message = try #require(stale.first?.message)
        #expect(stale.count == 1)
        #expect(message.contains("('Allocations Table'), which is not attached to the dashboard"), "\(message)")
        #expect(message.contains("chart id 424242 ('Gone'), which no longer exists"), "\(message)")
    }

    @Test("a dataset on another Superset database or schema fails naming both")
    func database() async throws {
        let failures = try await report { fake, changed in
            let original = fake.datasets[3]![0]
            fake.datasets[3] = [SupersetDataset(id: original.id, tableName: original.tableName, sql: original.sql, databaseID: 7,
                                                databaseName: "Tenant B", schema: "other")]
            changed.environments[0].supersetSchema = "public"
            for id in fake.datasets.keys where id != 3 {
                let dataset = fake.datasets[id]![0]
                fake.datasets[id] = [SupersetDataset(id: dataset.id, tableName: dataset.tableName, sql: dataset.sql, databaseID: 1,
                                                     databaseName: dataset.databaseName, schema: "public")]
            }
        }.failures()
        let failure = try #require(failures.first)
        #expect(failures.map(\.place) == [CheckPlace("powerfill-trade-recap", .database)])
        #expect(failure.expected == .place(database: "PowerFill Local", schema: "public") && failure.actual == .place(database: "Tenant B", schema: "other")
                && failure.expected?.description == "'PowerFill Local', schema 'public'" && failure.actual?.description == "'Tenant B', schema 'other'")
        #expect(failure.message.contains("runs on Superset database 'Tenant B' (id 7), expected 'PowerFill Local'"))
        #expect(failure.message.contains("uses schema 'other', expected 'public'"))
    }

    @Test("a pinned id must carry the slug, and the slug must lead to the pinned id")
    func identity() async throws {
        // staging pins ids 13…20; the fake answers both the id and the slug.
        let clean = try await report("staging") { _, _ in }
        #expect(clean.failures().isEmpty)
        #expect(clean.results.filter { $0.check == .identity && $0.outcome == .passed }.count == 8)

        let forked = try await report("staging") { fake, _ in
            let old = fake.dashboards["13"]!
            fake.dashboards["13"] = SupersetDashboard(id: old.id, title: old.title, slug: "powerfill-run-overview-old", jsonMetadata: old.jsonMetadata)
            fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: 77, title: old.title, slug: old.slug, jsonMetadata: old.jsonMetadata)
        }.failures()
        let failure = try #require(forked.first)
        #expect(forked.map(\.place) == [CheckPlace("powerfill-run-overview", .identity)])
        #expect(failure.message.contains("has slug 'powerfill-run-overview-old', expected 'powerfill-run-overview'"))
        #expect(failure.message.contains("slug 'powerfill-run-overview' leads to dashboard id 77"))

        let gone = try await report("staging") { fake, _ in fake.dashboards["powerfill-run-overview"] = nil }.failures()
        #expect(gone.first?.message.contains("no dashboard has slug 'powerfill-run-overview'") == true)
    }

    @Test("published: checked when the expectations ask; a draft is named")
    func published() async throws {
        let draft = try await report { fake, changed in
            changed.dashboards[0].published = true
            let info = fake.dashboards["powerfill-run-overview"]!
            fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: info.id, title: info.title, slug: info.slug,
                                                                          jsonMetadata: info.jsonMetadata, published: false)
        }
        let failure = try #require(draft.failures().first)
        #expect(draft.failures().count == 1 && failure.check == .published && failure.actual == .state(.draft))
        #expect(draft.results.filter { $0.check == .published }.count == 1, "only where the expectations ask")
    }

    @Test("default native filters are shown with the dashboard, and with a chart that renders nothing")
    func defaultFilters() async throws {
        let metadata = #"{"cross_filters_enabled": true, "native_filter_configuration": [{"id": "NATIVE_FILTER-1", "name": "Status", "filterType": "filter_select", "targets": [{"datasetId": 1, "column": {"name": "status"}}], "defaultDataMask": {"filterState": {"value": ["Complete"]}}}, {"id": "NATIVE_FILTER-2", "name": "Empty", "defaultDataMask": {"filterState": {"value": null}}}]}"#
        let report = try await report { fake, _ in
            let info = fake.dashboards["powerfill-run-overview"]!
            fake.dashboards["powerfill-run-overview"] = SupersetDashboard(id: info.id, title: info.title, slug: info.slug, jsonMetadata: metadata)
            fake.renderRows[runsTable(fake)] = 0
        }
        let dashboard = try #require(report.results.first { $0.slug == "powerfill-run-overview" && $0.check == .dashboard })
        #expect(dashboard.detail == "default native filters: Status (status) = ['Complete']")
        #expect(ConsoleReport.render(report).contains("DEFAULT NATIVE FILTERS (what a viewer sees first)\n  PowerFill: Run Overview (Hub): default native filters: Status (status) = ['Complete']"))
        let chart = try #require(report.failures().first)
        #expect(chart.message.contains("dashboard default filters: Status (status) = ['Complete']"), "\(chart.message)")
    }

    @Test("the environment's viewer: a dashboard they cannot open, a chart they see fewer rows of, and one they cannot render are each failed naming the viewer")
    func viewerLogin() async throws {
        var expectations = Sample.expectations
        expectations.dashboards = Array(expectations.dashboards.prefix(2))
        let gate = FakeSuperset.matching(expectations, environment: "local")
        let run = { (viewerSide: FakeSuperset) async throws -> GateReport in
            var targets = GateTargets(superset: gate)
            targets.viewer = Viewer(name: "gate_viewer", superset: viewerSide)
            return try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(arms: [.superset]))
        }
        let same = try await run(gate)
        #expect(same.failures().isEmpty, "\(same.failures().map(\.message))")
        #expect(same.results.filter { $0.check.family == ViewerCheck.family }.count == 2 + expectations.dashboards.map(\.charts.count).reduce(0, +))

        var hidden = gate
        let runs = try #require(gate.charts[1]?.first)
        hidden.renderRows[runs.id] = 0
        let second = try #require(gate.charts[1]?.dropFirst().first)
        hidden.renderFailures[second.id] = ProbeFailure(message: "Superset answered HTTP 403 at /api/v1/chart/\(second.id)/data/: Forbidden", code: .httpStatus(403))
        let other = try #require(gate.dashboards.values.first { $0.id == 2 })
        hidden.dashboards[other.slug ?? ""] = nil
        let report = try await run(hidden)
        let failures = report.failures().filter { $0.check.family == ViewerCheck.family }
        #expect(failures.count == 3, "\(failures.map(\.message))")
        #expect(failures.contains { $0.check.chart == runs.name && $0.message.contains("the viewer 'gate_viewer' on chart '\(runs.name)' sees 0 rows, the gate's login 1") })
        #expect(failures.contains { $0.check.chart == second.name && $0.message.contains("cannot render chart '\(second.name)'") && $0.message.contains("HTTP 403") })
        #expect(failures.contains { $0.check.chart == nil && $0.slug == other.slug && $0.message.contains("the viewer 'gate_viewer' cannot open the dashboard") })
        #expect(report.failures().allSatisfy { $0.check.family == ViewerCheck.family }, "only the viewer's checks")
        #expect(failures.allSatisfy { $0.message.contains("no row-level-security rule on its dataset applies to the viewer's roles (Gamma)") },
                "\(failures.map(\.message))")

        // The rules that filter the viewer's roles on the dashboard's dataset are named; others are not.
        var ruled = gate
        ruled.rlsRules = [SupersetRLSRule(name: "hide all", filterType: "Regular", clause: "1 = 0", roles: ["Gamma"], datasetIDs: [1]),
                          SupersetRLSRule(name: "other dataset", filterType: "Regular", clause: "1 = 0", roles: ["Gamma"], datasetIDs: [2]),
                          SupersetRLSRule(name: "other role", filterType: "Regular", clause: "1 = 0", roles: ["Alpha"], datasetIDs: [1]),
                          SupersetRLSRule(name: "everyone but Admin", filterType: "Base", clause: "tenant_id = 'T1'", roles: ["Admin"], datasetIDs: [1])]
        let named = try await { () async throws -> GateReport in
            var targets = GateTargets(superset: ruled)
            targets.viewer = Viewer(name: "gate_viewer", superset: hidden)
            return try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(arms: [.superset]))
        }()
        let rows = try #require(named.failures().first { $0.check.chart == runs.name })
        #expect(rows.message.hasSuffix("row-level security on its dataset for the viewer's roles (Gamma): 'hide all' (Regular, roles Gamma: 1 = 0), "
                                       + "'everyone but Admin' (Base, roles Admin: tenant_id = 'T1')"), "\(rows.message)")

        // A login that may not read the rules says so.
        var refused = gate
        refused.rlsFailure = ProbeFailure(message: "Superset answered HTTP 403 at /api/v1/rowlevelsecurity/: Forbidden", code: .httpStatus(403))
        var targets = GateTargets(superset: refused)
        targets.viewer = Viewer(name: "gate_viewer", superset: hidden)
        let unread = try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(arms: [.superset]))
        #expect(unread.failures().allSatisfy { $0.message.contains("the gate's login could not read the row-level-security rules (an administrator's may): Superset answered HTTP 403") })

        // Roles the viewer may not read (Superset 5.0 refuses /api/v1/me/roles/ to a token): every rule on the dataset
        // is still named, saying the roles are unknown.
        var roleless = hidden
        roleless.rolesFailure = ProbeFailure(message: "Superset answered HTTP 401 at /api/v1/me/roles/", code: .httpStatus(401))
        var unknown = GateTargets(superset: ruled)
        unknown.viewer = Viewer(name: "gate_viewer", superset: roleless)
        let guessed = try await Gate.run(expectations, environment: "local", targets: unknown, options: GateOptions(arms: [.superset]))
        let message = try #require(guessed.failures().first { $0.check.chart == runs.name }).message
        #expect(message.contains("for the viewer, whose roles could not be read (Superset answered HTTP 401 at /api/v1/me/roles/")
                && message.contains("'hide all'") && message.contains("'other role'") && !message.contains("'other dataset'"), "\(message)")
    }

    @Test("viewer: a viewer meant to see less (rows and value by design) passes; seeing other than that fails naming what the expectations say")
    func viewerExpectations() async throws {
        var expectations = Sample.expectations
        expectations.dashboards = Array(expectations.dashboards.prefix(1))
        let gate = FakeSuperset.matching(expectations, environment: "local")
        let runs = try #require(gate.charts[1]?.first)
        var hidden = gate
        hidden.renderRows[runs.id] = 0
        let run = { (expectations: Expectations) async throws -> GateReport in
            var targets = GateTargets(superset: gate)
            targets.viewer = Viewer(name: "gate_viewer", superset: hidden)
            return try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(arms: [.superset]))
        }
        // Without a viewer expectation the viewer seeing 0 rows fails; with viewer: {rows: {local: 0}} it is by design.
        #expect(try await run(expectations).failures().contains { $0.check.chart == runs.name })
        var byDesign = expectations
        let index = try #require(byDesign.dashboards[0].charts.firstIndex { $0.name == runs.name })
        byDesign.dashboards[0].charts[index].viewer = ViewerExpectation(rows: ["local": .exact(0)])
        let passed = try await run(byDesign)
        #expect(passed.failures().isEmpty, "\(passed.failures().map(\.message))")
        #expect(passed.results.first { $0.check == CheckKind(family: ViewerCheck.family, chart: runs.name) }?.expected == .rows(.exact(0)))

        // A dashboard's viewer rows apply to each chart without its own: here every other chart renders 1 row, not 0.
        var dashboardWide = expectations
        dashboardWide.dashboards[0].viewer = ViewerExpectation(rows: ["local": .exact(0)])
        let failures = try await run(dashboardWide).failures()
        #expect(!failures.isEmpty && failures.allSatisfy { $0.check.chart != runs.name && $0.message.contains("sees 1 rows, expected 0 for the viewer") },
                "\(failures.map(\.message))")
    }

    @Test("viewer: in the file: rows on a chart or a dashboard, value or values on a chart; nothing given or an unknown key is refused at its line")
    func viewerKeysLoad() throws {
        let yaml = """
            version: 1
            environments: {local: {}}
            dashboards:
              - slug: a
                title: A
                query: q.sql
                rows: {local: 11}
                viewer: {rows: {local: {min: 1}}}
                charts:
                  - {name: KPI, viz: big_number_total, viewer: {rows: {local: 1}, value: {local: 0}}}
                  - {name: Table, viz: table}
            """
        let loaded = try ExpectationsLoader.parse(yaml, file: "e.yaml") { _ in "SELECT 1 AS x" }
        let planned = try #require(try GatePlan(loaded, environment: "local", options: GateOptions()).dashboards.first)
        #expect(planned.charts.map(\.viewerRows) == [.exact(1), .range(min: 1, max: nil)])
        #expect(planned.charts.map(\.viewerValue) == [.single(.exact(0, scale: 0)), nil])
        expectLoadError(yaml.replacingOccurrences(of: "viewer: {rows: {local: 1}, value: {local: 0}}", with: "viewer: {}"),
                        "gives nothing the viewer sees", at: "e.yaml:10")
        expectLoadError(yaml.replacingOccurrences(of: "viewer: {rows: {local: {min: 1}}}", with: "viewer: {value: {local: 1}}"),
                        "value", at: "e.yaml:8")
    }
}
