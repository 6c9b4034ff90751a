/// Timeouts and concurrency in force for one run: no optionals, every arm reads these.
/// Resolved once: the defaults, then the file's `settings:`, then the environment's, then the flags.
public struct Settings: Sendable, Equatable {
    public var loginTimeoutSeconds: Int
    public var queryTimeoutSeconds: Int
    public var httpTimeoutSeconds: Int
    /// How many checks run at once within an arm.
    public var concurrency: Int

    public init(loginTimeoutSeconds: Int, queryTimeoutSeconds: Int, httpTimeoutSeconds: Int, concurrency: Int) {
        self.loginTimeoutSeconds = loginTimeoutSeconds
        self.queryTimeoutSeconds = queryTimeoutSeconds
        self.httpTimeoutSeconds = httpTimeoutSeconds
        self.concurrency = concurrency
    }

    /// The one place the defaults are written.
    public static let defaults = Settings(loginTimeoutSeconds: 5, queryTimeoutSeconds: 60, httpTimeoutSeconds: 15, concurrency: 4)

    /// `override`'s values win where it sets them.
    public func overridden(by override: SettingsOverride) -> Settings {
        Settings(loginTimeoutSeconds: override.loginTimeoutSeconds ?? loginTimeoutSeconds,
                 queryTimeoutSeconds: override.queryTimeoutSeconds ?? queryTimeoutSeconds,
                 httpTimeoutSeconds: override.httpTimeoutSeconds ?? httpTimeoutSeconds,
                 concurrency: override.concurrency ?? concurrency)
    }

    /// The file's settings, then the environment's, then the command line's.
    public static func resolved(file: Settings, environment: SettingsOverride, flags: SettingsOverride) -> Settings {
        file.overridden(by: environment).overridden(by: flags)
    }

    /// Chart data and counts run the dataset's SQL inside Superset: they get the query timeout too.
    public var supersetTimeoutSeconds: Int { max(httpTimeoutSeconds, queryTimeoutSeconds) }
}

/// Part of the settings, as an environment's `settings:` or the command line gives them.
public struct SettingsOverride: Sendable, Equatable {
    public var loginTimeoutSeconds: Int?
    public var queryTimeoutSeconds: Int?
    public var httpTimeoutSeconds: Int?
    public var concurrency: Int?

    public init(loginTimeoutSeconds: Int? = nil, queryTimeoutSeconds: Int? = nil, httpTimeoutSeconds: Int? = nil, concurrency: Int? = nil) {
        self.loginTimeoutSeconds = loginTimeoutSeconds
        self.queryTimeoutSeconds = queryTimeoutSeconds
        self.httpTimeoutSeconds = httpTimeoutSeconds
        self.concurrency = concurrency
    }
}
