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
    /// Short, unique within (arm, slug): `rows`, `lint`, `chart Runs Table`, …
    public var check: String
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
    public var seconds: Double

    public init(arm: Arm, slug: String? = nil, dashboard: String? = nil, check: String, outcome: Outcome,
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
        case arm, slug, dashboard, check, outcome, expected, actual, message, note, detail, sql, seconds
    }

    /// Every key is always present; what a check does not have is `null`, so readers need no guessing.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arm, forKey: .arm)
        try container.encode(slug, forKey: .slug)
        try container.encode(dashboard, forKey: .dashboard)
        try container.encode(check, forKey: .check)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(expected, forKey: .expected)
        try container.encode(actual, forKey: .actual)
        try container.encode(message, forKey: .message)
        try container.encode(note, forKey: .note)
        try container.encode(detail, forKey: .detail)
        try container.encode(sql, forKey: .sql)
        try container.encode(seconds, forKey: .seconds)
    }

    /// JUnit classname: dotted, so GitLab shows it as the suite and Jenkins splits at the last dot.
    public var classname: String {
        let tail = (slug ?? "status").map { $0 == "." ? "_" : $0 }
        return "gate.\(arm.rawValue).\(String(tail))"
    }
}

/// All results of one gate run.
public struct GateReport: Sendable, Codable, Equatable {
    public var environment: String
    public var startedAt: Date
    public var seconds: Double
    public var results: [CheckResult]
    /// Wall time of each arm (its checks run concurrently, so their times do not add up).
    public var armSeconds: [Arm: Double]

    public init(environment: String, startedAt: Date, seconds: Double, results: [CheckResult], armSeconds: [Arm: Double] = [:]) {
        self.environment = environment
        self.armSeconds = armSeconds
        self.startedAt = startedAt
        self.seconds = seconds
        self.results = results
    }

    public func count(_ outcome: Outcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// The process exit code for this report. A definite failure (1) outranks a check that
    /// could not run (3): retrying cannot fix the former.
    public var exitCode: Int32 {
        if results.contains(where: { $0.outcome == .failed }) { return ExitCodes.checkFailed }
        if results.contains(where: { $0.outcome == .error }) { return ExitCodes.couldNotRun }
        return ExitCodes.passed
    }
}

/// Exit codes are an API; the README documents them.
public enum ExitCodes {
    public static let passed: Int32 = 0
    public static let checkFailed: Int32 = 1
    public static let configuration: Int32 = 2
    public static let couldNotRun: Int32 = 3
}
