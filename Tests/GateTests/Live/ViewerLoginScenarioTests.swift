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

/// A viewer's role losing a dataset, or a dashboard going back to draft: invisible to the gate's administrator login.
/// The scratch viewer (`ci/superset-viewer-scratch`) has a role granting each dataset on its own, so one grant can be
/// taken away without touching the viewer the other suites use.
extension ScenarioTests {
    @Test("the viewer's role loses the Run Overview dataset (the dashboard goes with it) and Allocation Guide goes back to draft: the viewer checks fail naming the viewer and what they got; restored, the gate passes",
          arguments: DataState.all)
    func viewerLosesAccess(_ state: DataState) async throws {
        let credentials = ["GATE_SCRATCH_VIEWER_USER": "gate_viewer_scratch",
                           "GATE_SCRATCH_VIEWER_PASSWORD": "P" + UUID().uuidString.replacingOccurrences(of: "-", with: "")]
        let scratchViewer = { () async throws in
            let finished = try await Processes.run(Repo.path("ci/superset-viewer-scratch"), ["up"], environment: credentials)
            #expect(finished.status == 0, "\(finished.text)")
        }
        let runGate = { () async throws -> GateReport in
            let plan = try state.plan(arms: [.superset], viewer: true) { environment in
                environment.viewerUsernameEnv = "GATE_SCRATCH_VIEWER_USER"
                environment.viewerPasswordEnv = "GATE_SCRATCH_VIEWER_PASSWORD"
                environment.viewerAPIKeyEnv = nil
            }
            let variables = ProcessInfo.processInfo.environment.merging(credentials) { _, scratch in scratch }
            return await Gate.run(plan, targets: try TargetFactory.targets(for: plan, variables: variables))
        }
        let overview = state.slug("powerfill-run-overview"), guide = state.slug("powerfill-allocation-guide")
        let restored = try await onScratch(state) {
            // Granted after the scratch set is deployed: a grant names the dataset as deployed.
            try await scratchViewer()
            let clean = try await runGate()
            #expect(clean.failures().isEmpty, "a grant per dataset sees all the gate sees: \(clean.failures().map(\.message))")
            let revoke = try await Processes.run(Repo.path("ci/superset-viewer-scratch"), ["revoke", overview], environment: credentials)
            #expect(revoke.status == 0, "\(revoke.text)")
            try await script("superset-scenario", ["set-dashboard", guide, #"{"published": false}"#])
            let report = try await runGate()
            let viewerFailures = report.failures().filter { $0.check.family == ViewerCheck.family }
            #expect(Set(viewerFailures.map(\.slug)) == [overview, guide], "\(viewerFailures.map(\.message))")
            for slug in [overview, guide] {
                let dashboard = try #require(viewerFailures.first { $0.slug == slug && $0.check.chart == nil })
                #expect(dashboard.message.contains("the viewer 'gate_viewer_scratch' cannot open the dashboard") && dashboard.actual == .failure(.httpStatus(404)),
                        "\(dashboard.message)")
                #expect(dashboard.message.contains("no row-level-security rule on its dataset applies to the viewer's roles (PowerFill Viewer scratch)"),
                        "\(dashboard.message)")
            }
            // The gate's own login still sees both: only the viewer's checks (and the draft's published field) say so.
            let others = report.failures().filter { $0.check.family != ViewerCheck.family }
            #expect(others.allSatisfy { $0.slug == guide && $0.check.family == DefinitionCheck.family }, "\(others.map(\.message))")
        }
        try await scratchViewer()
        #expect(restored.failures().isEmpty, "\(restored.failures().map(\.message))")
        let again = try await runGate()
        #expect(again.failures().isEmpty, "the grant restored: \(again.failures().map(\.message))")
    }
}
