import Foundation

/// A family of checks, as `PSQLError.Code` names an error: a stable `code` that the run history and the JSON report
/// keep (never reworded), and the `title` reports show. Two families are the same when their codes are.
public struct CheckFamily: Sendable, Hashable, CustomStringConvertible {
    /// Stable identity: a history column and the JSON report's `kind.family`.
    public let code: String
    /// What the console, JUnit, HTML and summary call it.
    public let title: String

    package init(code: String, title: String) {
        self.code = code
        self.title = title
    }

    public var description: String { title }

    public static func == (lhs: CheckFamily, rhs: CheckFamily) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

// MARK: - The families every run knows

extension CheckFamily {
    /// A whole arm could not start (a refused login, a missing driver).
    public static let arm = CheckFamily(code: "arm", title: "arm")
    /// The sentinel reports the expected build.
    public static let sentinelStatus = CheckFamily(code: "status", title: "status")
    /// The dashboard exists with its title.
    public static let dashboard = CheckFamily(code: "dashboard", title: "dashboard")
    /// The pinned id and the slug lead to the same dashboard.
    public static let identity = CheckFamily(code: "identity", title: "id and slug")
    /// Every attached chart is laid out; every laid-out chart is attached and exists.
    public static let layout = CheckFamily(code: "layout", title: "layout")
    /// Listing the dashboard's charts: gates before 0.27 reported a failed listing under it (now the layout check does);
    /// kept so their histories and reports read back.
    public static let charts = CheckFamily(code: "charts", title: "charts")
    /// One expected chart: present once, its type, and it renders.
    public static let chart = CheckFamily(code: "chart", title: "chart")
    public static let noExtraCharts = CheckFamily(code: "no-extra-charts", title: "no extra charts")
    /// The dataset's row count (Superset arm) or the query's (database arm).
    public static let rows = CheckFamily(code: "rows", title: "rows")
    public static let sqlDrift = CheckFamily(code: "sql-drift", title: "sql drift")
    /// The lint of the SQL deployed in Superset.
    public static let sqlLint = CheckFamily(code: "sql-lint", title: "sql lint")
    /// The dataset runs on the environment's Superset database and schema.
    public static let database = CheckFamily(code: "superset-database", title: "superset database")
    /// The lint of the repository's query (database arm).
    public static let lint = CheckFamily(code: "lint", title: "lint")
    /// `--fetch`: every row streamed.
    public static let fetch = CheckFamily(code: "fetch", title: "fetch")
    /// Superset's count equals the database's.
    public static let agreement = CheckFamily(code: "agreement", title: "superset = database")
    /// Superset's rows are the database's rows: the same content fingerprint, not only the same count.
    public static let content = CheckFamily(code: "content", title: "same rows")
    /// A count (`.rows` or a chart's) against the same count in the history's recent runs.
    public static let trend = CheckFamily(code: "trend", title: "trend")
}

/// What one check verifies: its family, the chart it is about (for a chart's own checks) and, for a trend, the family
/// whose count it follows. Typed all the way: the history keeps each part in its own column and the JSON report in its
/// own key, so nothing is ever read back from the words reports show (`description`).
public struct CheckKind: Sendable, Hashable, CustomStringConvertible {
    public let family: CheckFamily
    /// The chart's name, for a chart's check (and the trend of its count).
    public let chart: String?
    /// For a trend: the family whose count it follows (`rows` or `chart`).
    package let counted: CheckFamily?

    package init(family: CheckFamily, chart: String? = nil, counted: CheckFamily? = nil) {
        self.family = family
        self.chart = chart
        self.counted = counted
    }

    package static let arm = CheckKind(family: .arm)
    package static let sentinelStatus = CheckKind(family: .sentinelStatus)
    package static let dashboard = CheckKind(family: .dashboard)
    package static let identity = CheckKind(family: .identity)
    package static let layout = CheckKind(family: .layout)
    package static let charts = CheckKind(family: .charts)
    package static let noExtraCharts = CheckKind(family: .noExtraCharts)
    package static let rows = CheckKind(family: .rows)
    package static let sqlDrift = CheckKind(family: .sqlDrift)
    package static let sqlLint = CheckKind(family: .sqlLint)
    package static let database = CheckKind(family: .database)
    package static let lint = CheckKind(family: .lint)
    package static let fetch = CheckKind(family: .fetch)
    package static let agreement = CheckKind(family: .agreement)
    package static let content = CheckKind(family: .content)

    /// One expected chart's check.
    package static func chart(_ name: String) -> CheckKind { CheckKind(family: .chart, chart: name) }

    /// The trend of a counted check's count (`rows`, or a chart's).
    package static func trend(_ counted: CheckKind) -> CheckKind {
        CheckKind(family: .trend, chart: counted.chart, counted: counted.family)
    }

    /// For a trend, the check whose count it follows.
    package var trended: CheckKind? {
        guard family == .trend, let counted else { return nil }
        return CheckKind(family: counted, chart: chart)
    }

    /// The chart's name, for a chart check (not for the trend of its count).
    public var chartName: String? { family == .chart ? chart : nil }

    /// "rows", "chart Runs Table", "trend of chart Runs Table": the words every report uses.
    public var description: String {
        if let trended { return "trend of \(trended)" }
        return chart.map { "\(family.title) \($0)" } ?? family.title
    }

    /// The kind with `transform` applied to the chart name it carries.
    package func mappingName(_ transform: (String) -> String) -> CheckKind {
        CheckKind(family: family, chart: chart.map(transform), counted: counted)
    }
}

// MARK: - Codable

/// `{"family": "chart", "chart": "Runs Table", "counted": null}`: the JSON report's `kind`, read back by `merge`.
extension CheckKind: Codable {
    enum CodingKeys: String, CodingKey { case family, chart, counted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let family = try container.decode(String.self, forKey: .family)
        self.init(family: CheckRegistry.family(code: family), chart: try container.decodeIfPresent(String.self, forKey: .chart),
                  counted: try container.decodeIfPresent(String.self, forKey: .counted).map(CheckRegistry.family(code:)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(family.code, forKey: .family)
        try container.encode(chart, forKey: .chart)
        try container.encode(counted?.code, forKey: .counted)
    }
}
