import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The gate itself as Swift Testing suites, for CI after a deploy: `GATE_ENV=staging swift test`.
/// One gate run is shared by every case; each case asserts its own checks, so a failure names
/// the dashboard or chart. Without GATE_ENV the suites are disabled with a stated reason.
enum LiveGate {
    static let environment = Env.gateEnvironment
    static let expectations: Expectations? = try? Expectations.repository()
    static var dashboards: [String] { expectations?.dashboards.map(\.slug) ?? [] }
    static var charts: [ChartCase] {
        expectations?.dashboards.flatMap { dashboard in dashboard.charts.map { ChartCase(slug: dashboard.slug, name: $0.name) } } ?? []
    }
    static let disabledReason: Comment = "set GATE_ENV (e.g. GATE_ENV=local, or staging with its variables) to run the gate arms against a deployed stack"

    static let report = Task<GateReport, any Error> {
        guard let environment else { throw ProbeFailure(message: "GATE_ENV is not set") }
        return try await Gate.run(expectationsPath: Repo.expectationsPath, environment: environment, options: GateOptions())
    }

    static func results(_ arm: Arm, slug: String?, where include: (CheckResult) -> Bool = { _ in true }) async throws -> [CheckResult] {
        let report = try await report.value
        let armError = report.results.first { $0.arm == arm && $0.check == .arm && $0.outcome != .passed }
        #expect(armError == nil, "\(arm.title) arm could not run: \(armError?.message ?? "")")
        return report.results.filter { $0.arm == arm && $0.slug == slug && include($0) }
    }

    static func expectPassed(_ results: [CheckResult], _ what: String) {
        #expect(!results.isEmpty, "no checks ran for \(what)")
        // A warning (a dashboard whose level is warn) is reported in the gate's output, not failed here.
        for result in results {
            #expect(result.outcome == .passed || result.outcome == .warning, "\(what) · \(result.check): expected \(result.expected?.description ?? "-"), actual \(result.actual?.description ?? "-") — \(result.message)")
        }
    }
}

struct ChartCase: Sendable, CustomTestStringConvertible {
    let slug: String
    let name: String
    var testDescription: String { "\(slug) · \(name)" }
}

@Suite("Arm (a): sentinel", .enabled(if: LiveGate.environment != nil, LiveGate.disabledReason))
struct SentinelArmSuite {
    @Test("the API reports the expected build")
    func status() async throws {
        LiveGate.expectPassed(try await LiveGate.results(.sentinel, slug: nil), "sentinel")
    }
}

@Suite("Arm (b): Superset render", .enabled(if: LiveGate.environment != nil, LiveGate.disabledReason))
struct SupersetArmSuite {
    @Test("dashboard exists, cross filters on, no extra charts, rows through Superset's engine, no SQL drift, deployed SQL lints clean",
          arguments: LiveGate.dashboards)
    func dashboard(_ slug: String) async throws {
        LiveGate.expectPassed(try await LiveGate.results(.superset, slug: slug) { $0.check.chartName == nil }, slug)
    }

    @Test("chart exists with its type and renders", arguments: LiveGate.charts)
    func chart(_ chart: ChartCase) async throws {
        LiveGate.expectPassed(try await LiveGate.results(.superset, slug: chart.slug) { $0.check == .chart(chart.name) }, chart.testDescription)
    }
}

@Suite("Arm (c): database probe", .enabled(if: LiveGate.environment != nil, LiveGate.disabledReason))
struct DatabaseArmSuite {
    @Test("query lints clean and counts the expected rows straight against the tenant database", arguments: LiveGate.dashboards)
    func dashboard(_ slug: String) async throws {
        LiveGate.expectPassed(try await LiveGate.results(.db, slug: slug), slug)
    }

    @Test("Superset and the database agree on the row count", arguments: LiveGate.dashboards)
    func agreement(_ slug: String) async throws {
        LiveGate.expectPassed(try await LiveGate.results(.agreement, slug: slug), slug)
    }
}

/// Pure: runs without GATE_ENV, so the arm suites can never pass with no cases.
@Suite("Arm suite cases")
struct ArmSuiteCaseTests {
    @Test("the expectations the arm suites are parameterized with load, so the suites cannot pass with no cases")
    func armSuitesHaveCases() {
        #expect(LiveGate.expectations != nil)
        #expect(LiveGate.dashboards.count == 8)
        #expect(LiveGate.charts.count == 25)
    }
}
