import Foundation

/// The result of one check: what was expected, what was seen, and why it matters.
public struct CheckResult: Sendable, Codable, Equatable {
    public var arm: Arm
    /// Which dashboard (slug), or nil for checks that belong to no dashboard (the sentinel).
    public var slug: String?
    public var dashboard: String?
    /// What the check verifies; unique within (arm, slug).
    public var check: CheckKind
    public var outcome: Outcome
    /// What the check held the target to, and what it saw: values, put in words only by the reports.
    public var expected: CheckValue?
    public var actual: CheckValue?
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
    /// Where to look: the expectations file and the line of the dashboard the check judged, and its query file.
    public var location: Location? = nil

    /// `expectations.yaml:91`, query `Fixtures/queries/37_….sql`, and the dashboard's or chart's page in Superset.
    public struct Location: Sendable, Codable, Equatable {
        public var file: String
        public var line: Int?
        public var query: String?
        /// The page a person opens to see it: the dashboard's in Superset, or the chart's (explore) for a chart's check.
        public var url: String? = nil

        /// The page's URL when it is one a report may link (http or https): a link to anything else is not made.
        public var pageURL: String? {
            guard let url, let scheme = URL(string: url)?.scheme?.lowercased(), ["http", "https"].contains(scheme) else { return nil }
            return url
        }

        /// `expectations.yaml:91`.
        public var fileLine: String { file + (line.map { ":\($0)" } ?? "") }

        /// `expectations.yaml:91 (query Fixtures/queries/37.sql)`.
        public var words: String { fileLine + (query.map { " (query \($0))" } ?? "") }

        /// Where to look as a report's lines: the place, then the page in Superset when there is one.
        public var lines: [String] { ["at \(words)"] + (url.map { ["in Superset: \($0)"] } ?? []) }
    }

    public init(arm: Arm, slug: String? = nil, dashboard: String? = nil, check: CheckKind, outcome: Outcome,
                expected: CheckValue? = nil, actual: CheckValue? = nil, message: String = "", note: String? = nil,
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
        case arm, tenant, slug, dashboard, check, kind, outcome, expected, actual, expectedValue, actualValue, count, message, note, detail, sql, seconds, queuedSeconds, tries,
             location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arm = try container.decode(Arm.self, forKey: .arm)
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        slug = try container.decodeIfPresent(String.self, forKey: .slug)
        dashboard = try container.decodeIfPresent(String.self, forKey: .dashboard)
        // `check` is the kind in words, for people; `kind` is what is read back.
        check = try container.decode(CheckKind.self, forKey: .kind)
        outcome = try container.decode(Outcome.self, forKey: .outcome)
        // `expected` and `actual` are words, for people; the values are read back. A report written before values were
        // kept has only the words.
        expected = try container.decodeIfPresent(CheckValue.self, forKey: .expectedValue)
            ?? container.decodeIfPresent(String.self, forKey: .expected).map(CheckValue.text)
        actual = try container.decodeIfPresent(CheckValue.self, forKey: .actualValue)
            ?? container.decodeIfPresent(String.self, forKey: .actual).map(CheckValue.text)
        // Reports written before counts were kept have no `count`.
        count = try container.decodeIfPresent(Int.self, forKey: .count)
        message = try container.decode(String.self, forKey: .message)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        sql = try container.decodeIfPresent(String.self, forKey: .sql)
        seconds = try container.decode(Double.self, forKey: .seconds)
        queuedSeconds = try container.decodeIfPresent(Double.self, forKey: .queuedSeconds) ?? 0
        tries = try container.decodeIfPresent(Int.self, forKey: .tries) ?? 1
        location = try container.decodeIfPresent(Location.self, forKey: .location)
    }

    /// Every key is always present; what a check does not have is `null`, so readers need no guessing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arm, forKey: .arm)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(slug, forKey: .slug)
        try container.encode(dashboard, forKey: .dashboard)
        try container.encode(check.description, forKey: .check)
        try container.encode(check, forKey: .kind)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(expected?.description, forKey: .expected)
        try container.encode(actual?.description, forKey: .actual)
        try container.encode(expected, forKey: .expectedValue)
        try container.encode(actual, forKey: .actualValue)
        try container.encode(count, forKey: .count)
        try container.encode(message, forKey: .message)
        try container.encode(note, forKey: .note)
        try container.encode(detail, forKey: .detail)
        try container.encode(sql, forKey: .sql)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(queuedSeconds, forKey: .queuedSeconds)
        try container.encode(tries, forKey: .tries)
        try container.encode(location, forKey: .location)
    }

    /// Which dashboard of which tenant the check belongs to.
    package var dashboardKey: DashboardKey { DashboardKey(tenant: tenant, slug: slug) }

    /// What makes a check unique in a run: no two results share it.
    package var identity: CheckIdentity { CheckIdentity(tenant: tenant, arm: arm, slug: slug, check: check) }

    /// "tenant t1 · database · Run Overview · rows": where a check belongs, as the reports that list problems name it.
    public var place: String {
        [tenant.map { "tenant \($0)" } ?? "", arm.title, dashboard ?? slug ?? "", check.description].filter { !$0.isEmpty }.joined(separator: " · ")
    }

    /// "[t1] Run Overview": the dashboard (its slug without a title) and its tenant, as report tables show it.
    package var dashboardLabel: String {
        (tenant.map { "[\($0)] " } ?? "") + (dashboard ?? slug ?? "")
    }
}

/// A dashboard of a run by its tenant: what tables group by and trend rules are found under.
package struct DashboardKey: Hashable, Sendable {
    package var tenant: String?
    package var slug: String?
}

/// A check's place in a run: tenant, arm, dashboard and kind. Unique within a run.
package struct CheckIdentity: Hashable, Sendable {
    package var tenant: String?
    package var arm: Arm
    package var slug: String?
    package var check: CheckKind
}
