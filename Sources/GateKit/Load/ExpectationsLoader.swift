import Foundation
import Yams

/// Loads and validates `expectations.yaml`. Every problem names the file, line and what to fix.
public enum ExpectationsLoader {
    /// The largest expectations file read: far above any real one, and a FIFO or a huge file is refused unread.
    package static let maximumFileBytes = 16 * 1024 * 1024

    /// Query files are read under the task's `CallDeadline` when one is set: once it has passed, loading stops with
    /// an error naming the file it reached.
    public static func load(path: String) throws(ConfigurationError) -> Expectations {
        let text: String
        switch QueryFile.read(path, maxBytes: maximumFileBytes) {
        case .success(let read):
            text = read
        case .failure(.missing):
            throw ConfigurationError(file: path, line: nil, column: nil, message: "cannot read the expectations file",
                                     hint: "no file at that path; pass --expectations PATH or run from the repository root")
        case .failure(.tooLarge(let bytes, let cap)):
            throw ConfigurationError(file: path, line: nil, column: nil, message: "the expectations file is \(bytes) bytes, over the \(cap) the gate reads",
                                     hint: "an expectations file is a few kilobytes; check the path")
        case .failure(let problem):
            throw ConfigurationError(file: path, line: nil, column: nil, message: "cannot read the expectations file: \(problem)",
                                     hint: "check its permissions and that it is UTF-8")
        }
        return try parse(text, file: path) { relative, rules in QueryFile.load(relative, besideFile: path, rules: rules) }
    }

    /// Parses expectations from text; `readQuery` returns a query file's text or nil when it is missing.
    package static func parse(_ text: String, file: String, readQuery: (String) -> String?) throws(ConfigurationError) -> Expectations {
        try parse(text, file: file) { relative, _ in readQuery(relative).map { .success($0) } ?? .failure(.notText) }
    }

    /// Parses expectations from text; `readQuery` reads a query file as written, under the file's rules for query
    /// files (`max_query_bytes`, `allow_queries_outside`), or says why it cannot.
    package static func parse(_ text: String, file: String,
                             readQuery: (String, QueryFile.Rules) -> Result<String, QueryFile.Problem>) throws(ConfigurationError) -> Expectations {
        let root = try compose(text, file: file, emptyHint: "see the README for the format")
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, "the top level", keys: ["version", "settings", "environments", "sentinel", "dashboards", "history",
                                                                       "allow_queries_outside", "assets"])
        if let version = top["version"] {
            let number = try reader.int(version, "version")
            guard number == 1 else { throw reader.error(version, "version \(number) is not supported; this gate reads version 1") }
        }
        let settings = Settings.defaults.overridden(by: try top["settings"].map { node throws(ConfigurationError) in try readSettings(node, reader) } ?? SettingsOverride())

        guard let environmentsNode = top["environments"] else { throw reader.error(root, "missing key 'environments'", hint: "define at least one environment, e.g. local") }
        var environments: [EnvironmentSpec] = []
        for (key, value) in try reader.pairs(environmentsNode, "environments") {
            environments.append(try readEnvironment(name: key, value, reader))
        }
        // Rows are keyed by environment, or by ENVIRONMENT/TENANT for a tenant's own.
        let environmentNames = Set(environments.map(\.name) + environments.flatMap { spec in spec.tenants.map { $0.rowsKey(spec.name) } })
        // An environment may raise the cap: query files are read under the largest, and each run's lint applies its own.
        let queryRules = QueryFile.Rules(
            maxBytes: ([settings.maxQueryBytes] + environments.compactMap(\.settings.maxQueryBytes)).max() ?? settings.maxQueryBytes,
            allowOutsideFolder: try top["allow_queries_outside"].map { node throws(ConfigurationError) in try reader.bool(node, "allow_queries_outside") } ?? false)

        let sentinel = try top["sentinel"].map { node throws(ConfigurationError) in try readSentinel(node, reader) }

