import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The load stage's plan: which dashboards, for which environment.
@Suite("Gate plan", .offPool)
struct GatePlanTests {
    let expectations = Sample.expectations

    @Test("no dashboards to check is a configuration error, never a pass")
    func nothingToCheck() throws {
        var empty = expectations
        empty.dashboards = []
        #expect(throws: ConfigurationError.self) { try GatePlan.dashboards(empty, environment: "local", only: []) }
        #expect(throws: ConfigurationError.self) { try GatePlan.dashboards(expectations, environment: "local", only: ["nope"]) }
    }

    @Test("a dashboard without rows for the environment is reported with its line")
    func rowsMissingLine() throws {
        var changed = expectations
        changed.dashboards[0].rows["local"] = nil
        do {
            _ = try GatePlan.dashboards(changed, environment: "local", only: [])
            Issue.record("must fail")
        } catch {
            #expect(error.line == expectations.dashboards[0].line)
            #expect(error.line != nil)
        }
    }

    @Test("every settings key is documented in the README with its default")
    func settingsDocumented() throws {
        let readme = try String(contentsOfFile: Repo.path("README.md"), encoding: .utf8)
        for field in SettingsOverride.fields {
            let value = Settings.defaults[keyPath: field.setting]
            #expect(readme.contains("`\(field.key)` (\(value))"), "README lacks `\(field.key)` (\(value))")
        }
    }

    @Test("--wait must leave the run time to check: a wait as long as the run deadline is a configuration error")
    func waitWithinDeadline() throws {
        #expect(throws: ConfigurationError.self) {
            try GatePlan(expectations, environment: "local", options: GateOptions(sentinelWait: .seconds(600)))
        }
        _ = try GatePlan(expectations, environment: "local", options: GateOptions(sentinelWait: .seconds(599)))
    }
}
