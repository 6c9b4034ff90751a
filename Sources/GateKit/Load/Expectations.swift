import Foundation

/// Expected row count: an exact number or a range (either end may be open).
public enum RowExpectation: Sendable, Hashable, Codable, CustomStringConvertible {
    case exact(Int)
    case range(min: Int?, max: Int?)

    enum ExactCodingKeys: String, CodingKey { case _0 = "count" }

    public func accepts(_ count: Int) -> Bool {
        switch self {
        case .exact(let value): return count == value
        case .range(let low, let high): return count >= (low ?? Int.min) && count <= (high ?? Int.max)
        }
    }

    public var description: String {
        switch self {
        case .exact(let value): return "\(value)"
        case .range(let low?, let high?): return "\(low)..\(high)"
        case .range(let low?, nil): return ">= \(low)"
        case .range(nil, let high?): return "<= \(high)"
        case .range(nil, nil): return "any"
        }
    }
}

/// A value given in the file, or the name of an environment variable that holds it.
package enum ValueSource: Sendable, Equatable {
    case literal(String)
    case environment(String)
}

public struct EnvironmentSpec: Sendable, Equatable {
    public var name: String
    package var apiURL: ValueSource?
    package var supersetURL: ValueSource?
    package var odbcConnectionStringEnv: String?
    package var supersetUsernameEnv: String?
    package var supersetPasswordEnv: String?
    /// The variable holding an API key for the gate's Superset login (Flask-AppBuilder's `FAB_API_KEY_ENABLED`),
    /// instead of a user and password.
    package var supersetAPIKeyEnv: String?
    /// A viewer's own login (a user with a viewer's role): user and password variables, or an API key's.
    package var viewerUsernameEnv: String?
    package var viewerPasswordEnv: String?
    package var viewerAPIKeyEnv: String?
    /// It names a viewer login: the targets get one, and the viewer check renders every chart again as them.
    package var namesViewer: Bool { viewerAPIKeyEnv != nil || viewerUsernameEnv != nil }
    /// The Superset database (by name) every dataset must use, and optionally its schema.
    package var supersetDatabase: String?
    package var supersetSchema: String?
    /// Appended to every dashboard's slug and title in this environment: one Superset holding a set
    /// of dashboards per tenant or data state (`-populated`, ` (populated)`).
    package var slugSuffix: String = ""
    package var titleSuffix: String = ""
    /// A PEM file of CA certificates trusted for this environment's https URLs, beside the system's.
    package var caFile: String?
    /// Tenants sharing the dashboard definitions, each with its own connection and Superset database.
    package var tenants: [TenantSpec] = []
    /// Overrides of the file's settings for this environment.
    package var settings: SettingsOverride
    /// Overrides of the file's `history:` (its file, its trend rule) for this environment.
    package var history = TrendRuleOverride()
    package var line: Int
    /// Where each of its keys stands in the file (`odbc_connection_string_env` → 27): errors about a key name its line.
    package var keyLines: [String: Int] = [:]

    package init(name: String, apiURL: ValueSource? = nil, supersetURL: ValueSource? = nil, odbcConnectionStringEnv: String? = nil,
                supersetUsernameEnv: String? = nil, supersetPasswordEnv: String? = nil, settings: SettingsOverride = SettingsOverride(), line: Int = 0) {
        self.name = name
        self.apiURL = apiURL
        self.supersetURL = supersetURL
        self.odbcConnectionStringEnv = odbcConnectionStringEnv
        self.supersetUsernameEnv = supersetUsernameEnv
        self.supersetPasswordEnv = supersetPasswordEnv
        self.settings = settings
        self.line = line
    }
}

package struct SentinelExpectation: Sendable, Equatable {
    package enum Match: String, Sendable, CaseIterable { case exact, prefix, pattern }
    package var path: String
    package var module: String
    package var status: String
    package var match: Match

    package init(path: String, module: String, status: String, match: Match) {
        self.path = path
        self.module = module
        self.status = status
        self.match = match
    }

    /// What may follow a matched prefix: a build suffix starts with one of these.
    package static let prefixSeparators: Set<Character> = ["-", ".", "+", "_"]

    package func statusMatches(_ actual: String) -> Bool {
        switch match {
        case .exact: return actual == status
        case .prefix:
            // A boundary after the prefix: `phase-8-superset-ready-a54-fixed` matches, `phase-8-superset-ready2` does not.
            guard actual.hasPrefix(status) else { return false }
            return actual.dropFirst(status.count).first.map(Self.prefixSeparators.contains) ?? true
        case .pattern: return (try? Regex(status).wholeMatch(in: actual)) != nil
        }
    }
}

/// What a row count outside its expectation means: `fail` (the default) fails the gate,
/// `warn` reports it without changing the exit code (a data state that drifts on its own).
public enum CheckLevel: String, Sendable, Equatable, CaseIterable {
    case fail, warn
}

