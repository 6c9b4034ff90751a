import Probes
import Yams

/// A family of checks the Superset arm judges for each dashboard it found, as one unit (swift-format's `Rule` is the
/// model): the family it reports under, the dashboard key it reads from the expectations, and how it judges what the
/// arm observed. `CheckRegistry.dashboardChecks` lists them; the loader, the evaluation and every report take their
/// keys and names from there, so a new check is its own file and one line in the registry.
package protocol DashboardCheck: Sendable {
    /// What its results are reported and recorded under.
    static var family: CheckFamily { get }
    /// The dashboard key it reads, if any: validated when the expectations load, its value kept on the dashboard
    /// under the family (`DashboardExpectation.value(for:)`).
    static var key: ExpectationKey? { get }
    /// Its results for one dashboard; none when the expectations do not ask for it.
    static func judge(_ context: DashboardCheckContext) -> [CheckResult]
    /// The checks `judge` reports for the dashboard on a run that reaches it, known from the plan alone: the run's
    /// report lists each of them on every run, skipped where the run did not reach it (`GatePlan.plannedChecks`).
    static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind]
}

extension DashboardCheck {
    package static var key: ExpectationKey? { nil }
}

/// A dashboard key a check reads, and how its value is read (and refused, naming the line) from the YAML node.
package struct ExpectationKey: Sendable {
    package let name: String
    package let read: @Sendable (Node, NodeReader) throws(ConfigurationError) -> ExpectationValue

    package init(_ name: String, read: @escaping @Sendable (Node, NodeReader) throws(ConfigurationError) -> ExpectationValue) {
        self.name = name
        self.read = read
    }
}

/// A check's own expectation for one dashboard, as its key gave it.
package enum ExpectationValue: Sendable, Hashable {
    case flag(Bool)
    case number(Int)
    case text(String)

    package var flag: Bool? { if case .flag(let value) = self { value } else { nil } }
    package var number: Int? { if case .number(let value) = self { value } else { nil } }
    package var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// What a dashboard check judges from: the dashboard as expected and as Superset returned it, with everything else the
/// Superset arm observed of it.
package struct DashboardCheckContext {
    package let dashboard: PlannedDashboard
    package let found: SupersetDashboard
    package let metadata: DashboardMetadata
    package let observation: SupersetObservation
    package let environment: EnvironmentSpec
    /// A passed result of this dashboard that names no check yet.
    let base: CheckResult

    /// A passed result of this dashboard in `family`, to judge.
    package func result(_ family: CheckFamily) -> CheckResult {
        var result = base
        result.check = CheckKind(family: family)
        return result
    }
}
