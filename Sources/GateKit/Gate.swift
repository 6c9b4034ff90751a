import Foundation
import Logging
import Probes

/// What to run, beyond the expectations file.
public struct GateOptions: Sendable {
    public var arms: Set<Arm>
    public var fetchRows: Bool
    /// How long the sentinel arm may poll for the expected status.
    public var sentinelWait: Duration
    /// Command-line overrides of timeouts and concurrency.
    public var settings: GateSettings
    /// Only these dashboards (slugs); empty means all.
    public var only: [String]
    /// Progress and timings of every probe call, at debug level (`--verbose`). Never secrets.
    public var logger: Logger = Logger(label: "gate")

    public init(arms: Set<Arm> = [.sentinel, .superset, .db], fetchRows: Bool = false, sentinelWait: Duration = .zero,
                settings: GateSettings = GateSettings(), only: [String] = []) {
        self.arms = arms
        self.fetchRows = fetchRows
        self.sentinelWait = sentinelWait
        self.settings = settings
        self.only = only
    }
}

/// The real (or, in tests, fake) systems the arms probe. An arm whose target is nil does not run.
public struct GateTargets: Sendable {
    public var database: (any TenantDatabase)?
    public var superset: (any SupersetReading)?
    public var sentinel: (any SentinelReading)?

    public init(database: (any TenantDatabase)? = nil, superset: (any SupersetReading)? = nil, sentinel: (any SentinelReading)? = nil) {
        self.database = database
        self.superset = superset
        self.sentinel = sentinel
    }
}

/// The pipeline: load → lint → probe (three arms, concurrently) → evaluate → report.
public enum Gate {
    /// Settings in force: file defaults, then the environment's, then the command line's.
    public static func settings(_ expectations: Expectations, _ environment: EnvironmentSpec, _ options: GateOptions) -> GateSettings {
        GateSettings.defaults.overridden(by: expectations.settings).overridden(by: environment.settings).overridden(by: options.settings)
    }

    /// The dashboards to check, and a configuration error for any without an expectation for this environment.
    public static func dashboards(_ expectations: Expectations, environment: String, only: [String]) throws(ConfigurationError) -> [DashboardExpectation] {
        for slug in only where !expectations.dashboards.contains(where: { $0.slug == slug }) {
            throw ConfigurationError(file: expectations.file, line: nil, column: nil, message: "no dashboard with slug '\(slug)'",
                                     hint: "known: " + expectations.dashboards.map(\.slug).joined(separator: ", "))
        }
        let chosen = expectations.dashboards.filter { only.isEmpty || only.contains($0.slug) }
        guard !chosen.isEmpty else {
            throw ConfigurationError(file: expectations.file, line: nil, column: nil, message: "there are no dashboards to check",
                                     hint: "a gate that checks nothing cannot fail; list the dashboards under dashboards:")
        }
        for dashboard in chosen where dashboard.rows[environment] == nil {
            throw ConfigurationError(file: expectations.file, line: dashboard.line, column: nil,
                                     message: "dashboard '\(dashboard.slug)' has no expected rows for environment '\(environment)'",
                                     hint: "add \(environment): N under its rows:")
        }
        return chosen
    }

    /// Builds the real targets for the chosen arms from the environment's variables.
    /// A missing variable or a malformed URL is a configuration error (exit 2), named precisely.
    public static func realTargets(_ expectations: Expectations, _ environment: EnvironmentSpec, _ options: GateOptions,
                                   variables: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> GateTargets {
        let settings = settings(expectations, environment, options)
        let http = HTTPClient(timeoutSeconds: Double(settings.httpTimeoutSeconds ?? 15))
        // Chart data and counts run the dataset's SQL inside Superset: they get the query timeout too.
        let supersetHTTP = HTTPClient(timeoutSeconds: Double(max(settings.httpTimeoutSeconds ?? 15, settings.queryTimeoutSeconds ?? 60)))
        func fail(_ message: String, _ hint: String) -> ConfigurationError {
            ConfigurationError(file: expectations.file, line: environment.line, column: nil, message: message, hint: hint)
        }
        func variable(_ name: String?, _ key: String) throws(ConfigurationError) -> String {
            guard let name else { throw fail("environment '\(environment.name)' has no \(key)", "add \(key): VARIABLE_NAME to it") }
            guard let value = variables[name], !value.isEmpty else {
                throw fail("environment variable \(name) is not set (environment '\(environment.name)', \(key))",
                           "export \(name) before running the gate" + (environment.name == "local" ? ", or `source ci/env.sh`" : ""))
            }
            return value
        }
        func url(_ source: ValueSource?, _ key: String) throws(ConfigurationError) -> URL {
            let text: String
            switch source {
            case nil: throw fail("environment '\(environment.name)' has no \(key)", "add \(key): http://host:port")
            case .literal(let value)?: text = value
            case .environment(let name)?: text = try variable(name, key)
            }
            guard let parsed = URL(string: text), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw fail("\(key) of environment '\(environment.name)' is not an http(s) URL", "give it as http://host:port")
            }
            return parsed
        }
        var targets = GateTargets()
        if options.arms.contains(.db) {
            let connection = try variable(environment.odbcConnectionStringEnv, "odbc_connection_string_env")
            targets.database = ODBCDatabase(connectionString: connection, options: ODBCOptions(
                loginTimeoutSeconds: settings.loginTimeoutSeconds ?? 5, queryTimeoutSeconds: settings.queryTimeoutSeconds ?? 60))
        }
        if options.arms.contains(.superset) {
            let base = try url(environment.supersetURL, "superset_url")
            targets.superset = SupersetClient(baseURL: base, username: try variable(environment.supersetUsernameEnv, "superset_username_env"),
                                              password: try variable(environment.supersetPasswordEnv, "superset_password_env"), http: supersetHTTP,
                                              logger: options.logger)
        }
        if options.arms.contains(.sentinel) {
            guard let sentinel = expectations.sentinel else {
                throw ConfigurationError(file: expectations.file, line: nil, column: nil, message: "the sentinel arm needs a sentinel: section",
                                         hint: "add it, or leave the sentinel out of --arm")
            }
            let base = try url(environment.apiURL, "api_url")
            guard let full = HTTPClient.join(base, sentinel.path) else {
                throw fail("sentinel path '\(sentinel.path)' does not form a URL", "write it as /api/…")
            }
            targets.sentinel = HTTPSentinel(url: full, http: http)
        }
        return targets
    }

