import Foundation

/// The three arms of the gate, plus the cross-arm agreement between two of them.
public enum Arm: String, Sendable, Codable, CaseIterable, Comparable {
    case sentinel, superset, db, agreement

    public var title: String {
        switch self {
        case .sentinel: return "sentinel"
        case .superset: return "superset"
        case .db: return "database"
        case .agreement: return "agreement"
        }
    }

    public static func < (lhs: Arm, rhs: Arm) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The arms that probe a target (agreement compares two of them).
    public static let probing: Set<Arm> = [.sentinel, .superset, .db]
}

/// What a check verifies. Evaluation, reports and tests switch over it; its text (`description`)
/// is what the console, JUnit and JSON show, and is parsed back only here, by `init(_:)`.
public indirect enum CheckKind: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A whole arm could not start (a refused login, a missing driver).
    case arm
    /// The sentinel reports the expected build.
    case sentinelStatus
    /// The dashboard exists with its title.
    case dashboard
    /// The pinned id and the slug lead to the same dashboard.
    case identity
    /// The dashboard is published (when the expectations ask).
    case published
    case crossFilters
    /// Every attached chart is laid out; every laid-out chart is attached and exists.
    case layout
    /// Listing the dashboard's charts (only reported when the listing fails).
    case charts
    /// One expected chart: present once, its type, and it renders.
    case chart(String)
    case noExtraCharts
    /// The dataset's row count (Superset arm) or the query's (database arm).
    case rows
    case sqlDrift
    /// The lint of the SQL deployed in Superset.
    case sqlLint
    /// The dataset runs on the environment's Superset database and schema.
    case database
    /// The lint of the repository's query (database arm).
    case lint
    /// `--fetch`: every row streamed.
    case fetch
    /// Superset's count equals the database's.
    case agreement
    /// A count (`.rows` or a chart's) against the same count in the history's recent runs.
    case trend(CheckKind)

    public var description: String {
        switch self {
        case .arm: return "arm"
        case .sentinelStatus: return "status"
        case .dashboard: return "dashboard"
        case .identity: return "id and slug"
        case .published: return "published"
        case .crossFilters: return "cross filters"
        case .layout: return "layout"
        case .charts: return "charts"
        case .chart(let name): return "chart \(name)"
        case .noExtraCharts: return "no extra charts"
        case .rows: return "rows"
        case .sqlDrift: return "sql drift"
        case .sqlLint: return "sql lint"
        case .database: return "superset database"
        case .lint: return "lint"
        case .fetch: return "fetch"
        case .agreement: return "superset = database"
        case .trend(let counted): return "trend of \(counted)"
        }
    }

    /// The kind with `transform` applied to the chart name it carries.
    public func mappingName(_ transform: (String) -> String) -> CheckKind {
        switch self {
        case .chart(let name): return .chart(transform(name))
        case .trend(let counted): return .trend(counted.mappingName(transform))
        default: return self
        }
    }

    /// The chart's name, for a chart check.
    public var chartName: String? {
        if case .chart(let name) = self { return name }
        return nil
    }

    static let fixed: [CheckKind] = [.arm, .sentinelStatus, .dashboard, .identity, .published, .crossFilters, .layout, .charts,
                                     .noExtraCharts, .rows, .sqlDrift, .sqlLint, .database, .lint, .fetch, .agreement]

    /// Reads a kind back from its text (a JSON report); nil for text no kind writes.
    public init?(_ text: String) {
        if let kind = Self.fixed.first(where: { $0.description == text }) {
            self = kind
        } else if text.hasPrefix("trend of "), let counted = CheckKind(String(text.dropFirst(9))) {
            self = .trend(counted)
        } else if text.hasPrefix("chart "), text.count > 6 {
            self = .chart(String(text.dropFirst(6)))
        } else {
            return nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let kind = CheckKind(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown check '\(text)'")
        }
        self = kind
    }
}

