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
    /// Dashboard check families switched off for this run (`--skip-check definition`): not judged, not reported.
    public var skippedChecks: Set<String> = []
    /// Told how far each arm has got, for a progress line (the CLI draws one on a terminal).
    package var progress: ProbeProgress?
    /// Where the run is kept, and under which revision.
    public var history = HistoryOptions()
    /// Progress and timings of every probe call, at debug level (`--verbose`). Never secrets.
    public var logger: Logger = Logger(label: "gate")
    /// Set by the CLI's signal handler: the run stops probing and reports what it has (`GateReport.interruptedBy`).
    package var interruption: RunInterruption?
    /// When the run began: the run deadline counts from here, so loading and linting spend from it too.
    public var started: ContinuousClock.Instant = .now

    /// Every choice at once; each default is what `gate-runner` uses without the option.
    public init(arms: Set<Arm> = Arm.probing, fetchRows: Bool = false, sentinelWait: Duration = .zero,
                settings: SettingsOverride = SettingsOverride(), only: [String] = [], caFile: String? = nil, shard: Shard? = nil,
                tenants: [String] = [], history: HistoryOptions = HistoryOptions(), logger: Logger = Logger(label: "gate"),
                started: ContinuousClock.Instant = .now) {
        self.arms = arms
        self.fetchRows = fetchRows
        self.sentinelWait = sentinelWait
        self.settings = settings
        self.only = only
        self.caFile = caFile
        self.shard = shard
        self.tenants = tenants
        self.history = history
        self.logger = logger
        self.started = started
    }
}