    /// Runs the chosen arms concurrently against the targets and evaluates what they saw.
    public static func run(_ expectations: Expectations, environment: String, targets: GateTargets, options: GateOptions) async throws -> GateReport {
        let spec = try expectations.environment(named: environment)
        let dashboards = try dashboards(expectations, environment: environment, only: options.only)
        let settings = settings(expectations, spec, options)
        let limit = settings.concurrency ?? 4
        let started = Date()
        let clock = ContinuousClock()
        let start = clock.now

        options.logger.debug("gate: environment \(environment), arms \(options.arms.map(\.rawValue).sorted().joined(separator: ",")), \(dashboards.count) dashboards, concurrency \(limit)")
        let observations = await observe(dashboards, expectations: expectations, environment: environment, targets: targets,
                                         options: options, limit: limit)
        for (arm, seconds) in observations.armSeconds.sorted(by: { $0.key < $1.key }) {
            options.logger.debug("gate: \(arm.title) arm took \(String(format: "%.3f", seconds)) s")
        }
        let results = Evaluation.evaluate(observations, expectations, environment: environment)
        return GateReport(environment: environment, startedAt: started, seconds: (clock.now - start).seconds, results: results,
                          armSeconds: observations.armSeconds)
    }

    static func observe(_ dashboards: [DashboardExpectation], expectations: Expectations, environment: String, targets: GateTargets,
                        options: GateOptions, limit: Int) async -> Observations {
        let sentinelArm: SentinelArm? = {
            guard options.arms.contains(.sentinel), let reader = targets.sentinel, let expectation = expectations.sentinel else { return nil }
            return SentinelArm(sentinel: reader, expectation: expectation, wait: options.sentinelWait, logger: options.logger)
        }()
        // With --wait the rollout must finish first: the other arms would otherwise check the old build.
        let awaitedSentinel: SentinelObservation? = options.sentinelWait > .zero ? await sentinelArm?.observe() : nil
        // Each arm has its own limiter so a slow arm never starves the others.
        async let sentinel: SentinelObservation? = {
            if let awaitedSentinel { return awaitedSentinel }
            return await sentinelArm?.observe()
        }()
        async let superset = measured { () async -> (observations: [SupersetObservation], failure: ProbeFailure?) in
            guard options.arms.contains(.superset), let client = targets.superset else { return ([], nil) }
            if case .failure(let failure) = await capture({ try await client.login() }) { return ([], failure) }
            let arm = SupersetArm(superset: client, environment: environment)
            return (await arm.observe(dashboards, limiter: AsyncLimiter(limit: limit)), nil)
        }
        async let database = measured { () async -> (observations: [DatabaseObservation], failure: ProbeFailure?) in
            guard options.arms.contains(.db), let target = targets.database else { return ([], nil) }
            // One connection first, so a missing driver or a refused login is one clear error, not eight.
            if case .failure(let failure) = await capture({ try await target.count("SELECT 1") }) {
                let lintOnly = dashboards.map {
                    DatabaseObservation(slug: $0.slug, lint: SQLLint.check($0.sql, file: $0.queryPath),
                                        notRunReason: "not run: the database arm could not connect (see its error)")
                }
                return (lintOnly, failure)
            }
            let arm = DatabaseArm(database: target, fetchRows: options.fetchRows, logger: options.logger)
            return (await arm.observe(dashboards, limiter: AsyncLimiter(limit: limit)), nil)
        }
        var observations = Observations(sentinel: await sentinel)
        let ((supersetObservations, supersetFailure), supersetSeconds) = await superset
        let ((databaseObservations, databaseFailure), databaseSeconds) = await database
        observations.superset = supersetObservations
        observations.database = databaseObservations
        if let waited = observations.sentinel?.waited { observations.armSeconds[.sentinel] = waited }
        if options.arms.contains(.superset) { observations.armSeconds[.superset] = supersetSeconds }
        if options.arms.contains(.db) { observations.armSeconds[.db] = databaseSeconds }
        if let supersetFailure { observations.armFailures[.superset] = supersetFailure }
        if let databaseFailure { observations.armFailures[.db] = databaseFailure }
        return observations
    }
}
