import Foundation

/// A dashboard's `json_metadata`, as far as the gate reads it.
package struct DashboardMetadata {
    /// Nil when the key is absent.
    package let crossFiltersEnabled: Bool?
    /// Native filters that start with a value: `Status (status) = ['Complete']` (worded as the dashboard render names
    /// the filters it applies).
    package let defaultNativeFilters: [String]

    init(_ text: String) {
        let metadata = DefinitionValue(json: text) ?? .object([:])
        switch metadata["cross_filters_enabled"] {
        case .bool(let flag)?: crossFiltersEnabled = flag
        case .number(let number)?: crossFiltersEnabled = number != 0
        default: crossFiltersEnabled = nil
        }
        defaultNativeFilters = (metadata["native_filter_configuration"]?.array ?? []).compactMap(DashboardDefaults.described)
    }
}
