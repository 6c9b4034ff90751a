import Logging

/// What to run, beyond the expectations file: the command line's choices.
public struct GateOptions: Sendable {
    public var arms: Set<Arm>
    public var fetchRows: Bool
    /// How long the sentinel arm may poll for the expected status.
    public var sentinelWait: Duration
    /// Command-line overrides of timeouts and concurrency.
    public var settings: SettingsOverride
    /// Only these dashboards (slugs); empty means all.
    public var only: [String]
    /// `--ca-file`: trusted for https beside the system's CAs; wins over the environment's `ca_file`.
    public var caFile: String?
    /// `--shard I/N`: only this job's share of the checks.
    public var shard: Shard?
    /// `--tenant NAME`: only these tenants of the environment; empty means all.
    public var tenants: [String] = []
    /// Told how far each arm has got, for a progress line (the CLI draws one on a terminal).
    public var progress: ProbeProgress?
    /// Where the run is kept, and under which revision.
    public var history = HistoryOptions()
    /// Progress and timings of every probe call, at debug level (`--verbose`). Never secrets.
    public var logger: Logger = Logger(label: "gate")
    /// Set by the CLI's signal handler: the run stops probing and reports what it has (`GateReport.interruptedBy`).
    public var interruption: RunInterruption?
    /// When the run began: the run deadline counts from here, so loading and linting spend from it too.
    public var started: ContinuousClock.Instant = .now

    public init(arms: Set<Arm> = Arm.probing, fetchRows: Bool = false, sentinelWait: Duration = .zero,
                settings: SettingsOverride = SettingsOverride(), only: [String] = []) {
        self.arms = arms
        self.fetchRows = fetchRows
        self.sentinelWait = sentinelWait
        self.settings = settings
        self.only = only
    }
}

/// The load stage's output: the expectations, the environment, the dashboards to check and the
/// settings in force, all validated and resolved once. Every later stage reads this.
public struct GatePlan: Sendable {
    public let expectations: Expectations
    public let environment: EnvironmentSpec
    public let dashboards: [DashboardExpectation]
    public let settings: Settings
    public let options: GateOptions

    public var environmentName: String { environment.name }

    /// Validates the choice of environment and dashboards; a problem is a configuration error (exit 2).
    public init(_ expectations: Expectations, environment: String, options: GateOptions) throws(ConfigurationError) {
        self.expectations = expectations
        self.environment = try expectations.environment(named: environment)
        let spec = self.environment
        let chosen = try Self.dashboards(expectations, environment: environment, only: options.only)
        dashboards = (options.shard?.select(chosen) ?? chosen).map { dashboard in
            var dashboard = dashboard
            dashboard.slug += spec.slugSuffix
            dashboard.title += spec.titleSuffix
            return dashboard
        }
        settings = Settings.resolved(file: expectations.settings, environment: self.environment.settings, flags: options.settings)
        self.options = options
        // Waiting for a rollout must leave the run time to check it.
        guard options.sentinelWait < .seconds(settings.runDeadlineSeconds) else {
            throw ConfigurationError(file: expectations.file, line: nil, column: nil,
                                     message: "--wait (\(Int(options.sentinelWait.seconds)) s) is not shorter than the run deadline (\(settings.runDeadlineSeconds) s)",
                                     hint: "wait less, or raise run_deadline_seconds / --deadline")
        }
    }

    /// Loads the expectations file and plans a run.
    public static func load(path: String, environment: String, options: GateOptions) throws(ConfigurationError) -> GatePlan {
        try GatePlan(try ExpectationsLoader.load(path: path), environment: environment, options: options)
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
}
