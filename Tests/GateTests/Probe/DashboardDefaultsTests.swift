import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Native filter defaults as Superset 6.1's dashboard page applies them: scope over the layout, and each
/// `extraFormData` key merged into a chart's saved query the way `buildQueryObject` does.
@Suite("Dashboard defaults")
struct DashboardDefaultsTests {
    static let metadata = #"""
        {"native_filter_configuration": [
          {"name": "Status", "filterType": "filter_select", "targets": [{"column": {"name": "status"}}],
           "defaultDataMask": {"extraFormData": {"filters": [{"col": "status", "op": "IN", "val": ["Failed"]}]}, "filterState": {"value": ["Failed"]}},
           "scope": {"rootPath": ["ROOT_ID"], "excluded": [3]}, "chartsInScope": [99]},
          {"name": "Tab only", "filterType": "filter_time",
           "defaultDataMask": {"extraFormData": {"time_range": "Last week", "granularity_sqla": "ended_at", "time_grain_sqla": "P1D",
                                                 "adhoc_filters": [{"expressionType": "SQL", "clause": "WHERE", "sqlExpression": "x > 1"},
                                                                   {"expressionType": "SIMPLE", "subject": "pool", "operator": "==", "comparator": "P1"}]},
                               "filterState": {"value": "Last week"}},
           "scope": {"rootPath": ["TAB-2"], "excluded": []}},
          {"name": "No default", "filterType": "filter_select", "defaultDataMask": {"extraFormData": {}, "filterState": {"value": null}}},
          {"name": "First", "filterType": "filter_select", "controlValues": {"defaultToFirstItem": true},
           "defaultDataMask": {"extraFormData": {}, "filterState": {}}}
        ]}
        """#

    @Test("scope is rootPath and excluded over the layout's parents; chartsInScope is not read; first-value filters are named")
    func scope() {
        let defaults = DashboardDefaults(jsonMetadata: Self.metadata)
        #expect(defaults.filters.map(\.name) == ["Status", "Tab only"])
        #expect(defaults.firstValue == ["First"])
        #expect(defaults.filters[0].words == "Status (status) = ['Failed']" && defaults.filters[1].words == "Tab only = 'Last week'")
        #expect(defaults.filters(reaching: 1, parents: [["ROOT_ID", "GRID_ID", "ROW-1"]]).map(\.name) == ["Status"])
        #expect(defaults.filters(reaching: 3, parents: [["ROOT_ID", "GRID_ID"]]).isEmpty, "excluded")
        #expect(defaults.filters(reaching: 2, parents: [["ROOT_ID", "TABS-1", "TAB-2", "ROW-4"]]).map(\.name) == ["Status", "Tab only"])
        #expect(defaults.filters(reaching: 99, parents: []).isEmpty, "not laid out: in no scope, whatever chartsInScope says")
    }

    @Test("filters and adhoc filters are appended; time_range, granularity_sqla and time_grain_sqla override where buildQueryObject puts them")
    func merge() throws {
        let defaults = DashboardDefaults(jsonMetadata: Self.metadata)
        let saved = #"{"datasource": {"id": 7, "type": "table"}, "queries": [{"filters": [{"col": "tenant", "op": "==", "val": "t1"}], "extras": {"where": "y < 2", "having": ""}, "time_range": "No filter"}]}"#
        let composed = try #require(DashboardDefaults.applying(defaults.filters, to: saved))
        let context = try #require(try JSONSerialization.jsonObject(with: composed) as? [String: Any])
        let query = try #require((context["queries"] as? [[String: Any]])?.first)
        let filters = try #require(query["filters"] as? [[String: Any]])
        #expect(filters.map { $0["col"] as? String } == ["tenant", "status", "pool"])
        #expect(filters[1]["val"] as? [String] == ["Failed"] && filters[2]["op"] as? String == "==" && filters[2]["val"] as? String == "P1")
        let extras = try #require(query["extras"] as? [String: Any])
        #expect(extras["where"] as? String == "(y < 2) AND (x > 1)")
        #expect(extras["time_grain_sqla"] as? String == "P1D")
        #expect(query["time_range"] as? String == "Last week" && query["granularity"] as? String == "ended_at")
        #expect((context["datasource"] as? [String: Any])?["id"] as? Int == 7, "the rest of the saved query is kept")
        #expect(DashboardDefaults.applying(defaults.filters, to: "not json") == nil)
    }
}
