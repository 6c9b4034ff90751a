import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// A data state of the local stack, with its scratch copy that scenario tests mutate through Superset's API.
struct DataState: Sendable, CustomTestStringConvertible {
    let name: String
    /// The environment in expectations.yaml.
    let environment: String
    /// The scratch copy's slug and title suffixes (ci/superset-deploy --scratch deploys and restores it).
    let slugSuffix: String
    let titleSuffix: String
    /// Another Superset database registered in the stack, for moving a dataset onto.
    let otherDatabase: String

    var testDescription: String { name }

    static let postFix = DataState(name: "post-fix data", environment: "local", slugSuffix: "-scratch", titleSuffix: " (scratch)",
                                   otherDatabase: "PowerFill Local pre-fix")
    static let populated = DataState(name: "populated data", environment: "local-populated", slugSuffix: "-populated-scratch",
                                     titleSuffix: " (populated scratch)", otherDatabase: "PowerFill Local")
    static let all = [postFix, populated]

    /// The scratch slug of a dashboard.
    func slug(_ base: String) -> String { base + slugSuffix }

    /// The repository's expectations, this state's environment pointed at its scratch copy.
    /// The viewer's renders are left out unless `viewer` (they double the chart renders; only the viewer's own
    /// scenarios need them).
    func plan(arms: Set<Arm>, pinning ids: [String: Int] = [:], skipping checks: Set<String> = [], viewer: Bool = false,
              adjusting adjust: (inout EnvironmentSpec) -> Void = { _ in }) throws -> GatePlan {
        var expectations = try Expectations.repository()
        let index = try #require(expectations.environments.firstIndex { $0.name == environment })
        expectations.environments[index].slugSuffix = slugSuffix
        expectations.environments[index].titleSuffix = titleSuffix
        adjust(&expectations.environments[index])
        for (slug, id) in ids {
            let dashboard = try #require(expectations.dashboards.firstIndex { $0.slug == slug })
            expectations.dashboards[dashboard].ids[environment] = id
        }
        var options = GateOptions(arms: arms)
        options.skippedChecks = checks.union(viewer ? [] : [ViewerCheck.family.code])
        return try GatePlan(expectations, environment: environment, options: options)
    }

    /// The real gate, real targets from the environment's variables, against the scratch copy.
    func runGate(arms: Set<Arm>, pinning ids: [String: Int] = [:], skipping checks: Set<String> = [], viewer: Bool = false) async throws -> GateReport {
        let plan = try plan(arms: arms, pinning: ids, skipping: checks, viewer: viewer)
        return await Gate.run(plan, targets: try TargetFactory.targets(for: plan))
    }
}

