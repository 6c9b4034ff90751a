import Foundation
import Probes

/// What the database arm saw for one dashboard.
public struct DatabaseObservation: Sendable, Equatable {
    public var slug: String
    public var lint: [Diagnostic]
    /// The count probe that ran (nil when the lint refused the query).
    public var probeSQL: String?
    public var count: Result<Int, ProbeFailure>?
    public var fetch: Result<FetchStats, ProbeFailure>?
    /// The statement streamed by --fetch (the query itself, OPTION clause and all).
    public var fetchSQL: String?
    /// Why the count did not run, when it did not (the lint refused the query, the arm could not connect).
    public var notRunReason: String?
    /// Which database the arm counted in (`powerfill on 127.0.0.1:55432`), never a secret.
    public var databaseLabel: String?
    /// The most tries one of its calls took (transient failures are retried).
    public var tries: Int = 1
    /// Time spent in its calls (first byte sent to last received); `seconds` is the wall time, queue included.
    public var serviceSeconds: Double?
    public var seconds: Double

    public init(slug: String, lint: [Diagnostic], probeSQL: String? = nil, count: Result<Int, ProbeFailure>? = nil,
                fetch: Result<FetchStats, ProbeFailure>? = nil, notRunReason: String? = nil, seconds: Double = 0) {
        self.slug = slug
        self.notRunReason = notRunReason
        self.lint = lint
        self.probeSQL = probeSQL
        self.count = count
        self.fetch = fetch
        self.seconds = seconds
    }
}

/// Streaming every row of a query, sqlcmd-style.
public struct FetchStats: Sendable, Equatable, Codable {
    public var rows: Int
    public var columns: Int
    public var seconds: Double
    public init(rows: Int, columns: Int, seconds: Double) {
        self.rows = rows
        self.columns = columns
        self.seconds = seconds
    }
}

/// What the Superset arm saw for one dashboard.
public struct SupersetObservation: Sendable, Equatable {
    public var slug: String
    /// How the dashboard was looked up: its slug, or the environment's id for it.
    public var lookup: String
    public var dashboard: Result<SupersetDashboard, ProbeFailure>
    /// When the environment pins an id: the dashboard the slug leads to, which must be the same one.
    public var bySlug: Result<SupersetDashboard, ProbeFailure>?
    /// The layout read from the dashboard's `position_json` (nil when it has none or it is not JSON).
    public var layout: SupersetLayout?
    /// Chart id → the chart as saved, for every chart attached or laid out.
    public var definitions: [Int: Result<SupersetChartDefinition, ProbeFailure>] = [:]
    /// The most tries one of the dashboard-level calls took; chart id → the tries of its render.
    public var tries: Int = 1
    /// Time spent in the dashboard-level calls; `seconds` is the wall time, waiting for slots included.
    public var serviceSeconds: Double?
    public var renderTries: [Int: Int] = [:]
    public var charts: Result<[SupersetChart], ProbeFailure>?
    public var datasets: Result<[SupersetDataset], ProbeFailure>?
    public var count: Result<Int, ProbeFailure>?
    public var generatedSQL: String?
    /// The lint's verdict on the dataset SQL Superset holds (set by the lint stage after probing).
    public var deployedLint: LintVerdict?
    /// Chart id → number of result rows, or Superset's error.
    public var renders: [Int: Result<Int, ProbeFailure>]
    /// Chart id → how long its render call took (service time).
    public var renderSeconds: [Int: Double] = [:]
    public var seconds: Double

    public init(slug: String, lookup: String, dashboard: Result<SupersetDashboard, ProbeFailure>,
                charts: Result<[SupersetChart], ProbeFailure>? = nil, datasets: Result<[SupersetDataset], ProbeFailure>? = nil,
                count: Result<Int, ProbeFailure>? = nil, generatedSQL: String? = nil,
                renders: [Int: Result<Int, ProbeFailure>] = [:], seconds: Double = 0) {
        self.slug = slug
        self.lookup = lookup
        self.dashboard = dashboard
        self.charts = charts
        self.datasets = datasets
        self.count = count
        self.generatedSQL = generatedSQL
        self.renders = renders
        self.seconds = seconds
    }
}

/// What the sentinel arm saw: the last answer, after `attempts` tries over `waited` seconds.
public struct SentinelObservation: Sendable, Equatable {
    public var url: String
    public var response: Result<SentinelAnswer, ProbeFailure>
    public var attempts: Int
    public var waited: Double
    /// Whether the answer, as the sentinel gave it (before masking), met the expectation; nil: judge the answer.
    public var expectationMet: Bool?

    public init(url: String, response: Result<SentinelAnswer, ProbeFailure>, attempts: Int = 1, waited: Double = 0) {
        self.url = url
        self.response = response
        self.attempts = attempts
        self.waited = waited
    }
}

public struct SentinelAnswer: Sendable, Equatable {
    public var status: Int
    public var body: String
    public init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    /// `module` and `status` from a JSON body, when it is one.
    public var fields: (module: String?, status: String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return (object["module"] as? String, object["status"] as? String)
    }
}

/// Everything the probe stage saw; the evaluation turns it into check results.
public struct Observations: Sendable, Equatable {
    public var sentinel: SentinelObservation?
    public var superset: [SupersetObservation]
    public var database: [DatabaseObservation]
    /// Failures that stopped a whole arm before any dashboard (a refused login, a missing driver).
    public var armFailures: [Arm: ProbeFailure]
    /// How many tries the failed arm-level call took.
    public var armTries: [Arm: Int] = [:]
    /// Wall time of each arm.
    public var armSeconds: [Arm: Double] = [:]

    public init(sentinel: SentinelObservation? = nil, superset: [SupersetObservation] = [], database: [DatabaseObservation] = [],
                armFailures: [Arm: ProbeFailure] = [:]) {
        self.sentinel = sentinel
        self.superset = superset
        self.database = database
        self.armFailures = armFailures
    }
}
