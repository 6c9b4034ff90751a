/// Cross filters are enabled on every dashboard (`cross_filters_enabled` in its `json_metadata`).
package enum CrossFiltersCheck: DashboardCheck {
    package static let family = CheckFamily(code: "cross-filters", title: "cross filters")

    package static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind] { [CheckKind(family: family)] }

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        var crossFilters = context.result(family)
        crossFilters.expected = .state(.enabled)
        // Superset 6.1 reads a missing key as enabled (frontend `isCrossFiltersEnabled`: undefined or true;
        // backend DashboardDAO: `data.get("cross_filters_enabled", True)`).
        switch context.metadata.crossFiltersEnabled {
        case nil: crossFilters.actual = .state(.enabledByDefault)
        case true?: crossFilters.actual = .state(.enabled)
        case false?:
            crossFilters.actual = .state(.disabled)
            crossFilters.outcome = .failed
            crossFilters.message = "\(context.dashboard.title): cross_filters_enabled is false in json_metadata"
        }
        return [crossFilters]
    }
}

extension CheckKind {
    package static let crossFilters = CheckKind(family: CrossFiltersCheck.family)
}
