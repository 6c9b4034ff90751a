import Foundation
import Testing
@testable import GateKit

@Suite("Expectations file", .offPool)
struct ExpectationsTests {
    static let minimal = """
        version: 1
        environments:
          local:
            api_url: http://127.0.0.1:8089
            odbc_connection_string_env: GATE_ODBC
          staging:
            api_url: {env: STAGING_API}
        sentinel: {path: /api/powerfill/status, module: PowerFill, status: phase-8, match: prefix}
        dashboards:
          - slug: one
            title: One
            query: q/one.sql
            rows: {local: 11, staging: {min: 1, max: 20}}
            note: why
            charts:
              - {name: Table, viz: table}
        """

    func parse(_ text: String, queries: [String: String] = ["q/one.sql": "SELECT 1 AS a"]) throws(ConfigurationError) -> Expectations {
        try ExpectationsLoader.parse(text, file: "exp.yaml") { queries[$0] }
    }

    func error(_ text: String, queries: [String: String] = ["q/one.sql": "SELECT 1 AS a"]) -> ConfigurationError? {
        do {
            _ = try parse(text, queries: queries)
            return nil
        } catch {
            return error
        }
    }

    @Test("the repository's expectations describe the PowerFill case: 8 dashboards, 25 charts")
    func repositoryFile() throws {
        let expectations = try Expectations.repository()
        #expect(expectations.dashboards.count == 8)
        #expect(expectations.dashboards.flatMap(\.charts).count == 25)
        #expect(Set(expectations.dashboards.map(\.slug)).count == 8)
        #expect(expectations.environments.map(\.name) == ["local", "local-populated", "local-tenants", "local-history", "staging"])
        #expect(try expectations.environment(named: "local-tenants").tenants.map(\.name) == ["t1", "t2", "t3"])
        // Populated data: every dashboard and every chart has rows to lose.
        #expect(expectations.dashboards.allSatisfy { if case .exact(let rows)? = $0.rows["local-populated"] { rows > 0 } else { false } })
        #expect(expectations.dashboards.flatMap(\.charts).allSatisfy { if case .exact(let rows)? = $0.rows["local-populated"] { rows > 0 } else { false } })
        #expect(expectations.dashboards.map { $0.ids["staging"] } == Array(13...20))
        #expect(expectations.dashboards.map { $0.rows["local"] } == [.exact(11)] + Array(repeating: .exact(0), count: 7))
        #expect(expectations.sentinel == SentinelExpectation(path: "/api/powerfill/status", module: "PowerFill", status: "phase-8-superset-ready", match: .prefix))
        let staging = try expectations.environment(named: "staging")
        #expect(staging.supersetURL == .environment("GATE_STAGING_SUPERSET_URL"), "staging URLs come from the environment")
        #expect(staging.settings.queryTimeoutSeconds == 120)
        let vizTypes = Set(expectations.dashboards.flatMap(\.charts).map(\.viz))
        #expect(vizTypes == ["table", "big_number_total", "pie", "echarts_timeseries_bar", "echarts_timeseries_scatter", "histogram_v2"])
    }

    @Test("every query in the repository passes the lint")
    func repositoryQueriesLintClean() throws {
        for dashboard in try Expectations.repository().dashboards {
            #expect(SQLLint.check(dashboard.sql, file: dashboard.queryPath) == [], "\(dashboard.queryPath)")
        }
    }

    @Test("a valid file loads with ranges, notes and env-sourced URLs")
    func loadsMinimal() throws {
        let expectations = try parse(Self.minimal)
        let dashboard = try #require(expectations.dashboards.first)
        #expect(dashboard.rows["local"] == .exact(11))
        #expect(dashboard.rows["staging"] == .range(min: 1, max: 20))
        #expect(dashboard.note == "why")
        #expect(dashboard.level == .fail, "failing is the default")
        let warned = try parse(Self.minimal.replacingOccurrences(of: "    note: why", with: "    level: warn"))
        #expect(warned.dashboards.first?.level == .warn)
        #expect(dashboard.sql == "SELECT 1 AS a")
        #expect(try expectations.environment(named: "staging").apiURL == .environment("STAGING_API"))
        #expect(expectations.settings == .defaults)
    }

