import Foundation

/// The load stage's output: the expectations, the environment (with its tenant's overlay, for a tenant's run), the
/// dashboards to check as this environment names and counts them, and the settings in force, all validated and
/// resolved once. Every later stage reads this; none looks an environment up by name again.
package struct GatePlan: Sendable {
    package let expectations: Expectations
    /// The environment, with the tenant's connection, Superset database and suffixes over it in a tenant's run.
    package let environment: EnvironmentSpec
    /// The tenant this plan checks, when the environment has tenants.
    package let tenant: TenantSpec?
    package let dashboards: [PlannedDashboard]
    package let settings: Settings
    package let options: GateOptions

    package var environmentName: String { environment.name }

    /// Validates the choice of environment and dashboards; a problem is a configuration error (exit 2).
    package init(_ expectations: Expectations, environment: String, options: GateOptions) throws(ConfigurationError) {
        try self.init(expectations, environment: try expectations.environment(named: environment), tenant: nil, options: options)
    }

    /// The plan of one tenant's run (or of the environment's, without one).
    package init(_ expectations: Expectations, environment spec: EnvironmentSpec, tenant: TenantSpec?, options: GateOptions) throws(ConfigurationError) {
        self.expectations = expectations
        self.tenant = tenant
        let environment = tenant.map { spec.overlaid(by: $0) } ?? spec
        self.environment = environment
        let keys = Self.expectationKeys(environment: spec.name, tenant: tenant)
        let chosen = try Self.dashboards(expectations, environment: spec.name, tenant: tenant, only: options.only)
        dashboards = (options.shard?.select(chosen) ?? chosen).map { dashboard in
            PlannedDashboard(dashboard, in: environment, keys: keys)
        }
        settings = Settings.resolved(file: expectations.settings, environment: environment.settings, flags: options.settings)
        self.options = options
        // Waiting for a rollout must leave the run time to check it.
        guard options.sentinelWait < .seconds(settings.runDeadlineSeconds) else {
            throw ConfigurationError(file: expectations.file, line: nil, column: nil,
                                     message: "--wait (\(Int(options.sentinelWait.seconds)) s) is not shorter than the run deadline (\(settings.runDeadlineSeconds) s)",
                                     hint: "wait less, or raise run_deadline_seconds / --deadline")
        }
    }

    /// The dashboards to check, and a configuration error for any without an expectation for this environment (or tenant).
    package static func dashboards(_ expectations: Expectations, environment: String, tenant: TenantSpec? = nil,
                                   only: [String]) throws(ConfigurationError) -> [DashboardExpectation] {
        for slug in only where !expectations.dashboards.contains(where: { $0.slug == slug }) {
            throw ConfigurationError(file: expectations.file, line: nil, column: nil, message: "no dashboard with slug '\(slug)'",
                                     hint: "known: " + expectations.dashboards.map(\.slug).joined(separator: ", "))
        }
        let chosen = expectations.dashboards.filter { only.isEmpty || only.contains($0.slug) }
        guard !chosen.isEmpty else {
            throw ConfigurationError(file: expectations.file, line: nil, column: nil, message: "there are no dashboards to check",
                                     hint: "a gate that checks nothing cannot fail; list the dashboards under dashboards:")
        }
        let keys = expectationKeys(environment: environment, tenant: tenant)
        for dashboard in chosen where !keys.contains(where: { dashboard.rows[$0] != nil }) {
            throw ConfigurationError(file: expectations.file, line: dashboard.line, column: nil,
                                     message: "dashboard '\(dashboard.slug)' has no expected rows for environment '\(environment)'",
                                     hint: "add " + keys.reversed().map { "\($0): N" }.joined(separator: " (or ") + (keys.count > 1 ? ")" : "")
                                         + " under its rows:")
        }
        return chosen
    }

    /// Where a dashboard's expectations (rows, pinned ids) are looked up, first match wins: the tenant's own
    /// (`prod/acme`), then the environment's. The validation above and `PlannedDashboard` both read through these.
    static func expectationKeys(environment: String, tenant: TenantSpec?) -> [String] {
        [tenant?.rowsKey(environment), environment].compactMap { $0 }
    }
}
