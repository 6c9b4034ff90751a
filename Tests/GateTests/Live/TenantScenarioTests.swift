import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Tenants on the real stack: a tenant whose data differs from its expectations fails, named by tenant, and
/// the other tenants still pass.
@Suite("Tenants on the real stack", .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct TenantScenarioTests {
    @Test("tenant t3 (pre-fix data) held to post-fix counts: exactly its Run Overview and Cash Trade Slotting fail, in both arms; t1 and t2 pass")
    func oneTenantDiffers() async throws {
        // Without rows of its own, t3 falls back to the environment's counts: the post-fix ones.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gate-tenants-\(UUID().uuidString).yaml")
        var text = try Repo.relocatedExpectations()
        for count in ["5", "0", "688"] { text = text.replacingOccurrences(of: ", local-tenants/t3: \(count)}", with: "}") }
        #expect(!text.contains("local-tenants/t3"))
        try text.write(to: file, atomically: true, encoding: .utf8)
        let report = try await Gate.run(expectationsPath: file.path, environment: "local-tenants", options: GateOptions(arms: [.db, .superset]))
        let failures = report.failures()
        #expect(Set(failures.map(\.tenant)) == ["t3"], "\(failures.map(\.message))")
        #expect(Set(failures.map { "\($0.arm)|\($0.slug ?? "")|\($0.check)" }) == [
            "db|powerfill-run-overview-prefix|rows", "db|powerfill-cash-trade-slotting-prefix|rows",
            "superset|powerfill-run-overview-prefix|rows", "superset|powerfill-cash-trade-slotting-prefix|rows",
        ])
        #expect(failures.allSatisfy { $0.classname.hasPrefix("gate.t3.") })
        #expect(report.exitCode == 1)
        #expect(report.results.filter { $0.tenant == "t1" || $0.tenant == "t2" }.allSatisfy { $0.outcome == .passed || $0.outcome == .warning })
    }

    @Test("the run deadline bounds the whole run, not each tenant's turn: one at a time under a 1 s deadline, t3 starts after it and both its arms are errors naming it")
    func deadlineSpansTenants() async throws {
        let options = GateOptions(arms: [.db, .superset], settings: SettingsOverride(concurrency: 1, runDeadlineSeconds: 1))
        let report = try await Gate.run(expectationsPath: Repo.expectationsPath, environment: "local-tenants", options: options)
        #expect(Set(report.results.compactMap(\.tenant)) == ["t1", "t2", "t3"], "the report names every tenant")
        // Only the lint of its local query files, which calls nothing, may pass; both arms end before their first call.
        let last = report.results.filter { $0.tenant == "t3" }
        let probing = last.filter { $0.check != .lint }
        #expect(!probing.isEmpty && probing.allSatisfy { $0.outcome == .error || $0.outcome == .skipped }, "\(probing.map { "\($0.check) \($0.outcome) \($0.message)" })")
        let armErrors = last.filter { $0.check == .arm }
        #expect(armErrors.count == 2 && armErrors.allSatisfy { $0.message.contains("the run deadline (1 s)") }, "\(armErrors.map(\.message))")
        #expect(report.exitCode == 3)
        try ReportChecks.expectValid(report)
    }
}
