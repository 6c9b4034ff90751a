/// The lint's verdict on one query: its findings, and whether they refuse it.
package struct LintVerdict: Sendable, Equatable {
    package let findings: [Diagnostic]

    package init(findings: [Diagnostic]) { self.findings = findings }

    /// An error refuses the query: the gate never wraps or executes it.
    package var refuses: Bool { findings.contains { $0.severity == .error } }

    /// The run deadline passed before the lint could judge the query: report it as an error, not a failed check.
    package var stoppedAtDeadline: Bool { findings.contains(where: \.stoppedAtDeadline) }
}

/// The lint stage of the pipeline: every query is linted once, before any arm runs, and its verdict handed
/// to the arms; the SQL deployed in Superset is linted by the Superset arm, with this stage's function, the
/// moment it has been read and before Superset runs it.
package enum LintStage {
    /// Each dashboard's repository query, by slug.
    /// Under the task's `CallDeadline` (the run deadline): once it passes, each query left is an error naming it.
    package static func lint(_ dashboards: [DashboardExpectation], maxQueryBytes: Int = SQLLint.defaultMaxQueryBytes) -> [String: LintVerdict] {
        Dictionary(dashboards.map { ($0.slug, LintVerdict(findings: SQLLint.check($0.sql, file: $0.queryPath, maxBytes: maxQueryBytes))) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// Each dashboard's repository query, capped at the plan's `max_query_bytes`.
    package static func lint(_ plan: GatePlan) -> [String: LintVerdict] {
        lint(plan.dashboards.map(\.expectation), maxQueryBytes: plan.settings.maxQueryBytes)
    }

    /// The lint of a dataset's SQL as Superset holds it. The Superset arm calls it as soon as it has read the
    /// SQL, before it asks Superset to run anything: a refused text is never counted or rendered.
    /// A text over `maxQueryBytes` is refused unread, naming the dataset.
    package static func deployed(sql: String, slug: String, table: String, maxQueryBytes: Int = SQLLint.defaultMaxQueryBytes) -> LintVerdict {
        LintVerdict(findings: SQLLint.check(sql, file: "superset:\(slug)/\(table)", maxBytes: maxQueryBytes))
    }
}
