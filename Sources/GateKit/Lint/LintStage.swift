/// The lint's verdict on one query: its findings, and whether they refuse it.
public struct LintVerdict: Sendable, Equatable {
    public let findings: [Diagnostic]

    public init(findings: [Diagnostic]) { self.findings = findings }

    /// An error refuses the query: the gate never wraps or executes it.
    public var refuses: Bool { findings.contains { $0.severity == .error } }
}

/// The lint stage of the pipeline: every query is linted once, before any arm runs, and its verdict
/// handed to the arms; the SQL deployed in Superset is linted once it has been read.
public enum LintStage {
    /// Each dashboard's repository query, by slug.
    public static func lint(_ dashboards: [DashboardExpectation]) -> [String: LintVerdict] {
        Dictionary(dashboards.map { ($0.slug, LintVerdict(findings: SQLLint.check($0.sql, file: $0.queryPath))) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The dataset SQL that Superset holds, for each dashboard where the Superset arm read one.
    public static func lintDeployedSQL(_ observations: inout Observations) {
        for index in observations.superset.indices {
            guard let datasets = try? observations.superset[index].datasets?.get(), datasets.count == 1,
                  let dataset = datasets.first, let sql = dataset.sql else { continue }
            let file = "superset:\(observations.superset[index].slug)/\(dataset.tableName)"
            observations.superset[index].deployedLint = LintVerdict(findings: SQLLint.check(sql, file: file))
        }
    }
}
