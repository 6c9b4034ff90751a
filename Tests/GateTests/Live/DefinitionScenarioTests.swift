import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// What is deployed is what the repository says, on the real stack: edits made in Superset that change what a viewer
/// gets, each of which passed before the bundle comparison, fail through it naming the asset, the field and both
/// values; a presentation edit warns; redeployed, the scratch set passes with no difference. In the scenario suite,
/// which runs one test at a time: every scenario mutates the same scratch set.
extension ScenarioTests {
    @Test("a row limit of 1, a metric swapped for count, the saved metric doubled, a native filter default: each fails by field; restored, none",
          arguments: DataState.all)
    func definitionEdits(_ state: DataState) async throws {
        let overview = state.slug("powerfill-run-overview")
        let restored = try await onScratch(state) {
            try await script("superset-scenario", ["set-param", overview, "Runs Table", "row_limit", "1"])
            try await script("superset-scenario", ["set-param", overview, "Latest Run KPIs", "metric", #""count""#])
            try await script("superset-scenario", ["set-metric", overview, "count", "COUNT(*) * 2"])
            try await script("superset-scenario", ["add-native-filter", overview, "Failed only", "status", "Failed"])
            try await script("superset-scenario", ["set-param", overview, "Status Distribution", "color_scheme", #""bnbColors""#])

            let report = try await state.runGate(arms: [.superset])
            let definitions = report.results.filter { $0.check.family == DefinitionCheck.family && $0.outcome != .passed }
            let rowLimit = try #require(definitions.first { $0.check.chart == "Runs Table" })
            #expect(rowLimit.outcome == .failed && rowLimit.slug == overview)
            #expect(rowLimit.message.contains("chart Runs Table · row_limit: repository 1000, deployed 1"), "\(rowLimit.message)")
            let metric = try #require(definitions.first { $0.check.chart == "Latest Run KPIs" })
            #expect(metric.outcome == .failed && metric.message.contains("metric: repository MAX(CASE WHEN is_latest = 1")
                    && metric.message.hasSuffix("AS latest_output_guide_count, deployed count"), "\(metric.message)")
            let dashboard = try #require(definitions.first { $0.check.chart == nil })
            #expect(dashboard.outcome == .failed)
            #expect(dashboard.message.contains("metric count: repository COUNT(*), deployed COUNT(*) * 2"), "\(dashboard.message)")
            #expect(dashboard.message.contains("native filter 'Failed only' · filter: repository (none), deployed added, default [\"Failed\"]"),
                    "\(dashboard.message)")
            let colours = try #require(definitions.first { $0.check.chart == "Status Distribution" })
            #expect(colours.outcome == .warning && colours.message.contains("color_scheme: repository (none), deployed \"bnbColors\""),
                    "\(colours.message)")
            #expect(definitions.count == 4, "only the edited assets differ: \(definitions.map(\.message))")
            // Only what a viewer reads may add to it, from the other side: the populated set expects the table's 12
            // rows and it now shows 1; the added filter's default (Failed) and the doubled metric change the values.
            let others = report.failures().filter { $0.check.family != DefinitionCheck.family }
            let viewerSide: Set<CheckKind> = [CheckKind(family: ValueCheck.family, chart: "Status Distribution"),
                                              CheckKind(family: ValueCheck.family, chart: "Latest Run KPIs")]
            let populatedRows: Set<CheckKind> = [.chart("Runs Table"), .chart("Status Distribution")]
            #expect(others.allSatisfy { (populatedRows.contains($0.check) && state.environment == "local-populated") || viewerSide.contains($0.check) },
                    "\(others.map(\.message))")

            // `gate-runner assets diff` prints the same comparison alone, one line per difference, exit 1.
            let cli = CLITests()
            let text = try Repo.relocatedExpectations()
                // The environment pointed at its scratch copy: local gets suffixes, local-populated's grow.
                .replacingOccurrences(of: "  local:", with: "  local:\n    slug_suffix: -scratch\n    title_suffix: \" (scratch)\"")
                .replacingOccurrences(of: "    slug_suffix: -populated ", with: "    slug_suffix: -populated-scratch ")
                .replacingOccurrences(of: "    title_suffix: \" (populated)\"\n", with: "    title_suffix: \" (populated scratch)\"\n")
            let diff = try await cli.gate(["assets", "diff", "--env", state.environment, "--expectations", try cli.temporary("expectations.yaml", text)])
            #expect(diff.status == 1, "\(diff.output)\(diff.errors)")
            #expect(diff.output.contains("  FAIL chart Runs Table · row_limit: repository 1000, deployed 1\n"), "\(diff.output)")
            #expect(diff.output.contains("  WARN chart Status Distribution · color_scheme: repository (none), deployed \"bnbColors\""), "\(diff.output)")
            #expect(diff.output.hasSuffix("33 definitions compared with \(Repo.root)/assets/powerfill in \(state.environment): 4 differ\n"),
                    "\(diff.output)")
        }
        #expect(restored.failures().isEmpty && !restored.results.contains { $0.outcome == .warning }, "\(restored.failures().map(\.message))")
        #expect(restored.results.filter { $0.check.family == DefinitionCheck.family }.count == 33, "8 dashboards and 25 charts compared")
    }
}

