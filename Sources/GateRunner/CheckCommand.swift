import ArgumentParser
import Foundation
import GateKit

/// `gate-runner check --env E`: validate without probing (pytest --collect-only, dbt parse, goss validate).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load and validate the expectations, the environment and every variable it reads; list the checks a run would make. Probes nothing.",
        discussion: "Exit 0 valid (the checks listed), 2 a configuration problem (every unset variable named at once, each at its line).")

    @Option(name: .long, help: "Environment from the expectations file, e.g. local or staging.")
    var env: String

    @Option(name: .long, help: "The expectations file.")
    var expectations: String = "expectations.yaml"

    @Option(name: .long, parsing: .upToNextOption, help: "Arms a run would use: sentinel, superset, db (default: all).",
            transform: ArgumentValues.arms)
    var arm: [Set<Arm>] = []

    @Option(name: .long, help: "Only this dashboard (slug); repeatable.")
    var only: [String] = []

    @Option(name: .long, help: "Only this tenant of the environment (repeatable).")
    var tenant: [String] = []

    @Option(name: .customLong("skip-check"), help: ArgumentHelp("A check a run would switch off (repeatable).", valueName: "check"),
            transform: ArgumentValues.skippableCheck)
    var skipCheck: [String] = []

    func run() throws {
        var options = GateOptions(arms: arm.isEmpty ? Arm.probing : arm.reduce([], { $0.union($1) }), only: only)
        options.tenants = tenant
        options.skippedChecks = Set(skipCheck)
        let runs: [PlannedRun]
        do {
            runs = try Gate.check(expectationsPath: expectations, environment: env, options: options)
        } catch {
            printError(String(describing: error))
            throw ExitCode(ExitCodes.configuration)
        }
        var out = "check · environment \(env) · \(expectations): valid, every variable set; nothing probed\n"
        for run in runs {
            out += "\n" + (run.tenant.map { "tenant \($0): " } ?? "") + "\(run.dashboards) dashboards, \(run.charts) charts\n"
            out += run.listing.map { "  \($0)\n" }.joined()
        }
        print(Terminal.safe(out), terminator: "")
    }
}
