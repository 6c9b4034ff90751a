/// A tenant of an environment: its own database connection and Superset database (and dashboard set), the
/// dashboard definitions shared. Rows per tenant are keyed `ENVIRONMENT/TENANT`, falling back to the
/// environment's own.
public struct TenantSpec: Sendable, Equatable {
    public var name: String
    public var odbcConnectionStringEnv: String?
    public var supersetDatabase: String?
    public var supersetSchema: String?
    public var slugSuffix: String?
    public var titleSuffix: String?
    public var line: Int

    public init(name: String, odbcConnectionStringEnv: String? = nil, supersetDatabase: String? = nil, supersetSchema: String? = nil,
                slugSuffix: String? = nil, titleSuffix: String? = nil, line: Int = 0) {
        self.name = name
        self.odbcConnectionStringEnv = odbcConnectionStringEnv
        self.supersetDatabase = supersetDatabase
        self.supersetSchema = supersetSchema
        self.slugSuffix = slugSuffix
        self.titleSuffix = titleSuffix
        self.line = line
    }

    /// The key of this tenant's rows in `rows:`.
    public func rowsKey(_ environment: String) -> String { "\(environment)/\(name)" }
}

extension Expectations {
    /// The expectations as one tenant of `environment` sees them: the environment overlaid with the tenant's
    /// connection, database and suffixes, and every row expectation the tenant's (or else the environment's).
    /// The rest of the pipeline then runs unchanged.
    public func forTenant(_ tenant: TenantSpec, of environment: String) -> Expectations {
        var copy = self
        if let index = copy.environments.firstIndex(where: { $0.name == environment }) {
            var spec = copy.environments[index]
            spec.odbcConnectionStringEnv = tenant.odbcConnectionStringEnv ?? spec.odbcConnectionStringEnv
            spec.supersetDatabase = tenant.supersetDatabase ?? spec.supersetDatabase
            spec.supersetSchema = tenant.supersetSchema ?? spec.supersetSchema
            spec.slugSuffix = tenant.slugSuffix ?? spec.slugSuffix
            spec.titleSuffix = tenant.titleSuffix ?? spec.titleSuffix
            spec.tenants = []
            copy.environments[index] = spec
        }
        let key = tenant.rowsKey(environment)
        copy.dashboards = dashboards.map { dashboard in
            var dashboard = dashboard
            if let rows = dashboard.rows[key] { dashboard.rows[environment] = rows }
            dashboard.charts = dashboard.charts.map { chart in
                var chart = chart
                if let rows = chart.rows[key] { chart.rows[environment] = rows }
                return chart
            }
            return dashboard
        }
        return copy
    }

    /// The tenants to run: all of the environment's, or those named, in the file's order.
    public func tenants(of environment: EnvironmentSpec, named: [String]) throws(ConfigurationError) -> [TenantSpec] {
        for name in named where !environment.tenants.contains(where: { $0.name == name }) {
            throw ConfigurationError(file: file, line: environment.line, column: nil,
                                     message: "environment '\(environment.name)' has no tenant '\(name)'",
                                     hint: environment.tenants.isEmpty ? "it declares no tenants: leave out --tenant"
                                         : "its tenants: " + environment.tenants.map(\.name).joined(separator: ", "))
        }
        return environment.tenants.filter { named.isEmpty || named.contains($0.name) }
    }
}
