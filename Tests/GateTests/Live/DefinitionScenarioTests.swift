import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// What is deployed is what the repository says, on the real stack: edits made in Superset that change what a viewer
/// gets, each of which passed before the bundle comparison, fail through it naming the asset, the field and both
/// values; a presentation edit warns; redeployed, the scratch set passes with no difference. In the scenario suite,
/// which runs one test at a time: every scenario mutates the same scratch set.
extension ScenarioTests {
    @Test("a row limit of 1, a metric swapped for count, the saved metric doubled, a native filter default: each fails by field; restored, none",
          arguments: DataState.all)
    func definitionEdits(_ state: DataState) async throws {
        let overview = state.slug("powerfill-run-overview")
        try await script("superset-deploy", ["--scratch"])
        do {
            try await script("superset-scenario", ["set-param", overview, "Runs Table", "row_limit", "1"])
            try await script("superset-scenario", ["set-param", overview, "Latest Run KPIs", "metric", #""count""#])
            try await script("superset-scenario", ["set-metric", overview, "count", "COUNT(*) * 2"])
            try await script("superset-scenario", ["add-native-filter", overview, "Status", "status", "Failed"])
            try await script("superset-scenario", ["set-param", overview, "Status Distribution", "color_scheme", #""bnbColors""#])

            let report = try await state.runGate(arms: [.superset])
            let definitions = report.results.filter { $0.check.family == DefinitionCheck.family && $0.outcome != .passed }
            let rowLimit = try #require(definitions.first { $0.check.chart == "Runs Table" })
            #expect(rowLimit.outcome == .failed && rowLimit.slug == overview)
            #expect(rowLimit.message.contains("chart Runs Table · row_limit: repository 1000, deployed 1"), "\(rowLimit.message)")
            let metric = try #require(definitions.first { $0.check.chart == "Latest Run KPIs" })
            #expect(metric.outcome == .failed && metric.message.contains("metric: repository MAX(CASE WHEN is_latest = 1")
                    && metric.message.hasSuffix("AS latest_output_guide_count, deployed count"), "\(metric.message)")
            let dashboard = try #require(definitions.first { $0.check.chart == nil })
            #expect(dashboard.outcome == .failed)
            #expect(dashboard.message.contains("metric count: repository COUNT(*), deployed COUNT(*) * 2"), "\(dashboard.message)")
            #expect(dashboard.message.contains("native filter 'Status' · filter: repository (none), deployed added, default [\"Failed\"]"),
                    "\(dashboard.message)")
            let colours = try #require(definitions.first { $0.check.chart == "Status Distribution" })
            #expect(colours.outcome == .warning && colours.message.contains("color_scheme: repository (none), deployed \"bnbColors\""),
                    "\(colours.message)")
            #expect(definitions.count == 4, "only the edited assets differ: \(definitions.map(\.message))")
            // Only a value check may add to it: the populated set expects the table's 12 rows, and it now shows 1.
            let others = report.failures().filter { $0.check.family != DefinitionCheck.family }
            #expect(others.allSatisfy { $0.check == .chart("Runs Table") && state.environment == "local-populated" }, "\(others.map(\.message))")

            // `gate-runner assets diff` prints the same comparison alone, one line per difference, exit 1.
            let cli = CLITests()
            let text = try Repo.relocatedExpectations()
                // The environment pointed at its scratch copy: local gets suffixes, local-populated's grow.
                .replacingOccurrences(of: "  local:", with: "  local:\n    slug_suffix: -scratch\n    title_suffix: \" (scratch)\"")
                .replacingOccurrences(of: "    slug_suffix: -populated ", with: "    slug_suffix: -populated-scratch ")
                .replacingOccurrences(of: "    title_suffix: \" (populated)\"\n", with: "    title_suffix: \" (populated scratch)\"\n")
            let diff = try await cli.gate(["assets", "diff", "--env", state.environment, "--expectations", try cli.temporary("expectations.yaml", text)])
            #expect(diff.status == 1, "\(diff.output)\(diff.errors)")
            #expect(diff.output.contains("  FAIL chart Runs Table · row_limit: repository 1000, deployed 1\n"), "\(diff.output)")
            #expect(diff.output.contains("  WARN chart Status Distribution · color_scheme: repository (none), deployed \"bnbColors\""), "\(diff.output)")
            #expect(diff.output.hasSuffix("33 definitions compared with \(Repo.root)/assets/powerfill in \(state.environment): 4 differ\n"),
                    "\(diff.output)")
        } catch {
            _ = try? await script("superset-deploy", ["--scratch"])
            throw error
        }
        try await script("superset-deploy", ["--scratch"])
        let restored = try await state.runGate(arms: [.superset])
        #expect(restored.failures().isEmpty && !restored.results.contains { $0.outcome == .warning }, "\(restored.failures().map(\.message))")
        #expect(restored.results.filter { $0.check.family == DefinitionCheck.family }.count == 33, "8 dashboards and 25 charts compared")
    }
}