/// Deploy defects a viewer would see, on the real stack, under post-fix and populated data: each fails by
/// name with what differs, nothing else fails, and the restored deploy passes again.
extension ScenarioTests {
    @Test("a chart filtered to nothing, a dataset on another database, a chart missing from the layout (a warning), a stale layout entry, a chart without a saved query and a clause hidden behind a CR are each named; restored, the gate passes",
          arguments: DataState.all)
    func viewerDefects(_ state: DataState) async throws {
        let slug = state.slug
        try await script("superset-deploy", ["--scratch"])
        let clean = try await state.runGate(arms: [.superset, .db])
        #expect(clean.failures().isEmpty, "no false alarm on a clean deploy: \(clean.failures().map(\.message))")
        do {
            try await script("superset-scenario", ["filter-query", slug("powerfill-run-overview"), "Runs Table", "1 = 0"])
            try await script("superset-scenario", ["move-dataset", slug("powerfill-allocation-guide"), state.otherDatabase])
            try await script("superset-scenario", ["unlayout", slug("powerfill-trade-recap"), "Trade Table"])
            try await script("superset-scenario", ["layout-chart", slug("powerfill-pool-switching"), "999999"])
            try await script("superset-scenario", ["drop-query-context", slug("powerfill-pool-candidates"), "By Product"])
            let sql = try String(contentsOfFile: Repo.path("Fixtures/queries/44_pfill_cash_trade_slotting.sql"), encoding: .utf8)
            try await script("superset-scenario", ["set-sql", slug("powerfill-cash-trade-slotting")], input: sql + " -- reviewed\rWHERE 1 = 0\n")

            let report = try await state.runGate(arms: [.superset, .db])
            #expect(report.exitCode == 1)
            let failures = report.failures()
            func failure(_ base: String, _ check: CheckKind) -> CheckResult? {
                failures.first { $0.slug == slug(base) && $0.check == check }
            }
            let filtered = try #require(failure("powerfill-run-overview", .chart("Runs Table")))
            #expect(filtered.message.contains("WHERE (1 = 0)"), "the failure shows the saved query's filter: \(filtered.message)")
            #expect(filtered.actual == .renderedChart(viz: "table", render: .rows(0)))
            let moved = try #require(failure("powerfill-allocation-guide", .database))
            #expect(moved.actual == .place(database: state.otherDatabase, schema: nil) && moved.message.contains("expected \(moved.expected?.description ?? "-")"))
            // Superset appends an attached chart its layout lacks: reported as a warning, not failed.
            let hidden = try #require(report.results.first { $0.slug == slug("powerfill-trade-recap") && $0.check == .layout })
            #expect(hidden.outcome == .warning && hidden.message.contains("'Trade Table'") && hidden.message.contains("not in the layout"))
            let stale = try #require(failure("powerfill-pool-switching", .layout))
            #expect(stale.message.contains("chart id 999999") && stale.message.contains("no longer exists"))
            let unsaved = try #require(failure("powerfill-pool-candidates", .chart("By Product")))
            #expect(unsaved.message.contains("has no saved query context") && unsaved.message.contains("save it again"))
            let drift = try #require(failure("powerfill-cash-trade-slotting", .sqlDrift))
            #expect(drift.detail?.contains("WHERE 1 = 0") == true, "the clause after the CR-ended comment is code: \(drift.detail ?? "")")

            var expected: Set<CheckPlace> = [
                CheckPlace(slug("powerfill-run-overview"), .chart("Runs Table")),
                // The saved queries edited apart from their charts' params differ from the bundle's.
                CheckPlace(slug("powerfill-run-overview"), CheckKind(family: DefinitionCheck.family, chart: "Runs Table")),
                CheckPlace(slug("powerfill-pool-candidates"), CheckKind(family: DefinitionCheck.family, chart: "By Product")),
                CheckPlace(slug("powerfill-allocation-guide"), .database),
                CheckPlace(slug("powerfill-pool-switching"), .layout),
                CheckPlace(slug("powerfill-pool-candidates"), .chart("By Product")),
                CheckPlace(slug("powerfill-cash-trade-slotting"), .sqlDrift),
            ]
            if state.environment == DataState.postFix.environment {
                #expect(filtered.message.contains("renders no rows although its dataset has 11"))
                // Both databases hold 0 rows here: the counts agree, and the agreement says where each arm counted.
                let agreement = try #require(report.results.first { $0.slug == slug("powerfill-allocation-guide") && $0.arm == .agreement })
                #expect(agreement.outcome == .passed && agreement.detail?.contains("'\(state.otherDatabase)'") == true)
            } else {
                #expect(filtered.message.contains("renders 0 rows, expected 12"))
                // Populated data: the emptied and moved datasets also lose their rows, in every chart and count.
                expected.formUnion([
                    CheckPlace(slug("powerfill-allocation-guide"), .rows),
                    CheckPlace(slug("powerfill-allocation-guide"), .agreement),
                    CheckPlace(slug("powerfill-allocation-guide"), .chart("Allocations Table")),
                    CheckPlace(slug("powerfill-allocation-guide"), .chart("Kickouts Table")),
                    CheckPlace(slug("powerfill-allocation-guide"), .chart("Allocations vs Kickouts")),
                    CheckPlace(slug("powerfill-allocation-guide"), .chart("Loan Amount by Type")),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), .rows),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), .agreement),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), .chart("Map Table")),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), .chart("By Investor Instrument")),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), .chart("Grid Type Distribution")),
                    // What a viewer reads there, from the other side: the pinned values are gone with the rows.
                    CheckPlace(slug("powerfill-allocation-guide"), CheckKind(family: ValueCheck.family, chart: "Loan Amount by Type")),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), CheckKind(family: ValueCheck.family, chart: "Grid Type Distribution")),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), CheckKind(family: ValueCheck.family, chart: "Total Mappings KPI")),
                    // And the arms' rows differ: all of them, Superset having none.
                    CheckPlace(slug("powerfill-allocation-guide"), .content),
                    CheckPlace(slug("powerfill-cash-trade-slotting"), .content),
                ])
                let content = try #require(failure("powerfill-allocation-guide", .content))
                #expect(content.message.contains("(552 rows in the database, 0 in Superset); 552 row(s) only in the database, 0 only in Superset"), "\(content.message)")
                let agreement = try #require(failure("powerfill-allocation-guide", .agreement))
                #expect(agreement.message.contains("Superset counted 0 rows but the database counted 552"))
                #expect(agreement.message.contains("'\(state.otherDatabase)'"))
            }
            #expect(failures.count == expected.count && Set(failures.map(\.place)) == expected,
                    "nothing else may fail; unexpected: \(Set(failures.map(\.place)).subtracting(expected)), missed: \(expected.subtracting(failures.map(\.place)))")
        } catch {
            _ = try? await script("superset-deploy", ["--scratch"])
            throw error
        }
        try await script("superset-deploy", ["--scratch"])
        let restored = try await state.runGate(arms: [.superset, .db])
        #expect(restored.failures().isEmpty, "restored: \(restored.failures().map(\.message))")
    }

    @Test("a pinned id whose slug a redeploy gave to a new dashboard fails naming both dashboards; undone, it passes",
          arguments: DataState.all)
    func forkedSlug(_ state: DataState) async throws {
        let slug = state.slug("powerfill-run-overview")
        try await script("superset-deploy", ["--scratch"])
        let pinned = try await superset().dashboard(slug).id
        let ids = ["powerfill-run-overview": pinned]
        let before = try await state.runGate(arms: [.superset], pinning: ids)
        #expect(before.failures().isEmpty, "\(before.failures().map(\.message))")
        #expect(before.results.contains { $0.slug == slug && $0.check == .identity && $0.outcome == .passed })
        do {
            try await script("superset-scenario", ["fork-slug", slug])
            let report = try await state.runGate(arms: [.superset], pinning: ids)
            let failures = report.failures()
            #expect(failures.map(\.place) == [CheckPlace(slug, .identity)], "\(failures.map(\.message))")
            let identity = try #require(failures.first)
            #expect(identity.message.contains("dashboard id \(pinned)") && identity.message.contains("has slug '\(slug.dropLast("-scratch".count))-old-scratch'"))
            #expect(identity.message.contains("slug '\(slug)' leads to dashboard id") && identity.message.contains("pins id \(pinned)"))
        } catch {
            _ = try? await script("superset-scenario", ["unfork-slug", slug])
            throw error
        }
        try await script("superset-scenario", ["unfork-slug", slug])
        #expect(try await state.runGate(arms: [.superset], pinning: ids).failures().isEmpty, "undone")
    }
}