/// One edit in Superset per row of the classification table that a viewer or the presentation depends on, all on the
/// scratch Run Overview at once: each is reported by the definition check, naming the asset, the field and both
/// values, a viewer field as a failure and a presentation field as a warning. A new row without an edit here fails the
/// test. The database entry's rows are not edited live (every set shares the entry; `DefinitionCheckTests` covers them).
enum FieldEdits {
    /// Chart params, by chart: key → the deployed value (JSON). Keys the table does not list are presentation.
    static let charts: [String: [String: String]] = [
        "Runs Table": [
            "all_columns": #"["run_id"]"#, "order_by_cols": #"["[\"run_id\", true]"]"#, "row_limit": "7", "server_page_length": "7",
            "query_mode": #""aggregate""#, "orderby": #"[["run_id", true]]"#, "groupby": #"["status"]"#, "order_desc": "false",
            "percent_metrics": #"["count"]"#, "timeseries_limit_metric": #""count""#, "series_limit": "7",
        ],
        "Latest Run KPIs": [
            "metric": #""count""#, "time_range": #""Last week""#, "granularity_sqla": #""ended_at""#, "time_grain_sqla": #""P1D""#,
            "adhoc_filters": #"[{"expressionType": "SQL", "clause": "WHERE", "sqlExpression": "1 = 0"}]"#, "rolling_type": #""cumsum""#,
            "x_axis": #""started_at""#,
        ],
        "Status Distribution": [
            "metrics": #"["count"]"#, "columns": #"["tenant_id"]"#, "column": #""duration_ms""#, "bins": "7", "cumulative": "true",
            "normalize": "true", "contribution": #""row""#, "limit": "7", "color_scheme": #""bnbColors""#,
        ],
    ]
    /// Dashboard fields: `published` and json_metadata keys.
    static let dashboard = ##"{"published": false, "cross_filters_enabled": false, "color_scheme": "bnbColors", "label_colors": {"Failed": "#ff0000"}, "refresh_frequency": 300}"##
    static let dataset = #"{"main_dttm_col": "ended_at", "template_params": "{\"tenant\": \"t9\"}", "calculated_columns": {"double_guides": "output_guide_count * 2"}}"#