        guard let dashboardsNode = top["dashboards"] else { throw reader.error(root, "missing key 'dashboards'") }
        var dashboards: [DashboardExpectation] = []
        var seenSlugs: Set<String> = []
        for node in try reader.sequence(dashboardsNode, "dashboards") {
            let dashboard = try readDashboard(node, reader, environments: environmentNames) { relative in readQuery(relative, queryRules) }
            guard seenSlugs.insert(dashboard.slug).inserted else {
                throw reader.error(node, "dashboard slug '\(dashboard.slug)' appears twice", hint: "slugs identify dashboards in every environment and must be unique")
            }
            dashboards.append(dashboard)
        }
        let assets = try top["assets"].map { node throws(ConfigurationError) in try reader.string(node, "assets") }
        if let written = assets {
            let bundle = try AssetBundle.load(folder: Expectations.resolve(written, besideFile: file), shownAs: written)
            for index in dashboards.indices {
                dashboards[index].definition = try bundle.definition(of: dashboards[index], in: file)
            }
        }
        var expectations = Expectations(file: file, settings: settings, environments: environments, sentinel: sentinel, dashboards: dashboards)
        expectations.assets = assets
        expectations.history = try top["history"].map { node throws(ConfigurationError) in
            try TrendRuleOverride.read(node, reader, "history", allowsPath: true)
        } ?? TrendRuleOverride()
        return expectations
    }

    /// A YAML file's root node, composed only after the guard has passed it: aliases as keys and alias bombs would
    /// hold the run for minutes. Every problem names the file (and line).
    static func compose(_ text: String, file: String, emptyHint: String) throws(ConfigurationError) -> Node {
        try YAMLGuard.check(text, file: file)
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, line: 1, column: 1, message: "the file is empty", hint: emptyHint)
            }
            return node
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw yamlSyntaxError(error, file: file)
        } catch {
            throw ConfigurationError(file: file, line: nil, column: nil, message: "not valid YAML: \(error)")
        }
    }

    static func yamlSyntaxError(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return ConfigurationError(file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(detail)",
                                      hint: "fix the indentation or quoting at that line")
        case .reader(let problem, let offset, _, let yaml):
            // The reader counts bytes; the line is where that byte stands.
            let line = offset.map { offset in yaml.utf8.prefix(max(0, offset)).filter { $0 == UInt8(ascii: "\n") }.count + 1 } ?? 1
            return ConfigurationError(file: file, line: line, column: nil, message: "not valid YAML text: \(problem)",
                                      hint: "the file must be UTF-8 text without control characters")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationError(file: file, line: context.mark.line, column: context.mark.column,
                                      message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigurationError(file: file, line: nil, column: nil, message: "not valid YAML: \(error)")
        }
    }

    static func readSettings(_ node: Node, _ reader: NodeReader) throws(ConfigurationError) -> SettingsOverride {
        let map = try reader.mapping(node, "settings", keys: Set(SettingsOverride.fields.map(\.key)))
        var settings = SettingsOverride()
        for field in SettingsOverride.fields {
            guard let value = map[field.key] else { continue }
            let number = try reader.int(value, field.key)
            guard (field.minimum...field.maximum).contains(number) else {
                throw reader.error(value, "\(field.key) must be a whole number from \(field.minimum) to \(field.maximum)")
            }
            settings[keyPath: field.override] = number
        }
        return settings
    }

    static func readEnvironment(name: String, _ node: Node, _ reader: NodeReader) throws(ConfigurationError) -> EnvironmentSpec {
        let map = try reader.mapping(node, "environment '\(name)'", keys: ["api_url", "superset_url", "odbc_connection_string_env",
                                                                          "superset_username_env", "superset_password_env", "settings",
                                                                          "superset_database", "superset_schema", "slug_suffix", "title_suffix",
                                                                          "ca_file", "tenants", "history", "superset_api_key_env",
                                                                          "viewer_username_env", "viewer_password_env", "viewer_api_key_env"])
        func source(_ key: String) throws(ConfigurationError) -> ValueSource? {
            guard let value = map[key] else { return nil }
            if case .mapping = value {
                let inner = try reader.mapping(value, key, keys: ["env"])
                guard let variable = inner["env"] else { throw reader.error(value, "\(key) needs {env: VARIABLE}") }
                return .environment(try reader.string(variable, "\(key).env"))
            }
            let text = try reader.string(value, key)
            guard let url = URL(string: text), url.scheme != nil else {
                throw reader.error(value, "\(key) '\(text)' is not a URL", hint: "write it as http://host:port")
            }
            guard url.query == nil, url.fragment == nil else {
                throw reader.error(value, "\(key) has a query or a fragment", hint: "give the base URL only, e.g. https://host/bi")
            }
            return .literal(text)
        }
        func variable(_ key: String) throws(ConfigurationError) -> String? {
            try map[key].map { node throws(ConfigurationError) in try reader.string(node, key) }
        }
        var spec = EnvironmentSpec(name: name, apiURL: try source("api_url"), supersetURL: try source("superset_url"),
                                   odbcConnectionStringEnv: try variable("odbc_connection_string_env"),
                                   supersetUsernameEnv: try variable("superset_username_env"),
                                   supersetPasswordEnv: try variable("superset_password_env"),
                                   settings: try map["settings"].map { node throws(ConfigurationError) in try readSettings(node, reader) } ?? SettingsOverride(),
                                   line: node.mark?.line ?? 0)
        spec.supersetAPIKeyEnv = try variable("superset_api_key_env")
        if spec.supersetAPIKeyEnv != nil, spec.supersetUsernameEnv != nil || spec.supersetPasswordEnv != nil, let key = map["superset_api_key_env"] {
            throw reader.error(key, "environment '\(name)' names both superset_api_key_env and a superset user or password",
                               hint: "the gate logs in one way: keep the API key, or the user and password")
        }
        spec.viewerUsernameEnv = try variable("viewer_username_env")
        spec.viewerPasswordEnv = try variable("viewer_password_env")
        spec.viewerAPIKeyEnv = try variable("viewer_api_key_env")
        // One way: user and password together, or the key alone.
        let byPassword = [spec.viewerUsernameEnv, spec.viewerPasswordEnv].compactMap { $0 }.count
        let oneWay = spec.viewerAPIKeyEnv != nil ? byPassword == 0 : byPassword != 1
        if !oneWay, let key = [map["viewer_username_env"], map["viewer_password_env"], map["viewer_api_key_env"]].compactMap({ $0 }).first {
            throw reader.error(key, "environment '\(name)' names its viewer by viewer_username_env and viewer_password_env together, or by viewer_api_key_env alone",
                               hint: "the viewer logs in one way, like the gate")
        }
        spec.supersetDatabase = try variable("superset_database")
        spec.supersetSchema = try variable("superset_schema")
        spec.slugSuffix = try variable("slug_suffix") ?? ""
        spec.history = try map["history"].map { node throws(ConfigurationError) in
            try TrendRuleOverride.read(node, reader, "history of environment '\(name)'", allowsPath: true)
        } ?? TrendRuleOverride()
        spec.titleSuffix = try variable("title_suffix") ?? ""
        spec.caFile = try variable("ca_file")
        if let tenantsNode = map["tenants"] {
            for (tenant, value) in try reader.pairs(tenantsNode, "tenants of environment '\(name)'") {
                guard !tenant.contains("/") else { throw reader.error(value, "tenant name '\(tenant)' cannot hold a /") }
                let fields = try reader.mapping(value, "tenant '\(tenant)'", keys: ["odbc_connection_string_env", "superset_database",
                                                                                  "superset_schema", "slug_suffix", "title_suffix"])
                func text(_ key: String) throws(ConfigurationError) -> String? {
                    try fields[key].map { node throws(ConfigurationError) in try reader.string(node, key) }
                }
                spec.tenants.append(TenantSpec(name: tenant, odbcConnectionStringEnv: try text("odbc_connection_string_env"),
                                               supersetDatabase: try text("superset_database"), supersetSchema: try text("superset_schema"),
                                               slugSuffix: try text("slug_suffix"), titleSuffix: try text("title_suffix"),
                                               line: value.mark?.line ?? 0))
            }
        }
        for (key, value) in map { if let line = value.mark?.line { spec.keyLines[key] = line } }
        return spec
    }

    static func readSentinel(_ node: Node, _ reader: NodeReader) throws(ConfigurationError) -> SentinelExpectation {
        let map = try reader.mapping(node, "sentinel", keys: ["path", "module", "status", "match"])
        func required(_ key: String) throws(ConfigurationError) -> String {
            guard let value = map[key] else { throw reader.error(node, "sentinel needs '\(key)'") }
            return try reader.string(value, key)
        }
        var match = SentinelExpectation.Match.exact
        if let value = map["match"] {
            let text = try reader.string(value, "match")
            guard let parsed = SentinelExpectation.Match(rawValue: text) else {
                throw reader.error(value, "match '\(text)' is not one of exact, prefix, pattern")
            }
            match = parsed
        }
        let expectation = SentinelExpectation(path: try required("path"), module: try required("module"), status: try required("status"), match: match)
        if match == .pattern, (try? Regex(expectation.status)) == nil, let value = map["status"] {
            throw reader.error(value, "status is not a valid regular expression")
        }
        return expectation
    }

    static func readDashboard(_ node: Node, _ reader: NodeReader, environments: Set<String>,
                              readQuery: (String) -> Result<String, QueryFile.Problem>) throws(ConfigurationError) -> DashboardExpectation {
        let map = try reader.mapping(node, "a dashboard", keys: Set(["slug", "title", "ids", "query", "rows", "level", "note", "charts", "trend", "viewer"]
                                                                        + CheckRegistry.dashboardKeys.map(\.name)))
        func required(_ key: String) throws(ConfigurationError) -> (String, Node) {
            guard let value = map[key] else { throw reader.error(node, "dashboard needs '\(key)'") }
            return (try reader.string(value, key), value)
        }
        let (slug, _) = try required("slug")
        let (title, _) = try required("title")
        let (queryPath, queryNode) = try required("query")
        let sql: String
        switch readQuery(queryPath) {
        case .success(let text):
            sql = text
        case .failure(.notText):
            throw reader.error(queryNode, "query file '\(queryPath)' of dashboard '\(slug)' is missing, unreadable, or not text (UTF-8, or UTF-16 with a BOM)",
                               hint: "paths are relative to the expectations file's folder")
        case .failure(let problem):
            throw reader.error(queryNode, "query file '\(queryPath)' of dashboard '\(slug)': \(problem)", hint: problem.hint)
        }
        var ids: [String: Int] = [:]
        if let idsNode = map["ids"] {
            for (environment, value) in try reader.pairs(idsNode, "ids") {
                guard environments.contains(environment) else { throw reader.error(value, "ids names unknown environment '\(environment)'") }
                ids[environment] = try reader.int(value, "ids.\(environment)")
            }
        }
        guard let rowsNode = map["rows"] else { throw reader.error(node, "dashboard '\(slug)' needs 'rows'", hint: "e.g. rows: {local: 11, staging: {min: 1}}") }
        let rows = try readRowsByEnvironment(rowsNode, reader, environments: environments, "rows")
        var charts: [ChartExpectation] = []
        if let chartsNode = map["charts"] {
            for chartNode in try reader.sequence(chartsNode, "charts") {
                let chart = try reader.mapping(chartNode, "a chart", keys: ["name", "viz", "rows", "value", "values", "viewer"])
                guard let name = chart["name"], let viz = chart["viz"] else { throw reader.error(chartNode, "a chart needs 'name' and 'viz'") }
                let chartName = name.scalar?.string ?? ""
                let chartRows = try chart["rows"].map { node throws(ConfigurationError) in
                    try readRowsByEnvironment(node, reader, environments: environments, "rows of chart '\(chartName)'")
                } ?? [:]
                var parsed = ChartExpectation(name: try reader.string(name, "name"), viz: try reader.string(viz, "viz"), rows: chartRows,
                                              values: try readChartValues(chart["value"], chart["values"], reader, environments: environments,
                                                                          chart: chartName, at: chartNode))
                if let viewer = chart["viewer"] {
                    parsed.viewer = try readViewer(viewer, reader, environments: environments, "viewer of chart '\(chartName)'", values: true)
                }
                parsed.line = chartNode.mark?.line
                guard !charts.contains(where: { $0.name == parsed.name }) else {
                    throw reader.error(chartNode, "chart '\(parsed.name)' appears twice in dashboard '\(slug)'")
                }
                charts.append(parsed)
            }
        }
        var level = CheckLevel.fail
        if let levelNode = map["level"] {
            let text = try reader.string(levelNode, "level")
            guard let parsed = CheckLevel(rawValue: text) else { throw reader.error(levelNode, "level '\(text)' is not one of fail, warn") }
            level = parsed
        }
        var dashboard = DashboardExpectation(slug: slug, title: title, ids: ids, queryPath: queryPath, sql: sql, rows: rows,
                                    note: try map["note"].map { node throws(ConfigurationError) in try reader.string(node, "note") }, charts: charts,
                                    line: node.mark?.line)
        dashboard.level = level
        for (key, value) in map { if let line = value.mark?.line { dashboard.keyLines[key] = line } }
        if let viewer = map["viewer"] {
            dashboard.viewer = try readViewer(viewer, reader, environments: environments, "viewer of dashboard '\(slug)'", values: false)
        }
        dashboard.trend = try map["trend"].map { node throws(ConfigurationError) in
            try TrendRuleOverride.read(node, reader, "trend of dashboard '\(slug)'", allowsPath: false)
        } ?? TrendRuleOverride()
        for family in CheckRegistry.dashboardChecks {
            guard let key = family.key, let node = map[key.name] else { continue }
            dashboard.setValue(try key.read(node, reader), for: family.family)
        }
        return dashboard
    }

    static func readRowsByEnvironment(_ node: Node, _ reader: NodeReader, environments: Set<String>, _ what: String) throws(ConfigurationError) -> [String: RowExpectation] {
        try readByEnvironment(node, reader, environments: environments, what) { value, path throws(ConfigurationError) in
            try readRows(value, reader, path)
        }
    }

    /// `{ENV: X}`: each environment known, each X read by `read` (given the node and its path in words, `rows.local`).
    static func readByEnvironment<Value>(_ node: Node, _ reader: NodeReader, environments: Set<String>, _ what: String,
                                         _ read: (Node, String) throws(ConfigurationError) -> Value) throws(ConfigurationError) -> [String: Value] {
        var values: [String: Value] = [:]
        for (environment, value) in try reader.pairs(node, what) {
            guard environments.contains(environment) else {
                throw reader.error(value, "\(what) names unknown environment '\(environment)'", hint: "known: \(environments.sorted().joined(separator: ", "))")
            }
            values[environment] = try read(value, "\(what).\(environment)")
        }
        return values
    }

    /// `viewer: {rows: {ENV: R}}`, on a chart also `value:` or `values:` as the chart's own: what the viewer sees.
    static func readViewer(_ node: Node, _ reader: NodeReader, environments: Set<String>, _ what: String,
                           values: Bool) throws(ConfigurationError) -> ViewerExpectation {
        let map = try reader.mapping(node, what, keys: values ? ["rows", "value", "values"] : ["rows"])
        var viewer = ViewerExpectation()
        if let rows = map["rows"] { viewer.rows = try readRowsByEnvironment(rows, reader, environments: environments, "rows of the \(what)") }
        if values { viewer.values = try readChartValues(map["value"], map["values"], reader, environments: environments, chart: what, at: node) }
        guard !viewer.rows.isEmpty || !viewer.values.isEmpty else {
            throw reader.error(node, "\(what) gives nothing the viewer sees", hint: "e.g. viewer: {rows: {staging: 0}}")
        }
        return viewer
    }

    /// `value: {ENV: V}` or `values: {ENV: {GROUP: V}}`, V being `515`, `{min: 1, max: 9}` or `{value: 515, tolerance_percent: 1}`.
    static func readChartValues(_ single: Node?, _ grouped: Node?, _ reader: NodeReader, environments: Set<String>, chart: String,
                                at node: Node) throws(ConfigurationError) -> [String: ChartValueExpectation] {
        if single != nil, grouped != nil {
            throw reader.error(node, "chart '\(chart)' has both 'value' and 'values'",
                               hint: "'value' is a single-number chart's number, 'values' a grouped chart's numbers by group: keep one")
        }
        if let single {
            return try readByEnvironment(single, reader, environments: environments, "value of chart '\(chart)'") { value, path throws(ConfigurationError) in
                .single(try readValue(value, reader, path))
            }
        }
        guard let grouped else { return [:] }
        return try readByEnvironment(grouped, reader, environments: environments, "values of chart '\(chart)'") { value, path throws(ConfigurationError) in
            var groups: [String: ValueExpectation] = [:]
            for (group, number) in try reader.pairs(value, path) {
                groups[group] = try readValue(number, reader, "\(path).\(group)")
            }
            guard !groups.isEmpty else { throw reader.error(value, "\(path) names no group", hint: "e.g. {Failed: 8, Complete: 1}") }
            return .grouped(groups)
        }
    }

    static func readValue(_ node: Node, _ reader: NodeReader, _ what: String) throws(ConfigurationError) -> ValueExpectation {
        func number(_ node: Node, _ what: String) throws(ConfigurationError) -> (Decimal, scale: Int) {
            guard let text = node.scalar?.string, let parsed = ValueExpectation.number(text) else {
                throw reader.error(node, "\(what) is not a number", hint: "write a decimal such as 515 or 1234.57")
            }
            return parsed
        }
        guard case .mapping = node else {
            let (value, scale) = try number(node, what)
            return .exact(value, scale: scale)
        }
        let map = try reader.mapping(node, what, keys: ["min", "max", "value", "tolerance_percent"])
        if let value = map["value"] {
            guard map["min"] == nil, map["max"] == nil else { throw reader.error(node, "\(what): give value with tolerance_percent, or min and max") }
            let (center, scale) = try number(value, "\(what).value")
            guard let percentNode = map["tolerance_percent"] else { return .exact(center, scale: scale) }
            let percent = try number(percentNode, "\(what).tolerance_percent").0
            guard percent >= 0, percent <= 100 else { throw reader.error(percentNode, "\(what).tolerance_percent must be from 0 to 100") }
            return .tolerance(center, percent: percent)
        }
        guard map["tolerance_percent"] == nil else { throw reader.error(node, "\(what): tolerance_percent needs a value") }
        let low = try map["min"].map { value throws(ConfigurationError) in try number(value, "\(what).min").0 }
        let high = try map["max"].map { value throws(ConfigurationError) in try number(value, "\(what).max").0 }
        guard low != nil || high != nil else { throw reader.error(node, "\(what) needs a number, min/max, or value with tolerance_percent") }
        if let low, let high, low > high { throw reader.error(node, "\(what): min \(ValueExpectation.words(low)) is above max \(ValueExpectation.words(high))") }
        return .range(min: low, max: high)
    }

    static func readRows(_ node: Node, _ reader: NodeReader, _ what: String) throws(ConfigurationError) -> RowExpectation {
        if case .mapping = node {
            let map = try reader.mapping(node, what, keys: ["min", "max"])
            let low = try map["min"].map { value throws(ConfigurationError) in try reader.int(value, "\(what).min") }
            let high = try map["max"].map { value throws(ConfigurationError) in try reader.int(value, "\(what).max") }
            guard low != nil || high != nil else { throw reader.error(node, "\(what) needs min or max") }
            if let low, let high, low > high { throw reader.error(node, "\(what): min \(low) is above max \(high)") }
            return .range(min: low, max: high)
        }
        let count = try reader.int(node, what)
        guard count >= 0 else { throw reader.error(node, "\(what) cannot be negative") }
        return .exact(count)
    }
}
