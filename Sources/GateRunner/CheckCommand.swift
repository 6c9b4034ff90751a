import ArgumentParser
import Foundation
import GateKit

/// `gate-runner check --env E`: validate without probing (pytest --collect-only, dbt parse, goss validate).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load and validate the expectations, the environment and every variable it reads; list the checks a run would make. Probes nothing.",
        discussion: "Exit 0 valid (the checks listed), 2 a configuration problem (every unset variable named at once, each at its line).")

    @OptionGroup var plan: PlanOptions

    func run() throws {
        var options = GateOptions(arms: plan.arms, only: plan.only)
        plan.apply(to: &options)
        let runs: [PlannedRun]
        do {
            runs = try Gate.check(expectationsPath: plan.expectations, environment: plan.env, options: options)
        } catch {
            printError(String(describing: error))
            throw ExitCode(ExitCodes.configuration)
        }
        var out = "check · environment \(plan.env) · \(plan.expectations): valid, every variable set; nothing probed\n"
        for run in runs {
            out += "\n" + (run.tenant.map { "tenant \($0): " } ?? "") + "\(run.dashboards) dashboards, \(run.charts) charts\n"
            out += run.listing.map { "  \($0)\n" }.joined()
        }
        print(Terminal.safe(out), terminator: "")
    }
}
