import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Content agreement on the real stack: Superset's dataset on another database than the tenant the gate reads, the
/// same count of rows, other rows. The values scratch set (its own database, its own Superset database entry) stands
/// for the other database; the database arm reads the state's own tenant database.
extension ScenarioTests {
    @Test("Superset's dataset on another database with the same count but other rows: only the content check fails, naming the column and the rows; restored, the gate passes",
          arguments: DataState.all)
    func otherRowsSameCount(_ state: DataState) async throws {
        let tenant = state.environment == "local" ? "GATE_ODBC" : "GATE_ODBC_POPULATED"
        let overview = "powerfill-run-overview-values"
        try await Scripts.run("data-scratch", ["values", "up", state.fixture])
        let clean = try await state.runValuesGate(odbc: tenant)
        #expect(clean.failures().isEmpty, "\(clean.failures().map(\.message))")
        let compared = clean.results.filter { $0.check == .content }
        #expect(compared.count == 8 && compared.allSatisfy { $0.outcome == .passed }, "\(compared.map(\.message))")
        // Counted data that can lose something: Run Overview has rows in both states.
        #expect(compared.contains { $0.slug == overview && $0.actual == .content(rows: state.environment == "local" ? 11 : 12, digest: digest($0), arm: .superset) })

        do {
            try await Scripts.run("data-scratch", ["values", "sql"], input: """
                UPDATE pfill_run_history SET triggered_by = 'replica-lag'
                WHERE run_id = (SELECT run_id FROM pfill_run_history ORDER BY started_at DESC, run_id DESC LIMIT 1);
                """)
            let changed = try await state.runValuesGate(odbc: tenant)
            let failures = changed.failures()
            #expect(failures.map(\.check) == [.content] && failures.map(\.slug) == [overview], "only the content check: \(failures.map(\.message))")
            let content = try #require(failures.first)
            #expect(content.message.contains("Superset's rows are not the database's: values differ in triggered_by; 1 row(s) only in the database, 1 only in Superset"),
                    "\(content.message)")
            #expect(content.message.contains("Superset (triggered_by='replica-lag')"), "\(content.message)")
            let counts = try #require(changed.results.first { $0.slug == overview && $0.check == .agreement })
            #expect(counts.outcome == .passed, "the counts agree: \(counts.message)")
        } catch {
            _ = try? await Scripts.run("data-scratch", ["values", "up", state.fixture])
            throw error
        }
        try await Scripts.run("data-scratch", ["values", "up", state.fixture])
        let restored = try await state.runValuesGate(odbc: tenant)
        #expect(restored.failures().isEmpty, "\(restored.failures().map(\.message))")
    }

    private func digest(_ result: CheckResult) -> String {
        if case .content(_, let digest, _)? = result.actual { return digest }
        return ""
    }
}
