import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The environment's viewer on the real stack (`local` by user and password, `local-populated` by API key): what the
/// gate's administrator login sees is not what a viewer's role sees.
extension ScenarioTests {
    @Test("a row-level-security rule 1 = 0 on Run Overview's dataset for the viewer's role: every other check passes, the viewer check fails naming the viewer, the chart and both counts; removed, the gate passes",
          arguments: DataState.all)
    func rowLevelSecurity(_ state: DataState) async throws {
        let overview = state.slug("powerfill-run-overview")
        let viewer = state.environment == "local" ? "gate_viewer" : "the API key in GATE_SUPERSET_VIEWER_API_KEY"
        let rows = state.environment == "local" ? 11 : 12
        let restored = try await onScratch(state, viewer: true) {
            try await script("superset-scenario", ["drop-rls", overview])
            do {
                try await script("superset-scenario", ["add-rls", overview, "PowerFill Viewer", "1 = 0"])
                let report = try await state.runGate(arms: [.superset], viewer: true)
                let failures = report.failures()
                #expect(failures.allSatisfy { $0.check.family == ViewerCheck.family && $0.slug == overview }, "only the viewer's: \(failures.map(\.message))")
                let runs = try #require(failures.first { $0.check.chart == "Runs Table" })
                #expect(runs.message.contains("the viewer '\(viewer)' on chart 'Runs Table' sees 0 rows, the gate's login \(rows)"), "\(runs.message)")
                #expect(runs.expected == .count(rows) && runs.actual == .count(0))
                // The gate's administrator login names the rule and the role it filters.
                #expect(runs.message.hasSuffix("row-level security on its dataset for the viewer's roles (PowerFill Viewer): "
                                               + "'gate-scenario \(overview)' (Regular, roles PowerFill Viewer: 1 = 0)"), "\(runs.message)")
                let kpi = try #require(failures.first { $0.check.chart == "Latest Run KPIs" })
                #expect(kpi.message.contains("reads null, the gate's login 515"), "\(kpi.message)")
                #expect(failures.contains { $0.check.chart == "Status Distribution" })
                // The same scratch dashboards' other viewer checks pass: the rule is on this dataset only.
                #expect(report.results.filter { $0.check.family == ViewerCheck.family && $0.outcome == .passed }.count > 20)
            } catch {
                _ = try? await script("superset-scenario", ["drop-rls", overview])
                throw error
            }
            try await script("superset-scenario", ["drop-rls", overview])
        }
        #expect(restored.failures().isEmpty, "\(restored.failures().map(\.message))")
        #expect(restored.results.filter { $0.check.family == ViewerCheck.family }.count == 33, "8 dashboards and 25 charts as the viewer")
    }
}
