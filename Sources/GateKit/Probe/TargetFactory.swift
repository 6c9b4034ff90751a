import Foundation
import Probes

/// Builds the real targets for the plan's arms from the environment's variables.
/// A missing variable or a malformed URL is a configuration error (exit 2), named precisely.
package enum TargetFactory {
    package static func targets(for plan: GatePlan, variables: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> GateTargets {
        let environment = plan.environment
        let expectations = plan.expectations
        let settings = plan.settings
        func fail(_ message: String, _ hint: String) -> ConfigurationError {
            ConfigurationError(file: expectations.file, line: environment.line, column: nil, message: message, hint: hint)
        }
        // Every unset variable is named in one error, each at its key's line: five missing variables, one run to learn it.
        var missing: [(name: String, key: String)] = []
        func variable(_ name: String?, _ key: String) throws(ConfigurationError) -> String {
            guard let name else { throw fail("environment '\(environment.name)' has no \(key)", "add \(key): VARIABLE_NAME to it") }
            guard let value = variables[name], !value.isEmpty else {
                missing.append((name, key))
                return ""
            }
            return value
        }
        func url(_ source: ValueSource?, _ key: String) throws(ConfigurationError) -> URL {
            let text: String
            switch source {
            case nil: throw fail("environment '\(environment.name)' has no \(key)", "add \(key): http://host:port")
            case .literal(let value)?: text = value
            case .environment(let name)?:
                text = try variable(name, key)
                // Unset: named with the others at the end; a stand-in URL lets the rest be checked meanwhile.
                if text.isEmpty { return URL(string: "http://unset.invalid")! }
            }
            guard let parsed = URL(string: text), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw fail("\(key) of environment '\(environment.name)' is not an http(s) URL", "give it as http://host:port")
            }
            guard parsed.query == nil, parsed.fragment == nil else {
                throw fail("\(key) of environment '\(environment.name)' has a query or a fragment", "give the base URL only, e.g. https://host/bi")
            }
            return parsed
        }
        let arms = plan.options.arms
        let retry = RetryPolicy(attempts: settings.retries + 1)
        let caFile = plan.options.caFile ?? environment.caFile
        func http(_ timeoutSeconds: Int) throws(ConfigurationError) -> HTTPClient {
            do {
                return try HTTPClient(timeoutSeconds: Double(timeoutSeconds), maxBodyBytes: settings.maxResponseBytes, retry: retry, caFile: caFile)
            } catch {
                throw fail(error.description, "give ca_file (or --ca-file) a PEM file with the CA certificates")
            }
        }
        // Chart data and counts: Superset runs a query before it answers, so the larger of the two timeouts.
        func queries() throws(ConfigurationError) -> HTTPClient {
            var client = try http(settings.supersetTimeoutSeconds)
            client.timeoutNote = "the larger of the HTTP and query timeouts: Superset runs a query for it"
            return client
        }
        var targets = GateTargets()
        if arms.contains(.db) {
            let connection = try variable(environment.odbcConnectionStringEnv, "odbc_connection_string_env")
            // ODBC takes a connection string's length as a 16-bit count. (An unset one is named with the others below.)
            guard connection.utf8.count <= ODBCConnection.maxConnectionStringBytes else {
                throw fail("the connection string in \(environment.odbcConnectionStringEnv ?? "") is \(connection.utf8.count) bytes; ODBC takes at most "
                           + "\(ODBCConnection.maxConnectionStringBytes)", "check that the variable holds one connection string")
            }
            targets.secrets += Secrets.values(inConnectionString: connection)
            targets.database = ODBCDatabase(connectionString: connection, options: ODBCOptions(
                loginTimeoutSeconds: settings.loginTimeoutSeconds, queryTimeoutSeconds: settings.queryTimeoutSeconds),
                retry: retry, maxFetchRows: settings.maxFetchRows, maxRowBytes: settings.maxResponseBytes)
        }
        if arms.contains(.superset) {
            let base = try url(environment.supersetURL, "superset_url")
            targets.supersetURL = base
            /// A client for one login: by API key, or by user and password.
            func client(apiKey keyVariable: String?, user userVariable: String?, password passwordVariable: String?,
                        _ prefix: String) throws(ConfigurationError) -> (client: SupersetClient, name: String) {
                if let keyVariable {
                    let key = try variable(keyVariable, "\(prefix)_api_key_env")
                    targets.secrets.append(key)
                    return (SupersetClient(baseURL: base, apiKey: key, http: try http(settings.httpTimeoutSeconds), queries: try queries(),
                                           logger: plan.options.logger), "the API key in \(keyVariable)")
                }
                let user = try variable(userVariable, "\(prefix)_username_env")
                let password = try variable(passwordVariable, "\(prefix)_password_env")
                targets.secrets.append(password)
                return (SupersetClient(baseURL: base, username: user, password: password, http: try http(settings.httpTimeoutSeconds),
                                       queries: try queries(), logger: plan.options.logger), user)
            }
            targets.superset = try client(apiKey: environment.supersetAPIKeyEnv, user: environment.supersetUsernameEnv,
                                          password: environment.supersetPasswordEnv, "superset").client
            if environment.namesViewer {
                let viewer = try client(apiKey: environment.viewerAPIKeyEnv, user: environment.viewerUsernameEnv,
                                        password: environment.viewerPasswordEnv, "viewer")
                targets.viewer = Viewer(name: viewer.name, superset: viewer.client)
            }
        }
        if arms.contains(.sentinel) {
            guard let sentinel = expectations.sentinel else {
                throw ConfigurationError(file: expectations.file, line: nil, column: nil, message: "the sentinel arm needs a sentinel: section",
                                         hint: "add it, or leave the sentinel out of --arm")
            }
            let base = try url(environment.apiURL, "api_url")
            guard let full = HTTPClient.join(base, sentinel.path) else {
                throw fail("sentinel path '\(sentinel.path)' does not form a URL", "write it as /api/…")
            }
            targets.sentinel = HTTPSentinel(url: full, http: try http(settings.httpTimeoutSeconds))
        }
        if !missing.isEmpty {
            missing.sort { (environment.keyLines[$0.key] ?? 0) < (environment.keyLines[$1.key] ?? 0) }
            let lines = missing.map { name, key in
                "  \(name) (\(key)" + (environment.keyLines[key].map { ", \(expectations.file):\($0)" } ?? "") + ")"
            }
            throw ConfigurationError(file: expectations.file, line: missing.first.flatMap { environment.keyLines[$0.key] } ?? environment.line, column: nil,
                                     message: "\(missing.count) environment variable(s) of environment '\(environment.name)' not set:\n" + lines.joined(separator: "\n"),
                                     hint: "export them before running the gate" + (environment.name == "local" ? ", or `source ci/env.sh`" : ""))
        }
        return targets
    }
}