    @Test("viewer expectations load: per-chart rows, published, the environment's Superset database, schema and suffixes")
    func loadsViewerKeys() throws {
        let text = Self.minimal
            .replacingOccurrences(of: "{name: Table, viz: table}", with: "{name: Table, viz: table, rows: {local: 3, staging: {min: 1}}}")
            .replacingOccurrences(of: "    note: why", with: "    note: why\n    published: true")
            .replacingOccurrences(of: "    odbc_connection_string_env: GATE_ODBC", with: """
                    odbc_connection_string_env: GATE_ODBC
                    superset_database: Tenant A
                    superset_schema: dbo
                    slug_suffix: -a
                    title_suffix: " (A)"
                """)
        let expectations = try parse(text)
        let dashboard = try #require(expectations.dashboards.first)
        #expect(dashboard.published == true)
        #expect(dashboard.charts.first?.rows == ["local": .exact(3), "staging": .range(min: 1, max: nil)])
        let local = try expectations.environment(named: "local")
        #expect(local.supersetDatabase == "Tenant A" && local.supersetSchema == "dbo")
        let plan = try GatePlan(expectations, environment: "local", options: GateOptions())
        #expect(plan.dashboards.map(\.slug) == ["one-a"] && plan.dashboards.map(\.title) == ["One (A)"])
        #expect(try parse(Self.minimal).dashboards.first?.published == nil, "published is checked only when given")
    }

    @Test("row expectations accept exactly what they say")
    func rowExpectations() {
        #expect(RowExpectation.exact(0).accepts(0))
        #expect(!RowExpectation.exact(0).accepts(1))
        #expect(RowExpectation.range(min: 1, max: nil).accepts(1000))
        #expect(!RowExpectation.range(min: 1, max: nil).accepts(0))
        #expect(!RowExpectation.range(min: nil, max: 0).accepts(1))
        #expect(RowExpectation.range(min: 500, max: 530).description == "500..530")
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let label: String
        let yaml: String
        let line: Int?
        let fragment: String
        var testDescription: String { label }
    }

    static let badCases: [BadCase] = [
        BadCase(label: "YAML syntax error", yaml: "environments:\n  local: [unclosed\n", line: 3, fragment: "YAML syntax error"),
        BadCase(label: "unknown top-level key", yaml: minimal + "\ndashbords: []\n", line: 17, fragment: "unknown key 'dashbords'"),
        BadCase(label: "unknown dashboard key", yaml: minimal.replacingOccurrences(of: "    note: why", with: "    notes: why"), line: 14, fragment: "unknown key 'notes'"),
        BadCase(label: "rows of the wrong type", yaml: minimal.replacingOccurrences(of: "{local: 11,", with: "{local: eleven,"), line: 13, fragment: "must be a whole number"),
        BadCase(label: "missing query file", yaml: minimal.replacingOccurrences(of: "q/one.sql", with: "q/missing.sql"), line: 12, fragment: "query file 'q/missing.sql'"),
        BadCase(label: "rows for an unknown environment", yaml: minimal.replacingOccurrences(of: "{local: 11,", with: "{prod: 11,"), line: 13, fragment: "unknown environment 'prod'"),
        BadCase(label: "bad level", yaml: minimal.replacingOccurrences(of: "    note: why", with: "    level: maybe"), line: 14, fragment: "level 'maybe'"),
        BadCase(label: "bad match mode", yaml: minimal.replacingOccurrences(of: "match: prefix", with: "match: fuzzy"), line: 8, fragment: "match 'fuzzy'"),
        BadCase(label: "duplicate slug", yaml: minimal + "\n  - {slug: one, title: Again, query: q/one.sql, rows: {local: 1}}\n", line: 17, fragment: "appears twice"),
        BadCase(label: "min above max", yaml: minimal.replacingOccurrences(of: "{min: 1, max: 20}", with: "{min: 30, max: 20}"), line: 13, fragment: "min 30 is above max 20"),
        BadCase(label: "missing rows", yaml: minimal.replacingOccurrences(of: "    rows: {local: 11, staging: {min: 1, max: 20}}\n", with: ""), line: 10, fragment: "needs 'rows'"),
        BadCase(label: "unsupported version", yaml: minimal.replacingOccurrences(of: "version: 1", with: "version: 2"), line: 1, fragment: "version 2"),
        BadCase(label: "empty file", yaml: "", line: 1, fragment: "empty"),
        BadCase(label: "url that is not a URL", yaml: minimal.replacingOccurrences(of: "http://127.0.0.1:8089", with: "not a url"), line: 4, fragment: "is not a URL"),
        BadCase(label: "published that is not a boolean", yaml: minimal.replacingOccurrences(of: "    note: why", with: "    published: maybe"), line: 14, fragment: "published must be true or false, not 'maybe'"),
        BadCase(label: "chart rows for an unknown environment", yaml: minimal.replacingOccurrences(of: "{name: Table, viz: table}", with: "{name: Table, viz: table, rows: {prod: 3}}"), line: 16, fragment: "rows of chart 'Table' names unknown environment 'prod'"),
        BadCase(label: "chart rows of the wrong type", yaml: minimal.replacingOccurrences(of: "{name: Table, viz: table}", with: "{name: Table, viz: table, rows: {local: lots}}"), line: 16, fragment: "must be a whole number"),
        BadCase(label: "unknown chart key", yaml: minimal.replacingOccurrences(of: "{name: Table, viz: table}", with: "{name: Table, viz: table, row: 3}"), line: 16, fragment: "unknown key 'row' in a chart"),
        BadCase(label: "superset_database that is not text", yaml: minimal.replacingOccurrences(of: "    odbc_connection_string_env: GATE_ODBC", with: "    odbc_connection_string_env: GATE_ODBC\n    superset_database: [a, b]"), line: 6, fragment: "superset_database must be a non-empty text value"),
    ]

