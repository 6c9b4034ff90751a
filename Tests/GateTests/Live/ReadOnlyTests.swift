import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Read-only by construction: a data-changing statement, in a query file or deployed in Superset, is never
/// run by the gate, even over a login that could run it. The table is the same afterwards.
extension ScenarioTests {
    /// The owner's login: it may write, so only the gate's own guard stands between a DELETE and the data.
    static var ownerODBC: String? {
        guard let reader = Env.value("GATE_ODBC"), let password = Env.value("GATE_PG_OWNER_PASSWORD") else { return nil }
        return reader.split(separator: ";").map { part -> String in
            let lower = part.lowercased()
            if lower.hasPrefix("uid=") { return "Uid=gate_owner" }
            if lower.hasPrefix("pwd=") { return "Pwd={\(password)}" }
            return String(part)
        }.joined(separator: ";") + ";"
    }

    func runHistoryRows() async throws -> Int {
        let owner = try #require(Self.ownerODBC)
        return try await ODBCDatabase(connectionString: owner, options: ODBCOptions(loginTimeoutSeconds: 15, queryTimeoutSeconds: 30))
            .count("SELECT COUNT(*) FROM pfill_run_history")
    }

    static let deletes = [
        "DELETE FROM pfill_run_history",
        "WITH gone AS (DELETE FROM pfill_run_history RETURNING run_id) SELECT run_id FROM gone",
    ]

    @Test("a DELETE in a query file is never executed by the database arm, even over a login that could", arguments: deletes)
    func readOnlyDatabaseArm(_ sql: String) async throws {
        let before = try await runHistoryRows()
        #expect(before == 11)
        var changed = expectations
        changed.dashboards[0].sql = sql
        let database = ODBCDatabase(connectionString: try #require(Self.ownerODBC), options: ODBCOptions(loginTimeoutSeconds: 15, queryTimeoutSeconds: 30))
        let report = try await Gate.run(changed, environment: "local", targets: GateTargets(database: database),
                                        options: GateOptions(arms: [.db], fetchRows: true, only: ["powerfill-run-overview"]))
        let lint = try #require(report.results.first { $0.check == .lint })
        #expect(lint.outcome == .failed && lint.message.contains("[write-statement]"), "\(lint.message)")
        let rows = try #require(report.results.first { $0.check == .rows })
        #expect(rows.outcome == .skipped && rows.sql == nil, "never wrapped or executed")
        #expect(try await runHistoryRows() == before, "the table is unchanged")
    }

    @Test("a DELETE deployed as a dataset's SQL is never run through Superset: no count, no render; the table is unchanged")
    func readOnlySupersetArm() async throws {
        let slug = "powerfill-run-overview-scratch"
        let before = try await runHistoryRows()
        try await script("superset-deploy", ["--scratch"])
        do {
            try await script("superset-scenario", ["set-sql", slug], input: Self.deletes[1] + "\n")
            let report = try await DataState.postFix.runGate(arms: [.superset])
            let results = report.results.filter { $0.slug == slug }
            let lint = try #require(results.first { $0.check == .sqlLint })
            #expect(lint.outcome == .failed && lint.message.contains("[write-statement]"), "\(lint.message)")
            let rows = try #require(results.first { $0.check == .rows })
            #expect(rows.outcome == .skipped && rows.message.contains("not counted"), "\(rows.message)")
            let charts = results.filter { $0.check.chartName != nil }
            #expect(charts.count == 3 && charts.allSatisfy { $0.outcome == .skipped && $0.actual?.description.hasSuffix("not rendered") == true },
                    "\(charts.map(\.message))")
            #expect(try await runHistoryRows() == before, "the table is unchanged")
        } catch {
            _ = try? await script("superset-deploy", ["--scratch"])
            throw error
        }
        try await script("superset-deploy", ["--scratch"])
    }
}
