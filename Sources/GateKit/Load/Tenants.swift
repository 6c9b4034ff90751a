/// A tenant of an environment: its own database connection and Superset database (and dashboard set), the
/// dashboard definitions shared. Rows per tenant are keyed `ENVIRONMENT/TENANT`, falling back to the
/// environment's own.
package struct TenantSpec: Sendable, Equatable {
    package var name: String
    package var odbcConnectionStringEnv: String?
    package var supersetDatabase: String?
    package var supersetSchema: String?
    package var slugSuffix: String?
    package var titleSuffix: String?
    package var line: Int

    package init(name: String, odbcConnectionStringEnv: String? = nil, supersetDatabase: String? = nil, supersetSchema: String? = nil,
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
    package func rowsKey(_ environment: String) -> String { "\(environment)/\(name)" }
}

extension EnvironmentSpec {
    /// The environment as one tenant sees it: the tenant's connection, Superset database and suffixes over its own.
    package func overlaid(by tenant: TenantSpec) -> EnvironmentSpec {
        var spec = self
        spec.odbcConnectionStringEnv = tenant.odbcConnectionStringEnv ?? spec.odbcConnectionStringEnv
        spec.supersetDatabase = tenant.supersetDatabase ?? spec.supersetDatabase
        spec.supersetSchema = tenant.supersetSchema ?? spec.supersetSchema
        spec.slugSuffix = tenant.slugSuffix ?? spec.slugSuffix
        spec.titleSuffix = tenant.titleSuffix ?? spec.titleSuffix
        spec.tenants = []
        return spec
    }
}

extension Expectations {
    /// The tenants to run: all of the environment's, or those named, in the file's order.
    package func tenants(of environment: EnvironmentSpec, named: [String]) throws(ConfigurationError) -> [TenantSpec] {
        for name in named where !environment.tenants.contains(where: { $0.name == name }) {
            throw ConfigurationError(file: file, line: environment.line, column: nil,
                                     message: "environment '\(environment.name)' has no tenant '\(name)'",
                                     hint: environment.tenants.isEmpty ? "it declares no tenants: leave out --tenant"
                                         : "its tenants: " + environment.tenants.map(\.name).joined(separator: ", "))
        }
        return environment.tenants.filter { named.isEmpty || named.contains($0.name) }
    }
}