    /// The line the definition check must print for a row, without its FAIL/WARN mark.
    static func needle(_ field: DefinitionFields.Field, table: String) -> String? {
        switch (field.asset, field.key) {
        case (.chart, "query_context"): return "chart Runs Table · query_context queries[0].extras: repository"
        case (.chart, let key): return charts.first { $0.value[key] != nil }.map { "chart \($0.key) · \(key): repository " }
        case (.dashboard, "published"): return "dashboard · published: repository true, deployed false"
        case (.dashboard, "native_filter_configuration"): return "dashboard · native filter 'Failed only' · filter: repository (none), deployed added"
        case (.dashboard, "chart_configuration"):
            return "dashboard · chart_configuration[Runs Table]: repository global, deployed all charts but Runs Table, Status Distribution"
        case (.dashboard, "global_chart_configuration"):
            return "dashboard · global_chart_configuration: repository all charts, deployed all charts but Status Distribution"
        case (.dashboard, "cross_filters_enabled"): return "dashboard · cross_filters_enabled: repository true, deployed false"
        case (.dashboard, "color_scheme"): return #"dashboard · color_scheme: repository (none), deployed "bnbColors""#
        case (.dashboard, "label_colors"): return ##"dashboard · label_colors: repository (none), deployed {"Failed": "#ff0000"}"##
        case (.dashboard, "refresh_frequency"): return "dashboard · refresh_frequency: repository 0, deployed 300"
        case (.dataset, "metrics"): return "dataset \(table) · metric count: repository COUNT(*), deployed COUNT(*) * 3"
        case (.dataset, "calculated_columns"):
            return "dataset \(table) · calculated column double_guides: repository (none), deployed output_guide_count * 2"
        case (.dataset, "main_dttm_col"): return "dataset \(table) · main_dttm_col: repository started_at, deployed ended_at"
        case (.dataset, "template_params"): return #"dataset \#(table) · template_params: repository (none), deployed {"tenant": "t9"}"#
        default: return nil
        }
    }
}

extension ScenarioTests {
    @Test("every field of the classification table, edited in Superset, is reported by field with both values: a viewer field fails, a presentation one warns",
          arguments: DataState.all)
    func everyDefinitionField(_ state: DataState) async throws {
        let overview = state.slug("powerfill-run-overview")
        let fields = DefinitionFields.table.filter { ($0.impact == .viewer || $0.impact == .presentation) && $0.asset != .database }
        let restored = try await onScratch(state) {
            for (chart, values) in FieldEdits.charts.sorted(by: { $0.key < $1.key }) {
                let object = "{" + values.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
                try await script("superset-scenario", ["set-params", overview, chart, object])
            }
            try await script("superset-scenario", ["filter-query", overview, "Runs Table", "1 = 0"])
            try await script("superset-scenario", ["set-dashboard", overview, FieldEdits.dashboard])
            try await script("superset-scenario", ["narrow-cross-filter", overview, "Runs Table", "Status Distribution"])
            try await script("superset-scenario", ["add-native-filter", overview, "Failed only", "status", "Failed"])
            try await script("superset-scenario", ["set-metric", overview, "count", "COUNT(*) * 3"])
            try await script("superset-scenario", ["set-dataset", overview, FieldEdits.dataset])

            let report = try await state.runGate(arms: [.superset])
            let definitions = report.results.filter { $0.check.family == DefinitionCheck.family && $0.slug == overview }
            // Every difference as the console prints it: `FAIL chart Runs Table · row_limit: …`.
            let lines = definitions.flatMap { result -> [String] in
                if let detail = result.detail { return detail.split(separator: "\n").map(String.init) }
                guard result.outcome == .failed || result.outcome == .warning, let colon = result.message.range(of: ": ") else { return [] }
                return ["\(result.outcome == .failed ? "FAIL" : "WARN") " + result.message[colon.upperBound...]]
            }
            let bundle = try #require(try Expectations.repository().dashboards.first { $0.slug == "powerfill-run-overview" }?.definition)
            let table = try #require(bundle.charts.first?.dataset?.tableName) + state.slugSuffix.replacingOccurrences(of: "-", with: "_")
            for field in fields {
                let needle = try #require(FieldEdits.needle(field, table: table), "no edit for \(field.asset) \(field.key): add one to FieldEdits")
                let mark = field.impact == .viewer ? "FAIL " : "WARN "
                #expect(lines.contains { $0.hasPrefix(mark + needle) }, "\(field.asset) \(field.key): no line starting \(mark + needle) in \(lines)")
            }
            // The repository's value differs from the edit for every chart key: nothing was found by chance.
            for (chart, values) in FieldEdits.charts {
                let defined = try #require(bundle.charts.first { $0.name == chart })
                for (key, value) in values {
                    #expect(defined.params[key] != DefinitionValue(json: value), "\(chart) \(key) is already \(value) in the bundle")
                }
            }
            #expect(definitions.filter { $0.outcome == .failed }.count == 4, "the dashboard and its three charts fail: \(definitions.map(\.message))")
        }
        #expect(restored.failures().isEmpty && !restored.results.contains { $0.outcome == .warning }, "\(restored.failures().map(\.message))")
    }
}
