import ArgumentParser
import GateKit

/// What `run` and `check` plan from: the environment, the expectations file, the arms and the dashboards.
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

    /// The arms asked for, or all three.
    var arms: Set<Arm> { arm.isEmpty ? Arm.probing : arm.reduce([], { $0.union($1) }) }
}