/// One check's verdict: passed, failed (reality differs from the expectation),
/// error (the check could not run), skipped (an earlier step made it meaningless), or warning
/// (a row count outside its expectation on a dashboard whose `level` is `warn`: reported, not failing).
public enum Outcome: String, Sendable, Codable, Comparable {
    case passed, failed, error, skipped, warning

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        let order: [Outcome] = [.passed, .warning, .skipped, .error, .failed]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// The result of one check: what was expected, what was seen, and why it matters.
public struct CheckResult: Sendable, Codable, Equatable {
    public var arm: Arm
    /// Which dashboard (slug), or nil for checks that belong to no dashboard (the sentinel).
    public var slug: String?
    public var dashboard: String?
    /// What the check verifies; unique within (arm, slug).
    public var check: CheckKind
    public var outcome: Outcome
    public var expected: String?
    public var actual: String?
    /// One line: why it failed or could not run; empty when it passed.
    public var message: String
    public var note: String?
    /// Longer detail for reports (diffs, Superset's answer).
    public var detail: String?
    /// The SQL that ran, for reports.
    public var sql: String?
    /// Service time: in its calls, first byte sent to last received.
    public var seconds: Double
    /// How many tries its calls took (a transient failure is retried); 1 when the first try answered.
    public var tries: Int = 1
    /// The tenant the check belongs to, when the environment has tenants.
    public var tenant: String? = nil
    /// `seconds` is the service time (in its calls, first byte sent to last received); this is the rest of
    /// its wall time: waiting for a free slot and between retries.
    public var queuedSeconds: Double = 0
    /// The row count this check observed (a dataset's or query's rows, a chart's rendered rows): what the run history
    /// keeps and trends compare. Nil for checks that count nothing, or when the count could not be taken.
    public var count: Int? = nil

    public init(arm: Arm, slug: String? = nil, dashboard: String? = nil, check: CheckKind, outcome: Outcome,
                expected: String? = nil, actual: String? = nil, message: String = "", note: String? = nil,
                detail: String? = nil, sql: String? = nil, seconds: Double = 0) {
        self.arm = arm
        self.slug = slug
        self.dashboard = dashboard
        self.check = check
        self.outcome = outcome
        self.expected = expected
        self.actual = actual
        self.message = message
        self.note = note
        self.detail = detail
        self.sql = sql
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case arm, tenant, slug, dashboard, check, outcome, expected, actual, count, message, note, detail, sql, seconds, queuedSeconds, tries
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arm = try container.decode(Arm.self, forKey: .arm)
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        slug = try container.decodeIfPresent(String.self, forKey: .slug)
        dashboard = try container.decodeIfPresent(String.self, forKey: .dashboard)
        check = try container.decode(CheckKind.self, forKey: .check)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        expected = try container.decodeIfPresent(String.self, forKey: .expected)
        actual = try container.decodeIfPresent(String.self, forKey: .actual)
        // Reports written before counts were kept have no `count`.
        count = try container.decodeIfPresent(Int.self, forKey: .count)
        message = try container.decode(String.self, forKey: .message)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        sql = try container.decodeIfPresent(String.self, forKey: .sql)
        seconds = try container.decode(Double.self, forKey: .seconds)
        queuedSeconds = try container.decodeIfPresent(Double.self, forKey: .queuedSeconds) ?? 0
        tries = try container.decodeIfPresent(Int.self, forKey: .tries) ?? 1
    }

    /// Every key is always present; what a check does not have is `null`, so readers need no guessing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arm, forKey: .arm)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(slug, forKey: .slug)
        try container.encode(dashboard, forKey: .dashboard)
        try container.encode(check, forKey: .check)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(expected, forKey: .expected)
        try container.encode(actual, forKey: .actual)
        try container.encode(count, forKey: .count)
        try container.encode(message, forKey: .message)
        try container.encode(note, forKey: .note)
        try container.encode(detail, forKey: .detail)
        try container.encode(sql, forKey: .sql)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(queuedSeconds, forKey: .queuedSeconds)
        try container.encode(tries, forKey: .tries)
    }

    /// "tenant t1 · database · Run Overview · rows": where a check belongs, as the reports that list problems name it.
    public var place: String {
        [tenant.map { "tenant \($0)" } ?? "", arm.title, dashboard ?? slug ?? "", check.description].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// "[t1] Run Overview": the dashboard (its slug without a title) and its tenant, as report tables show it.
    public var dashboardLabel: String {
        (tenant.map { "[\($0)] " } ?? "") + (dashboard ?? slug ?? "")
    }

    /// JUnit classname: dotted, so GitLab shows it as the suite and Jenkins splits at the last dot;
    /// `gate.<tenant>.<arm>.<slug>` when the environment has tenants.
    public var classname: String {
        let tail = (slug ?? "status").map { $0 == "." ? "_" : $0 }
        let tenantPart = tenant.map { String($0.map { $0 == "." ? "_" : $0 }) + "." } ?? ""
        return "gate.\(tenantPart)\(arm.rawValue).\(String(tail))"
    }
}
