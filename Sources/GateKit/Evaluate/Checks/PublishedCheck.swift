/// `published: true|false`: the dashboard is published (or a draft), checked only when the expectations ask.
/// A draft dashboard is hidden from viewers who do not own it.
package enum PublishedCheck: DashboardCheck {
    package static let family = CheckFamily(code: "published", title: "published")
    package static let key: ExpectationKey? = ExpectationKey("published") { node, reader throws(ConfigurationError) in
        .flag(try reader.bool(node, "published"))
    }

    package static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind] {
        dashboard.published == nil ? [] : [CheckKind(family: family)]
    }

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        guard let wanted = context.dashboard.published else { return [] }
        var published = context.result(family)
        let expected = CheckValue.State(published: wanted)
        let actual = context.found.published.map(CheckValue.State.init(published:)) ?? .notReported
        published.expected = .state(expected)
        published.actual = .state(actual)
        if actual != expected {
            published.outcome = .failed
            published.message = "\(context.dashboard.title) is \(actual), expected \(expected)"
                + (wanted ? ": a draft dashboard is hidden from viewers who do not own it" : "")
        }
        return [published]
    }
}

extension CheckValue.State {
    init(published: Bool) { self = published ? .published : .draft }
}

extension CheckKind {
    package static let published = CheckKind(family: PublishedCheck.family)
}

extension DashboardExpectation {
    /// Whether the dashboard must be published; nil when the expectations do not say.
    package var published: Bool? {
        get { value(for: PublishedCheck.family)?.flag }
        set { setValue(newValue.map(ExpectationValue.flag), for: PublishedCheck.family) }
    }
}
