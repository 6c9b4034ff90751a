import Probes

/// Timeouts, limits and concurrency in force for one run: no optionals, every arm reads these.
/// Resolved once: the defaults, then the file's `settings:`, then the environment's, then the flags.
package struct Settings: Sendable, Equatable {
    package var loginTimeoutSeconds: Int
    package var queryTimeoutSeconds: Int
    /// One HTTP request as a whole: connect, headers and body (not per byte).
    package var httpTimeoutSeconds: Int
    /// How many checks run at once within an arm.
    package var concurrency: Int
    /// One check (a dashboard in an arm, with all its calls and retries).
    package var checkTimeoutSeconds: Int
    /// The whole run: past it, every call still running ends as an error and the report is written.
    package var runDeadlineSeconds: Int
    /// Extra tries for a transient failure (refused or lost connection, 429, 5xx, SQLSTATE 08xxx, a timeout).
    package var retries: Int
    /// The largest HTTP answer read; a larger one is an error, never an out-of-memory.
    package var maxResponseBytes: Int
    /// The most rows `--fetch` streams.
    package var maxFetchRows: Int
    /// The largest query the gate reads, lints or runs (a query file, or the SQL of a dataset in Superset); a larger
    /// one is a lint error naming it. Bounds the lint's time and memory.
    package var maxQueryBytes: Int = 4 * 1024 * 1024
    /// The content check compares every row of a dashboard with at most this many (0 switches it off); above it the
    /// arms compare counts only. Below Superset's `SQL_MAX_ROW` (100,000 by default) and the answer cap.
    package var maxAgreementRows: Int = 5_000

    /// The one place the defaults are written.
    package static let defaults = Settings(loginTimeoutSeconds: 5, queryTimeoutSeconds: 60, httpTimeoutSeconds: 15, concurrency: 4,
                                          checkTimeoutSeconds: 180, runDeadlineSeconds: 600, retries: 2,
                                          maxResponseBytes: 8 * 1024 * 1024, maxFetchRows: 10_000_000)

    /// The run deadline, counted from the run's start (`GateOptions.started`): loading, linting and probing all spend from it.
    package func runDeadline(from started: ContinuousClock.Instant) -> CallDeadline {
        Self.runDeadline(seconds: runDeadlineSeconds, from: started)
    }

    package static func runDeadline(seconds: Int, from started: ContinuousClock.Instant) -> CallDeadline {
        CallDeadline(instant: started + .seconds(seconds), reason: "the run deadline (\(seconds) s)")
    }

    /// `override`'s values win where it sets them.
    package func overridden(by override: SettingsOverride) -> Settings {
        var merged = self
        for field in SettingsOverride.fields {
            if let value = override[keyPath: field.override] { merged[keyPath: field.setting] = value }
        }
        return merged
    }

    /// The file's settings, then the environment's, then the command line's.
    package static func resolved(file: Settings, environment: SettingsOverride, flags: SettingsOverride) -> Settings {
        file.overridden(by: environment).overridden(by: flags)
    }

    /// Chart data and counts run the dataset's SQL inside Superset: they get the query timeout too.
    package var supersetTimeoutSeconds: Int { max(httpTimeoutSeconds, queryTimeoutSeconds) }
}

/// Part of the settings, as the file's or an environment's `settings:` or the command line gives them.
public struct SettingsOverride: Sendable, Equatable {
    public var loginTimeoutSeconds: Int?
    public var queryTimeoutSeconds: Int?
    public var httpTimeoutSeconds: Int?
    public var concurrency: Int?
    public var checkTimeoutSeconds: Int?
    public var runDeadlineSeconds: Int?
    public var retries: Int?
    public var maxResponseBytes: Int?
    public var maxFetchRows: Int?
    public var maxQueryBytes: Int?
    public var maxAgreementRows: Int?

    public init(loginTimeoutSeconds: Int? = nil, queryTimeoutSeconds: Int? = nil, httpTimeoutSeconds: Int? = nil, concurrency: Int? = nil,
                checkTimeoutSeconds: Int? = nil, runDeadlineSeconds: Int? = nil, retries: Int? = nil, maxResponseBytes: Int? = nil,
                maxFetchRows: Int? = nil, maxQueryBytes: Int? = nil) {
        self.loginTimeoutSeconds = loginTimeoutSeconds
        self.queryTimeoutSeconds = queryTimeoutSeconds
        self.httpTimeoutSeconds = httpTimeoutSeconds
        self.concurrency = concurrency
        self.checkTimeoutSeconds = checkTimeoutSeconds
        self.runDeadlineSeconds = runDeadlineSeconds
        self.retries = retries
        self.maxResponseBytes = maxResponseBytes
        self.maxFetchRows = maxFetchRows
        self.maxQueryBytes = maxQueryBytes
    }

    /// A settings key: its name in the file, where it lives in both types, and its smallest value.
    package struct Field: Sendable {
        package let key: String
        let override: WritableKeyPath<SettingsOverride, Int?> & Sendable
        let setting: WritableKeyPath<Settings, Int> & Sendable
        package let minimum: Int
        /// Large enough for any real use, small enough that no duration or count overflows.
        package var maximum: Int = 86_400
    }

    /// Every key, once: the loader, the merge and the README's list read this.
    package static let fields: [Field] = [
        Field(key: "login_timeout_seconds", override: \.loginTimeoutSeconds, setting: \.loginTimeoutSeconds, minimum: 1),
        Field(key: "query_timeout_seconds", override: \.queryTimeoutSeconds, setting: \.queryTimeoutSeconds, minimum: 1),
        Field(key: "http_timeout_seconds", override: \.httpTimeoutSeconds, setting: \.httpTimeoutSeconds, minimum: 1),
        Field(key: "concurrency", override: \.concurrency, setting: \.concurrency, minimum: 1),
        Field(key: "check_timeout_seconds", override: \.checkTimeoutSeconds, setting: \.checkTimeoutSeconds, minimum: 1),
        Field(key: "run_deadline_seconds", override: \.runDeadlineSeconds, setting: \.runDeadlineSeconds, minimum: 1),
        Field(key: "retries", override: \.retries, setting: \.retries, minimum: 0, maximum: 20),
        Field(key: "max_response_bytes", override: \.maxResponseBytes, setting: \.maxResponseBytes, minimum: 1024, maximum: 1 << 40),
        Field(key: "max_fetch_rows", override: \.maxFetchRows, setting: \.maxFetchRows, minimum: 1, maximum: 1 << 50),
        // 1 GiB at most: the lint's offsets are 32-bit, and no dataset query comes near.
        Field(key: "max_query_bytes", override: \.maxQueryBytes, setting: \.maxQueryBytes, minimum: 1024, maximum: 1 << 30),
        // Superset's SQL_MAX_ROW defaults to 100,000: a larger limit is capped by Superset, never compared whole.
        Field(key: "max_agreement_rows", override: \.maxAgreementRows, setting: \.maxAgreementRows, minimum: 0, maximum: 100_000),
    ]
}
