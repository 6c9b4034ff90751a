import ArgumentParser
import GateKit

/// What `run` and `check` plan from: the environment, the expectations file, the arms, dashboards and tenants, and the
/// checks switched off.
struct PlanOptions: ParsableArguments {
    @Option(name: .long, help: "Environment from the expectations file, e.g. local or staging.")
    var env: String

    @Option(name: .long, help: "The expectations file.")
    var expectations: String = "expectations.yaml"

    @Option(name: .long, parsing: .upToNextOption, help: "Arms to run: sentinel, superset, db (default: all).",
            transform: ArgumentValues.arms)
    var arm: [Set<Arm>] = []

    @Option(name: .long, help: "Check only this dashboard (slug); repeatable.")
    var only: [String] = []

    @Option(name: .long, help: "Only this tenant of the environment (repeatable); default: all its tenants.")
    var tenant: [String] = []

    @Option(name: .customLong("skip-check"), help: ArgumentHelp("Switch a check off for this run (repeatable): "
        + CheckRegistry.skippable.map(\.code).joined(separator: ", ") + ".", valueName: "check"),
            transform: ArgumentValues.skippableCheck)
    var skipCheck: [String] = []

    /// The tenants and the checks switched off, into the run's options.
    func apply(to options: inout GateOptions) {
        options.tenants = tenant
        options.skippedChecks = Set(skipCheck)
    }

    /// The arms asked for, or all three.
    var arms: Set<Arm> { arm.isEmpty ? Arm.probing : arm.reduce([], { $0.union($1) }) }
}
