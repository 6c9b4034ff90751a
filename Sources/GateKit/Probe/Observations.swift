import Foundation
import Probes

/// What the database arm saw for one dashboard.
package struct DatabaseObservation: Sendable, Equatable {
    package var slug: String
    package var lint: [Diagnostic]
    /// The count probe that ran (nil when the lint refused the query).
    package var probeSQL: String?
    package var count: Result<Int, ProbeFailure>?
    package var fetch: Result<FetchStats, ProbeFailure>?
    /// The statement streamed by --fetch (the query itself, OPTION clause and all).
    package var fetchSQL: String?
    /// Why the count did not run, when it did not (the lint refused the query, the arm could not connect).
    package var notRunReason: String?
    /// Which database the arm counted in (`powerfill on 127.0.0.1:55432`), never a secret.
    package var databaseLabel: String?
    /// The query's rows fingerprinted, for the content check (nil when it is off or the count failed).
    package var content: ContentProbe?
    /// The most tries one of its calls took (transient failures are retried).
    package var tries: Int = 1
    /// Time spent in its calls (first byte sent to last received); `seconds` is the wall time, queue included.
    package var serviceSeconds: Double?
    package var seconds: Double

    package init(slug: String, lint: [Diagnostic], probeSQL: String? = nil, count: Result<Int, ProbeFailure>? = nil,
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
package struct FetchStats: Sendable, Equatable, Codable {
    package var rows: Int
    package var columns: Int
    package var seconds: Double
    package init(rows: Int, columns: Int, seconds: Double) {
        self.rows = rows
        self.columns = columns
        self.seconds = seconds
    }
}

/// What the Superset arm saw for one dashboard.
package struct SupersetObservation: Sendable, Equatable {
    package var slug: String
    /// How the dashboard was looked up: its slug, or the environment's id for it.
    package var lookup: String
    /// The dashboard's one dataset whole (every metric and column), read when the assets bundle defines the dashboard.
    package var datasetDefinition: Result<SupersetDataset, ProbeFailure>? = nil
    /// The dataset's database entry (engine, and where it connects when the role may read that), for the same comparison.
    package var databaseEntry: Result<SupersetDatabaseEntry, ProbeFailure>? = nil
    package var dashboard: Result<SupersetDashboard, ProbeFailure>
    /// When the environment pins an id: the dashboard the slug leads to, which must be the same one.
    package var bySlug: Result<SupersetDashboard, ProbeFailure>?
    /// The layout read from the dashboard's `position_json` (nil when it has none or it is not JSON).
    package var layout: SupersetLayout?
    /// Chart id → the chart as saved, for every chart attached or laid out.
    package var definitions: [Int: Result<SupersetChartDefinition, ProbeFailure>] = [:]
    /// The most tries one of the dashboard-level calls took; chart id → the tries of its render.
    package var tries: Int = 1
    /// Time spent in the dashboard-level calls; `seconds` is the wall time, waiting for slots included.
    package var serviceSeconds: Double?
    package var renderTries: [Int: Int] = [:]
    package var charts: Result<[SupersetChart], ProbeFailure>?
    package var datasets: Result<[SupersetDataset], ProbeFailure>?
    package var count: Result<Int, ProbeFailure>?
    package var generatedSQL: String?
    /// The dataset's raw rows fingerprinted, for the content check (nil when it is off or not run).
    package var content: ContentProbe?
    /// The lint's verdict on the dataset SQL Superset holds (set by the Superset arm, before it runs any of it).
    package var deployedLint: LintVerdict?
    /// Chart id → number of result rows, or Superset's error.
    package var renders: [Int: Result<Int, ProbeFailure>]
    /// Chart id → how long its render call took (service time).
    package var renderSeconds: [Int: Double] = [:]
    /// Chart id → the rows its render answered, kept for the charts whose value the expectations give.
    package var renderData: [Int: ChartData] = [:]
    /// Chart id → its render as the dashboard shows it first, under the default values of the native filters that
    /// reach it; only for a chart a default reaches (for the others the saved render is what a viewer sees).
    package var dashboardRenders: [Int: DashboardRender] = [:]
    /// Native filters that select their first value by default: no static default the gate could apply.
    package var firstValueFilters: [String] = []
    /// The dashboard and its charts as the environment's viewer gets them (their own login and role).
    package var viewer: ViewerObservation?
    package var seconds: Double

    package init(slug: String, lookup: String, dashboard: Result<SupersetDashboard, ProbeFailure>,
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

extension SupersetObservation {
    /// The deployed chart of that name when the dashboard has it exactly once (missing or twice is the chart check's
    /// finding).
    package func chart(named name: String) -> SupersetChart? {
        let matches = ((try? charts?.get()) ?? []).filter { $0.name == name }
        return matches.count == 1 ? matches.first : nil
    }

    /// What the gate's own login got for a chart as a viewer sees it first: the render under the dashboard's default
    /// filters where one reaches the chart, else the saved query's (its rows kept when its value is expected). Nil when
    /// that render failed or did not run.
    package func firstView(of id: Int) -> (rows: Int, data: ChartData?)? {
        if let defaults = dashboardRenders[id] {
            guard case .success(let rows) = defaults.result else { return nil }
            return (rows, defaults.data)
        }
        guard case .success(let rows)? = renders[id] else { return nil }
        return (rows, renderData[id])
    }
}

/// A chart rendered with the dashboard's default filters: which filters (in words), and what came back.
package struct DashboardRender: Sendable, Equatable {
    package let filters: [String]
    package let result: Result<Int, ProbeFailure>
    package let data: ChartData?
    /// The query it rendered (the saved one with the defaults merged): the viewer renders the same.
    package var query: Data? = nil
}

/// What the viewer's login got: the dashboard, and each chart rendered as the gate's login rendered it (under the
/// dashboard's default filters where one reaches it).
package struct ViewerObservation: Sendable, Equatable {
    package let name: String
    package let dashboard: Result<SupersetDashboard, ProbeFailure>
    package var renders: [Int: Result<ChartRender, ProbeFailure>] = [:]
    /// The viewer's roles and the row-level-security rules on the dashboard's dataset that apply to them, as the gate's
    /// own login read them (an administrator may; another role gets a 403).
    package var security: Result<ViewerSecurity, ProbeFailure>? = nil
}

/// Why a viewer may see less: their roles, and the rules that filter them on one dataset.
package struct ViewerSecurity: Sendable, Equatable {
    /// A failure when the viewer's roles could not be read (Superset before 6 refuses `/api/v1/me/roles/` to a token):
    /// then `rules` holds every rule, as which apply is not known.
    package let roles: Result<[String], ProbeFailure>
    package let rules: [SupersetRLSRule]
}

/// What the sentinel arm saw: the last answer, after `attempts` tries over `waited` seconds.
package struct SentinelObservation: Sendable, Equatable {
    package var url: String
    package var response: Result<SentinelAnswer, ProbeFailure>
    package var attempts: Int
    package var waited: Double
    /// Whether the answer, as the sentinel gave it (before masking), met the expectation; nil: judge the answer.
    package var expectationMet: Bool?

    package init(url: String, response: Result<SentinelAnswer, ProbeFailure>, attempts: Int = 1, waited: Double = 0) {
        self.url = url
        self.response = response
        self.attempts = attempts
        self.waited = waited
    }
}

package struct SentinelAnswer: Sendable, Equatable {
    package var status: Int
    package var body: String
    package init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    /// `module` and `status` from a JSON body, when it is one.
    package var fields: (module: String?, status: String?)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return (object["module"] as? String, object["status"] as? String)
    }
}

/// Everything the probe stage saw; the evaluation turns it into check results.
package struct Observations: Sendable, Equatable {
    package var sentinel: SentinelObservation?
    package var superset: [SupersetObservation]
    package var database: [DatabaseObservation]
    /// Failures that stopped a whole arm before any dashboard (a refused login, a missing driver).
    package var armFailures: [Arm: ProbeFailure]
    /// How many tries the failed arm-level call took.
    package var armTries: [Arm: Int] = [:]
    /// Wall time of each arm.
    package var armSeconds: [Arm: Double] = [:]
    /// Where people open Superset (`GateTargets.supersetURL`): reports link the pages of what failed.
    package var supersetURL: URL?

    package init(sentinel: SentinelObservation? = nil, superset: [SupersetObservation] = [], database: [DatabaseObservation] = [],
                armFailures: [Arm: ProbeFailure] = [:]) {
        self.sentinel = sentinel
        self.superset = superset
        self.database = database
        self.armFailures = armFailures
    }
}
