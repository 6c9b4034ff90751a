/// Which fields of a deployed asset the definition check compares with the repository's bundle, and what a difference
/// in each means. One table: the check reads it, and `--help`, the README and a test list it.
package enum DefinitionFields {
    /// What a difference in a field does to a viewer.
    package enum Impact: String, Sendable, CaseIterable {
        /// Changes the numbers or rows a viewer gets: a failure.
        case viewer
        /// Changes how they look (colours, labels, sizes): a warning.
        case presentation
        /// Differs per instance by design (ids, generated names): not compared.
        case ignored
        /// Compared by another check already (`why` names it): not reported twice.
        case elsewhere
    }

    package struct Field: Sendable {
        /// The asset kind and the key (`chart params`, `row_limit`).
        package let asset: Asset
        package let key: String
        package let impact: Impact
        package let why: String
    }

    package enum Asset: String, Sendable, CaseIterable {
        case dashboard, chart, dataset, database
    }

    /// Every field with a decided impact. A chart params key not listed here is compared as presentation: a new
    /// Superset version's key warns until it is classified, and is never silently ignored.
    package static let table: [Field] = [
        Field(asset: .dashboard, key: "published", impact: .viewer, why: "a draft is hidden from viewers who do not own it"),
        Field(asset: .dashboard, key: "charts", impact: .elsewhere, why: "the chart, no-extra-charts and layout checks (the load checks the bundle's charts equal the expectations')"),
        Field(asset: .dashboard, key: "title", impact: .elsewhere, why: "the dashboard check (the load checks the bundle's title equals the expectations')"),
        Field(asset: .dashboard, key: "native_filter_configuration", impact: .viewer,
              why: "native filters: name, target column, default value and scope filter every chart in scope"),
        Field(asset: .dashboard, key: "cross_filters_enabled", impact: .viewer, why: "whether a click filters the other charts"),
        Field(asset: .dashboard, key: "chart_configuration", impact: .viewer,
              why: "which charts a click on each chart cross-filters: its scope, by chart name (ids differ per instance)"),
        Field(asset: .dashboard, key: "color_scheme", impact: .presentation, why: "colours"),
        Field(asset: .dashboard, key: "expanded_slices", impact: .ignored, why: "keyed by chart ids on this instance"),
        Field(asset: .dashboard, key: "timed_refresh_immune_slices", impact: .ignored, why: "chart ids on this instance"),
        Field(asset: .dashboard, key: "default_filters", impact: .ignored, why: "legacy filter boxes, keyed by chart ids on this instance"),
        Field(asset: .dashboard, key: "filter_scopes", impact: .ignored, why: "legacy filter boxes, keyed by chart ids on this instance"),
        Field(asset: .dashboard, key: "global_chart_configuration", impact: .viewer,
              why: "which charts cross filters reach by default: the scope, by chart name"),
        Field(asset: .dashboard, key: "shared_label_colors", impact: .ignored, why: "filled in by Superset as charts render"),
        Field(asset: .dashboard, key: "map_label_colors", impact: .ignored, why: "filled in by Superset as charts render"),
        Field(asset: .dashboard, key: "color_scheme_domain", impact: .ignored, why: "filled in by Superset from the colour scheme"),
        Field(asset: .dashboard, key: "positions", impact: .ignored, why: "the layout, compared by the layout check"),
        Field(asset: .dashboard, key: "label_colors", impact: .presentation, why: "colours"),
        Field(asset: .dashboard, key: "refresh_frequency", impact: .presentation, why: "how often an open dashboard reloads"),

        Field(asset: .chart, key: "viz_type", impact: .elsewhere, why: "the chart check (the load checks the bundle's viz type equals the expectations')"),
        Field(asset: .chart, key: "metric", impact: .viewer, why: "the number a chart shows"),
        Field(asset: .chart, key: "metrics", impact: .viewer, why: "the numbers a chart shows"),
        Field(asset: .chart, key: "percent_metrics", impact: .viewer, why: "numbers shown as shares"),
        Field(asset: .chart, key: "timeseries_limit_metric", impact: .viewer, why: "what the series limit ranks by"),
        Field(asset: .chart, key: "groupby", impact: .viewer, why: "the dimensions rows are grouped by"),
        Field(asset: .chart, key: "columns", impact: .viewer, why: "the dimensions rows are grouped by"),
        Field(asset: .chart, key: "all_columns", impact: .viewer, why: "the columns a raw table shows"),
        Field(asset: .chart, key: "x_axis", impact: .viewer, why: "what the x axis groups by"),
        Field(asset: .chart, key: "column", impact: .viewer, why: "the column a histogram counts"),
        Field(asset: .chart, key: "adhoc_filters", impact: .viewer, why: "filters on the chart's query"),
        Field(asset: .chart, key: "time_range", impact: .viewer, why: "the time window queried"),
        Field(asset: .chart, key: "granularity_sqla", impact: .viewer, why: "the temporal column the time range applies to"),
        Field(asset: .chart, key: "time_grain_sqla", impact: .viewer, why: "how time is bucketed"),
        Field(asset: .chart, key: "row_limit", impact: .viewer, why: "how many rows a viewer gets at most"),
        Field(asset: .chart, key: "series_limit", impact: .viewer, why: "how many series are shown"),
        Field(asset: .chart, key: "limit", impact: .viewer, why: "how many series are shown"),
        Field(asset: .chart, key: "server_page_length", impact: .viewer, why: "rows per page of a server-paginated table"),
        Field(asset: .chart, key: "order_desc", impact: .viewer, why: "ordering, which with a limit picks the rows"),
        Field(asset: .chart, key: "order_by_cols", impact: .viewer, why: "ordering, which with a limit picks the rows"),
        Field(asset: .chart, key: "orderby", impact: .viewer, why: "ordering, which with a limit picks the rows"),
        Field(asset: .chart, key: "query_mode", impact: .viewer, why: "raw rows or aggregates"),
        Field(asset: .chart, key: "bins", impact: .viewer, why: "a histogram's buckets"),
        Field(asset: .chart, key: "cumulative", impact: .viewer, why: "counts summed across buckets"),
        Field(asset: .chart, key: "normalize", impact: .viewer, why: "counts shown as shares"),
        Field(asset: .chart, key: "contribution", impact: .viewer, why: "values shown as shares"),
        Field(asset: .chart, key: "rolling_type", impact: .viewer, why: "a rolling window over the values"),
        Field(asset: .chart, key: "query_context", impact: .viewer,
              why: "the saved query the chart data API replays: its queries (filters, metrics, columns, limits), without ids"),
        Field(asset: .chart, key: "datasource", impact: .ignored, why: "the dataset's id on this instance (the dataset is compared itself)"),
        Field(asset: .chart, key: "slice_id", impact: .ignored, why: "the chart's id on this instance"),
        Field(asset: .chart, key: "dashboards", impact: .ignored, why: "dashboard ids on this instance"),
        Field(asset: .chart, key: "url_params", impact: .ignored, why: "what the last editor had in the URL"),
        Field(asset: .chart, key: "extra_form_data", impact: .ignored, why: "filled in by the dashboard at view time"),

        Field(asset: .dataset, key: "metrics", impact: .viewer, why: "saved metrics (name and SQL expression) charts use"),
        Field(asset: .dataset, key: "calculated_columns", impact: .viewer, why: "calculated columns (name and SQL expression)"),
        Field(asset: .dataset, key: "main_dttm_col", impact: .viewer, why: "the temporal column time filters apply to"),
        Field(asset: .dataset, key: "template_params", impact: .viewer, why: "Jinja parameters of the SQL"),
        Field(asset: .dataset, key: "sql", impact: .elsewhere, why: "sql drift (the load checks the bundle's SQL equals the query file)"),
        Field(asset: .dataset, key: "database", impact: .elsewhere, why: "superset database (the environment names it)"),

        Field(asset: .database, key: "engine", impact: .viewer, why: "the SQL dialect and driver Superset writes and connects with"),
        Field(asset: .database, key: "host", impact: .viewer,
              why: "the server charts query (host and port; compared where the environment uses the bundle's own entry, by name)"),
        Field(asset: .database, key: "database_name", impact: .viewer, why: "the database on that server (same condition as host)"),
        Field(asset: .database, key: "password", impact: .ignored, why: "masked by Superset; the gate never reads or prints one"),
    ]

    /// Keys Superset regenerates on every save, inside metrics and filters: never compared.
    package static let regenerated: Set<String> = ["optionName", "filterOptionName", "datasourceWarning", "isNew", "isExtra"]

    /// What a difference in `key` of `asset` means; an unlisted chart params key is presentation.
    package static func impact(_ asset: Asset, _ key: String) -> Impact {
        table.first { $0.asset == asset && $0.key == key }?.impact ?? .presentation
    }
}
