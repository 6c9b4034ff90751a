/// `max_cache_timeout: SECONDS` on a dashboard: no chart on it is saved to keep its results longer. A chart cached for a
/// day shows the numbers from before a deploy for a day after it. A chart without its own `cache_timeout` uses its
/// dataset's or Superset's default, which this check does not bound.
package enum CacheTimeoutCheck: DashboardCheck {
    package static let family = CheckFamily(code: "cache-timeout", title: "cache timeout")
    package static let key: ExpectationKey? = ExpectationKey("max_cache_timeout") { node, reader throws(ConfigurationError) in
        let seconds = try reader.int(node, "max_cache_timeout")
        guard (0...31_536_000).contains(seconds) else {
            throw reader.error(node, "max_cache_timeout must be from 0 to 31536000 seconds (a year), not \(seconds)")
        }
        return .number(seconds)
    }

    package static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind] {
        dashboard.value(for: family)?.number == nil ? [] : [CheckKind(family: family)]
    }

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        guard let limit = context.dashboard.value(for: family)?.number else { return [] }
        var result = context.result(family)
        result.expected = .cacheLimit(seconds: limit)
        guard case .success(let charts)? = context.observation.charts else {
            result.outcome = .skipped
            result.message = "the dashboard's charts could not be listed (see layout)"
            return [result]
        }
        var over: [String] = []
        var unread: [String] = []
        var longest: Int?
        for chart in charts {
            switch context.observation.definitions[chart.id] {
            case .success(let definition)?:
                guard let seconds = definition.cacheTimeout else { continue }
                longest = max(longest ?? seconds, seconds)
                if seconds > limit { over.append("'\(chart.name)' (id \(chart.id)) caches for \(seconds) s") }
            case .failure(let failure)?: unread.append("'\(chart.name)' (id \(chart.id)): \(failure.message)")
            case nil: unread.append("'\(chart.name)' (id \(chart.id)): not read")
            }
        }
        result.actual = .longestCache(seconds: longest)
        if !over.isEmpty {
            result.outcome = .failed
            result.message = "\(context.dashboard.title): " + over.joined(separator: ", ")
                + ", over \(limit) s: viewers see results that old after a deploy; lower the chart's cache timeout in Superset"
        } else if !unread.isEmpty {
            result.outcome = .error
            result.message = "\(context.dashboard.title): could not read the cache timeout of " + unread.joined(separator: "; ")
        }
        return [result]
    }
}