public struct ChartExpectation: Sendable, Equatable {
    public var name: String
    public var viz: String
    /// Result rows of the chart's render, per environment (exact or a range); optional.
    public var rows: [String: RowExpectation]
    /// Its value (`value:`) or values by group (`values:`), per environment; optional.
    public var values: [String: ChartValueExpectation] = [:]
    /// What the environment's viewer sees of it, where that is less than the gate's login sees (`viewer:`).
    public var viewer = ViewerExpectation()
    /// Where the chart stands in the expectations file: a failure of one of its checks points there.
    package var line: Int?
    package init(name: String, viz: String, rows: [String: RowExpectation] = [:], values: [String: ChartValueExpectation] = [:]) {
        self.name = name
        self.viz = viz
        self.rows = rows
        self.values = values
    }
}

public struct DashboardExpectation: Sendable, Equatable {
    public var slug: String
    public var title: String
    package var ids: [String: Int]
    /// The query file as written in the expectations file, and its text.
    public var queryPath: String
    public var sql: String
    public var rows: [String: RowExpectation]
    public var note: String?
    public var charts: [ChartExpectation]
    /// Where the dashboard stands in the expectations file, for errors found after loading.
    package var line: Int?
    /// Where each of its keys stands (`rows` → 95): a failure points at the key its check judged.
    package var keyLines: [String: Int] = [:]
    /// How a row count outside `rows` is reported.
    public var level: CheckLevel = .fail
    /// What the dashboard checks (`CheckRegistry.dashboardChecks`) read from their own keys, by family.
    var checkValues: [CheckFamily: ExpectationValue] = [:]
    /// Its own trend rule, over the environment's.
    package var trend = TrendRuleOverride()
    /// What the environment's viewer sees of every chart without a `viewer:` of its own (`viewer: {rows: …}`).
    public var viewer = ViewerExpectation()
    /// The dashboard as the repository's bundle defines it, when the expectations name one (`assets:`).
    package var definition: BundleDashboard?

    /// The value a dashboard check's key gave, or nil when the expectations leave it out.
    package func value(for family: CheckFamily) -> ExpectationValue? { checkValues[family] }

    package mutating func setValue(_ value: ExpectationValue?, for family: CheckFamily) { checkValues[family] = value }

    /// The outcome of a row count outside `rows`, by `level`.
    package var rowMismatch: Outcome { level == .warn ? .warning : .failed }

    package init(slug: String, title: String, ids: [String: Int] = [:], queryPath: String, sql: String,
                rows: [String: RowExpectation], note: String? = nil, charts: [ChartExpectation] = [], line: Int? = nil) {
        self.line = line
        self.slug = slug
        self.title = title
        self.ids = ids
        self.queryPath = queryPath
        self.sql = sql
        self.rows = rows
        self.note = note
        self.charts = charts
    }
}

/// The whole expectations file, validated.
public struct Expectations: Sendable, Equatable {
    public var file: String
    /// The defaults overridden by the file's `settings:`.
    package var settings: Settings
    public var environments: [EnvironmentSpec]
    package var sentinel: SentinelExpectation?
    public var dashboards: [DashboardExpectation]
    /// `history:`: the run history's file and the trend rule, for every environment.
    package var history = TrendRuleOverride()
    /// `assets:`: the repository's Superset export bundle, as the file names it.
    package var assets: String?

    package init(file: String, settings: Settings = .defaults, environments: [EnvironmentSpec], sentinel: SentinelExpectation?, dashboards: [DashboardExpectation]) {
        self.file = file
        self.settings = settings
        self.environments = environments
        self.sentinel = sentinel
        self.dashboards = dashboards
    }

    /// A path written in the expectations file (a query, the history): absolute as written, else beside the file.
    package static func resolve(_ written: String, besideFile file: String) -> String {
        written.hasPrefix("/") ? written : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(written).path
    }

    package func environment(named name: String) throws(ConfigurationError) -> EnvironmentSpec {
        guard let spec = environments.first(where: { $0.name == name }) else {
            let known = environments.map(\.name).joined(separator: ", ")
            throw ConfigurationError(file: file, line: nil, column: nil,
                                     message: "unknown environment '\(name)'; this file defines: \(known)",
                                     hint: "pass one of those to --env, or add '\(name)' under environments:")
        }
        return spec
    }
}

/// `viewer: {rows: {ENV: R}, value: {ENV: V}}` on a chart (or `viewer: {rows: …}` on a dashboard): a viewer's role is
/// meant to see less than the gate's login (row-level security by design), so their render is held to these instead of
/// to what the gate's login got.
public struct ViewerExpectation: Sendable, Equatable {
    public var rows: [String: RowExpectation] = [:]
    public var values: [String: ChartValueExpectation] = [:]
    package init(rows: [String: RowExpectation] = [:], values: [String: ChartValueExpectation] = [:]) {
        self.rows = rows
        self.values = values
    }
}