    @Test("bad input names the file, the line and what is wrong", arguments: badCases)
    func badInput(_ bad: BadCase) throws {
        let failure = try #require(error(bad.yaml))
        #expect(failure.file == "exp.yaml")
        #expect(failure.line == bad.line, "\(failure)")
        #expect(failure.description.contains(bad.fragment), "\(failure)")
        #expect(failure.description.hasPrefix("exp.yaml"))
    }

    @Test("query files saved as UTF-16 with a BOM or UTF-8 with a BOM read as text; other bytes do not")
    func queryEncodings() {
        let sql = "SELECT N'caf\u{e9}' AS a"
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(sql.data(using: .utf16LittleEndian)!)
        #expect(QueryFile.decode(utf16) == sql)
        #expect(QueryFile.decode(Data([0xEF, 0xBB, 0xBF]) + Data(sql.utf8)) == sql)
        #expect(QueryFile.decode(Data([0xC3, 0x28, 0xA0])) == nil)
    }

    @Test("an unknown environment is a configuration error that lists the known ones")
    func unknownEnvironment() throws {
        let expectations = try parse(Self.minimal)
        #expect(throws: ConfigurationError.self) { try expectations.environment(named: "prod") }
        do {
            _ = try expectations.environment(named: "prod")
        } catch {
            #expect(error.description.contains("local, staging"))
        }
    }

    @Test("an unreadable expectations file says so and how to fix it")
    func missingFile() {
        do {
            _ = try ExpectationsLoader.load(path: "/nonexistent/expectations.yaml")
            Issue.record("loading a missing file must fail")
        } catch {
            #expect(error.description.contains("/nonexistent/expectations.yaml"))
            #expect(error.hint?.contains("--expectations") == true)
        }
    }

    @Test("a missing variable or URL for the chosen arms is a configuration error naming it; secrets are not echoed")
    func missingVariables() throws {
        let expectations = try parse(Self.minimal)
        do {
            _ = try TargetFactory.targets(for: try GatePlan(expectations, environment: "staging", options: GateOptions(arms: [.sentinel])), variables: [:])
            Issue.record("a missing STAGING_API must fail")
        } catch {
            #expect(error.description.contains("STAGING_API"))
        }
        do {
            _ = try TargetFactory.targets(for: try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.db])), variables: [:])
            Issue.record("a missing GATE_ODBC must fail")
        } catch {
            #expect(error.description.contains("GATE_ODBC"))
        }
        let targets = try TargetFactory.targets(for: try GatePlan(expectations, environment: "local", options: GateOptions(arms: [.db, .sentinel])), variables: ["GATE_ODBC": "Driver=x;Pwd=s3cret"])
        #expect(targets.database != nil && targets.sentinel != nil && targets.superset == nil)
    }

    @Test("settings: file defaults, then the environment's, then the command line's")
    func settingsLayering() throws {
        let expectations = try Expectations.repository()
        let staging = try expectations.environment(named: "staging")
        let merged = Settings.resolved(file: expectations.settings, environment: staging.settings, flags: SettingsOverride(concurrency: 9))
        #expect(merged.queryTimeoutSeconds == 120)
        #expect(merged.concurrency == 9)
        #expect(merged.loginTimeoutSeconds == 5)
    }

    @Test("an environment logs in with an API key or with a user and password, not both; the key's variable is read, its value never")
    func apiKeyLogin() throws {
        let yaml = """
            version: 1
            environments:
              keyed: {superset_url: "http://127.0.0.1:1", superset_api_key_env: MY_KEY}
            dashboards:
              - {slug: a, title: A, query: a.sql, rows: {keyed: 1}}
            """
        let expectations = try ExpectationsLoader.parse(yaml, file: "e.yaml") { _ in "SELECT 1 AS x" }
        let keyed = try expectations.environment(named: "keyed")
        #expect(keyed.supersetAPIKeyEnv == "MY_KEY" && keyed.supersetUsernameEnv == nil)
        let plan = try GatePlan(expectations, environment: "keyed", options: GateOptions(arms: [.superset]))
        #expect(throws: ConfigurationError.self) { try TargetFactory.targets(for: plan, variables: [:]) }
        #expect(try TargetFactory.targets(for: plan, variables: ["MY_KEY": "sst_secret"]).secrets == ["sst_secret"])
        let both = yaml.replacingOccurrences(of: "superset_api_key_env: MY_KEY}", with: "superset_api_key_env: MY_KEY, superset_password_env: P}")
        expectLoadError(both, "names both superset_api_key_env and a superset user or password", at: "e.yaml:3")
    }
}
