import Foundation
import Probes

/// What a viewer's first view of a dashboard applies to each chart: the default values of the native filters whose
/// scope includes it, merged into the chart's saved query the way Superset 6.1's dashboard page does. Read from
/// Superset's frontend (superset-frontend at 6.1.0):
/// - `src/dashboard/util/getChartIdsInFilterScope.ts`: a chart is in a filter's scope when it is not in
///   `scope.excluded` and one of its layout entries has a parent in `scope.rootPath` (`chartsInScope`, which an
///   import does not remap, is not read);
/// - `packages/superset-ui-core/src/query/buildQueryObject.ts`: `extra_form_data.filters` and `adhoc_filters` are
///   appended to the chart's own, every other key overrides;
/// - `packages/superset-ui-core/src/query/constants.ts` and `processExtraFormData.ts`: `granularity_sqla` →
///   `granularity`; `time_range`, `time_column`, `time_grain`, `granularity` as they are; `time_grain_sqla`,
///   `relative_start`, `relative_end` into `extras` (the server applies `time_range` to the chart's temporal filter).
package struct DashboardDefaults: Sendable, Equatable {
    package struct Filter: Sendable, Equatable {
        package let name: String
        /// `Status = ['Failed']`, `Time = 2020-01-01 : 2100-01-01`.
        package let words: String
        /// `defaultDataMask.extraFormData`: what its default adds to a chart's query.
        package let extraFormData: DefinitionValue
        package let rootPath: Set<String>
        package let excluded: Set<Int>
    }

    /// The filters with a static default, in the dashboard's order.
    package let filters: [Filter]
    /// Filters set to select their first value by default: no static default to apply (the value depends on the
    /// data when the page opens), named in the report instead of guessed.
    package let firstValue: [String]

    package init(jsonMetadata: String) {
        let metadata = DefinitionValue(json: jsonMetadata) ?? .object([:])
        var filters: [Filter] = []
        var firstValue: [String] = []
        for filter in metadata["native_filter_configuration"]?.array ?? [] {
            let name = filter["name"]?.string ?? filter["id"]?.string ?? "filter"
            if filter["controlValues"]?["defaultToFirstItem"] == .bool(true) {
                firstValue.append(name)
                continue
            }
            guard let extra = filter["defaultDataMask"]?["extraFormData"], let keys = extra.object, !keys.isEmpty else { continue }
            let scope = filter["scope"]
            let rootPath = Set((scope?["rootPath"]?.array ?? [.string("ROOT_ID")]).compactMap(\.string))
            let excluded = Set((scope?["excluded"]?.array ?? []).compactMap(\.integer))
            filters.append(Filter(name: name, words: Self.described(filter) ?? Self.label(filter) + " = " + extra.json, extraFormData: extra,
                                  rootPath: rootPath, excluded: excluded))
        }
        self.filters = filters
        self.firstValue = firstValue
    }

    /// The filters whose default reaches chart `id`, laid out under `parents` (each of its layout entries' parents).
    package func filters(reaching id: Int, parents: [[String]]) -> [Filter] {
        filters.filter { filter in
            !filter.excluded.contains(id) && parents.contains { entry in entry.contains { filter.rootPath.contains($0) } }
        }
    }

    /// `Status (status) = ['Failed']`: a native filter and the value it starts from, as the console lists default
    /// filters; nil when it starts from none.
    static func described(_ filter: DefinitionValue) -> String? {
        guard let value = filter["defaultDataMask"]?["filterState"]?["value"], value != .null, value != .array([]) else { return nil }
        return label(filter) + " = " + words(value)
    }

    /// `Status (status)`: the filter's name and the column it targets.
    static func label(_ filter: DefinitionValue) -> String {
        let name = filter["name"]?.string ?? filter["id"]?.string ?? "filter"
        return name + (filter["targets"]?.array?.first?["column"]?["name"]?.string.map { " (\($0))" } ?? "")
    }

    /// `['Failed', 'Cancelled']`, `'2020-01-01 : 2100-01-01'`.
    static func words(_ value: DefinitionValue) -> String {
        switch value {
        case .string(let text): return "'\(text)'"
        case .array(let items): return "[" + items.map { $0.string.map { "'\($0)'" } ?? $0.json }.joined(separator: ", ") + "]"
        default: return value.json
        }
    }

    /// The saved query context with `filters`' defaults merged into each of its queries; nil when it is not a JSON
    /// object with queries.
    package static func applying(_ filters: [Filter], to queryContext: String) -> Data? {
        guard var context = (try? JSONSerialization.jsonObject(with: Data(queryContext.utf8))) as? [String: Any],
              var queries = context["queries"] as? [[String: Any]] else { return nil }
        for index in queries.indices {
            for filter in filters {
                guard let extra = (try? JSONSerialization.jsonObject(with: Data(filter.extraFormData.json.utf8))) as? [String: Any] else { continue }
                queries[index] = merged(queries[index], extra)
            }
        }
        context["queries"] = queries
        return try? JSONSerialization.data(withJSONObject: context)
    }

    /// One query with one filter's `extraFormData`, as `buildQueryObject` and `overrideExtraFormData` merge it.
    static func merged(_ query: [String: Any], _ extra: [String: Any]) -> [String: Any] {
        var query = query
        var extras = query["extras"] as? [String: Any] ?? [:]
        var filters = query["filters"] as? [[String: Any]] ?? []
        filters += extra["filters"] as? [[String: Any]] ?? []
        for adhoc in extra["adhoc_filters"] as? [[String: Any]] ?? [] {
            if adhoc["expressionType"] as? String == "SQL", let sql = adhoc["sqlExpression"] as? String {
                let clause = (adhoc["clause"] as? String ?? "WHERE").lowercased() == "having" ? "having" : "where"
                let existing = (extras[clause] as? String ?? "").trimmingCharacters(in: .whitespaces)
                extras[clause] = existing.isEmpty ? "(\(sql))" : "(\(existing)) AND (\(sql))"
            } else if let column = adhoc["subject"], let op = adhoc["operator"] {
                var simple: [String: Any] = ["col": column, "op": op]
                if let value = adhoc["comparator"] { simple["val"] = value }
                filters.append(simple)
            }
        }
        query["filters"] = filters
        let regular = ["granularity": "granularity", "granularity_sqla": "granularity", "time_column": "time_column",
                       "time_grain": "time_grain", "time_range": "time_range"]
        for (key, target) in regular.sorted(by: { $0.key < $1.key }) {
            if let value = extra[key] { query[target] = value }
        }
        for key in ["relative_start", "relative_end", "time_grain_sqla"] {
            if let value = extra[key] { extras[key] = value }
        }
        if !extras.isEmpty { query["extras"] = extras }
        return query
    }
}
