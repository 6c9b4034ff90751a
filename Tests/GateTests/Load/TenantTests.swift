import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Tenants: shared dashboard definitions, each tenant its own connection, Superset database and rows.
@Suite("Tenants", .offPool)
struct TenantTests {
    static let yaml = ExpectationsTests.minimal
        .replacingOccurrences(of: "    odbc_connection_string_env: GATE_ODBC\n", with: """
                odbc_connection_string_env: GATE_ODBC
                tenants:
                  acme: {odbc_connection_string_env: ACME_ODBC, superset_database: Acme, slug_suffix: -acme, title_suffix: " (Acme)"}
                  beta: {superset_database: Beta}

            """)
        .replacingOccurrences(of: "rows: {local: 11,", with: "rows: {local: 11, local/acme: 7,")
        .replacingOccurrences(of: "{name: Table, viz: table}", with: "{name: Table, viz: table, rows: {local/beta: 2}}")

    func parse(_ text: String = yaml) throws(ConfigurationError) -> Expectations {
        try ExpectationsLoader.parse(text, file: "exp.yaml") { _ in "SELECT 1 AS a" }
    }

    @Test("tenants load, and a tenant's view overlays its connection, database, suffixes and rows on the environment's")
    func overlay() throws {
        let expectations = try parse()
        let local = try expectations.environment(named: "local")
        #expect(local.tenants.map(\.name) == ["acme", "beta"])
        let acme = try GatePlan(expectations, environment: local, tenant: local.tenants[0], options: GateOptions())
        let spec = acme.environment
        #expect(spec.odbcConnectionStringEnv == "ACME_ODBC" && spec.supersetDatabase == "Acme" && spec.slugSuffix == "-acme")
        #expect(acme.dashboards[0].rows == .exact(7), "the tenant's own rows")
        let beta = try GatePlan(expectations, environment: local, tenant: local.tenants[1], options: GateOptions())
        #expect(beta.environment.odbcConnectionStringEnv == "GATE_ODBC", "unset fields keep the environment's")
        #expect(beta.dashboards[0].rows == .exact(11), "no rows of its own: the environment's")
        #expect(beta.dashboards[0].charts[0].rows == .exact(2))
        #expect(acme.dashboards.map(\.slug) == ["one-acme"] && acme.dashboards.map(\.title) == ["One (Acme)"])
    }

    @Test("tenant names are checked: rows of an unknown tenant, a --tenant the environment lacks")
    func unknownTenants() throws {
        #expect(throws: ConfigurationError.self) { try parse(Self.yaml.replacingOccurrences(of: "local/acme: 7", with: "local/gamma: 7")) }
        let expectations = try parse()
        let local = try expectations.environment(named: "local")
        #expect(try expectations.tenants(of: local, named: ["beta"]).map(\.name) == ["beta"])
        #expect(throws: ConfigurationError.self) { try expectations.tenants(of: local, named: ["gamma"]) }
        #expect(throws: ConfigurationError.self) { try expectations.tenants(of: try expectations.environment(named: "staging"), named: ["acme"]) }
    }

    @Test("a tenant's checks carry it: JUnit classname gate.<tenant>.<arm>.<slug>, a unique name, the console row")
    func tagged() {
        var result = CheckResult(arm: .db, slug: "one-acme", dashboard: "One (Acme)", check: .rows, outcome: .failed, expected: .rows(.exact(7)), actual: .count(8))
        result.tenant = "acme"
        #expect(result.classname == "gate.acme.db.one-acme")
        #expect(JUnitReport.testName(result) == "acme one-acme rows [db]")
        let console = ConsoleReport.render(GateReport(environment: "local", startedAt: Date(), seconds: 1, results: [result]))
        #expect(console.contains("[acme] One (Acme)") && console.contains("FAIL tenant acme · database · One (Acme) · rows"))
    }
}
