import Foundation

/// A dashboard's `json_metadata`, as far as the gate reads it.
package struct DashboardMetadata {
    /// Nil when the key is absent.
    package let crossFiltersEnabled: Bool?
    /// Native filters that start with a value: `Status = ['Complete']`.
    package let defaultNativeFilters: [String]

    init(_ text: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        crossFiltersEnabled = object["cross_filters_enabled"] as? Bool
        var defaults: [String] = []
        for filter in object["native_filter_configuration"] as? [[String: Any]] ?? [] {
            let state = ((filter["defaultDataMask"] as? [String: Any])?["filterState"] as? [String: Any])
            guard let value = state?["value"], !(value is NSNull) else { continue }
            if let list = value as? [Any], list.isEmpty { continue }
            let name = filter["name"] as? String ?? filter["id"] as? String ?? "filter"
            let column = ((filter["targets"] as? [[String: Any]])?.first?["column"] as? [String: Any])?["name"] as? String
            defaults.append("\(name)" + (column.map { " (\($0))" } ?? "") + " = \(SavedQuery.text(value))")
        }
        defaultNativeFilters = defaults
    }
}
