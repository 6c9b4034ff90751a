import Foundation

/// A dashboard's layout as its page draws it, read from `position_json`: the `CHART` entries and the
/// chart each names (`meta.chartId`). Superset's chart list (`/dashboard/{id}/charts`) comes from another
/// place (the dashboard's `slices`), and the two can disagree.
public struct SupersetLayout: Sendable, Equatable {
    public struct ChartEntry: Sendable, Equatable {
        /// The layout key, e.g. `CHART-3`.
        public let key: String
        public let chartID: Int?
        /// The name the layout shows for it (`meta.sliceName`), if any.
        public let sliceName: String?
        /// The layout entries it sits under (`ROOT_ID`, `GRID_ID`, `TABS-…`, `ROW-…`): what a native filter's scope
        /// (`rootPath`) is written in.
        public var parents: [String] = []
    }

    public let charts: [ChartEntry]

    public var chartIDs: [Int] { charts.compactMap(\.chartID) }

    /// Nil when the text is not a JSON object (a dashboard that was never laid out has an empty one).
    public init?(positionJSON: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(positionJSON.utf8)) as? [String: Any] else { return nil }
        charts = object.compactMap { key, value -> ChartEntry? in
            guard let entry = value as? [String: Any], entry["type"] as? String == "CHART" else { return nil }
            let meta = entry["meta"] as? [String: Any] ?? [:]
            let id = (meta["chartId"] as? Int) ?? (meta["chartId"] as? String).flatMap { Int($0) }
            return ChartEntry(key: key, chartID: id, sliceName: meta["sliceName"] as? String,
                              parents: (entry["parents"] as? [Any] ?? []).compactMap { $0 as? String })
        }.sorted { $0.key < $1.key }
    }
}
