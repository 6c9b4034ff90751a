import Foundation
import Probes
import Yams

/// The repository's Superset assets as an unzipped export bundle, Superset's own format (what its export API,
/// `superset export-dashboards` and preset-cli write): `metadata.yaml`, `dashboards/`, `charts/`, `datasets/`,
/// `databases/`, linked by UUID. It is the source of each chart's and dataset's definition; `expectations.yaml` stays
/// the source of what the gate expects. Read by keys, not by the bundle's version (`1.0.0` in Superset 5.0 and 6.1).
package struct AssetBundle: Sendable, Equatable {
    /// The bundle's folder, as the expectations file names it, resolved.
    package let folder: String
    /// Each dashboard of the bundle by its slug.
    package let dashboards: [String: BundleDashboard]

    /// Files larger than this are refused unread: an exported asset is a few kilobytes.
    package static let maximumFileBytes = 4 * 1024 * 1024
    /// More files than this is not a dashboard set's bundle.
    package static let maximumFiles = 10_000
}

/// A dashboard as the bundle defines it, with its charts and the dataset they read.
package struct BundleDashboard: Sendable, Equatable {
    package let file: String
    package let line: Int?
    package let title: String
    package let slug: String
    package let published: Bool?
    /// Its `json_metadata` (native filters, cross filters, chart configuration), as the bundle's `metadata:` gives it.
    package let metadata: DefinitionValue
    /// The charts its layout shows, in layout order.
    package let charts: [BundleChart]
    /// Chart names by the chart ids of the instance it was exported from (the layout's `meta.chartId`): what the
    /// metadata's cross-filter configuration refers to charts by.
    package var chartNames: [Int: String] = [:]
}

package struct BundleChart: Sendable, Equatable {
    package let file: String
    package let name: String
    package let viz: String
    package let params: DefinitionValue
    /// The saved query the chart data API replays, as the bundle keeps it (a JSON text in the YAML); nil without one.
    package let queryContext: DefinitionValue?
    package let dataset: BundleDataset?
}

package struct BundleDataset: Sendable, Equatable {
    package let file: String
    package let tableName: String
    package let sql: String?
    /// Saved metrics: name → SQL expression.
    package let metrics: [String: String]
    /// Calculated columns: name → SQL expression (columns without one are the query's own).
    package let calculatedColumns: [String: String]
    package let temporalColumn: String?
    package let templateParams: String?
    package let database: BundleDatabase?
    package var databaseName: String? { database?.name }
}

/// A database entry: its name and where its URI points (never the password, which Superset's export masks).
package struct BundleDatabase: Sendable, Equatable {
    package let file: String
    package let name: String
    package let place: DatabasePlace
}

/// Where a Superset database entry connects: engine and driver, host, port and database name. Compared by the
/// definition check; the user and password are not.
package struct DatabasePlace: Sendable, Equatable {
    /// `postgresql`, `mssql`: the SQL dialect Superset writes.
    package var engine: String?
    /// `psycopg2`, `pyodbc`.
    package var driver: String?
    package var host: String?
    package var port: Int?
    package var database: String?

    /// From a SQLAlchemy URI (`postgresql+psycopg2://user:XXXXXXXXXX@127.0.0.1:55432/powerfill`).
    package init(uri: String) {
        let scheme = uri.components(separatedBy: "://").first ?? ""
        let parts = scheme.split(separator: "+", maxSplits: 1).map(String.init)
        engine = parts.first.flatMap { $0.isEmpty ? nil : $0 }
        driver = parts.count > 1 ? parts[1] : nil
        let components = URLComponents(string: uri)
        host = components?.host.flatMap { $0.isEmpty ? nil : $0 }
        port = components?.port
        let path = components?.path.split(separator: "/").first.map(String.init)
        database = path.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
    }

    /// `postgresql+psycopg2 127.0.0.1:55432/powerfill`
    package var words: String {
        Self.engineWords(engine, driver) + " " + Self.hostWords(host, port) + "/" + (database ?? "?")
    }

    package static func engineWords(_ engine: String?, _ driver: String?) -> String {
        (engine ?? "?") + (driver.map { "+" + $0 } ?? "")
    }

    package static func hostWords(_ host: String?, _ port: Int?) -> String {
        (host ?? "(none)") + (port.map { ":\($0)" } ?? "")
    }
}

// MARK: - Loading

extension AssetBundle {
    /// Reads the bundle at `folder`; every problem names the file (and line) and what to do.
    /// `shownAs`: the folder as the expectations file writes it, which reports show.
    package static func load(folder: String, shownAs: String? = nil) throws(ConfigurationError) -> AssetBundle {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError(file: folder, line: nil, column: nil, message: "the assets bundle is not a folder",
                                     hint: "unzip Superset's export there (metadata.yaml, dashboards/, charts/, datasets/, databases/), "
                                        + "e.g. with gate-runner assets export --env ENV --to FOLDER")
        }
        let shown = shownAs ?? folder
        // Every file read first, then each kind in the order they refer to each other: databases, datasets, charts,
        // dashboards.
        var byKind: [String: [BundleFile]] = [:]
        for (relative, path) in try yamlFiles(in: folder) {
            let kind = relative.split(separator: "/").first.map(String.init) ?? ""
            guard ["dashboards", "charts", "datasets", "databases"].contains(kind) else { continue }
            byKind[kind, default: []].append(try BundleFile(path, shownAs: shown + "/" + relative))
        }
        var databases: [String: BundleDatabase] = [:]
        for file in byKind["databases"] ?? [] {
            if let uuid = try file.text("uuid"), let name = try file.text("database_name") {
                databases[uuid] = BundleDatabase(file: file.shownPath, name: name, place: DatabasePlace(uri: try file.text("sqlalchemy_uri") ?? ""))
            }
        }
        var datasets: [String: BundleDataset] = [:]
        for file in byKind["datasets"] ?? [] {
            guard let uuid = try file.text("uuid"), let table = try file.text("table_name") else {
                throw file.reader.error(file.root, "the dataset has no uuid or table_name", hint: "is it a dataset of Superset's export?")
            }
            var metrics: [String: String] = [:]
            for metric in try file.sequence("metrics") {
                if let name = metric["metric_name"]?.string { metrics[name] = metric["expression"]?.string ?? "" }
            }
            var calculated: [String: String] = [:]
            for column in try file.sequence("columns") {
                if let name = column["column_name"]?.string, let expression = column["expression"]?.string, !expression.isEmpty {
                    calculated[name] = expression
                }
            }
            datasets[uuid] = BundleDataset(file: file.shownPath, tableName: table, sql: try file.text("sql"), metrics: metrics,
                                           calculatedColumns: calculated, temporalColumn: try file.text("main_dttm_col"),
                                           templateParams: try file.text("template_params"),
                                           database: try file.text("database_uuid").flatMap { databases[$0] })
        }
        var charts: [String: BundleChart] = [:]
        for file in byKind["charts"] ?? [] {
            let fields = file.fields
            guard let uuid = fields["uuid"]?.string, let name = fields["slice_name"]?.string, let viz = fields["viz_type"]?.string else {
                throw file.reader.error(file.root, "the chart has no uuid, slice_name or viz_type", hint: "is it a chart of Superset's export?")
            }
            let params = fields["params"].map(DefinitionValue.init) ?? .null
            let queryContext = fields["query_context"]?.string.flatMap(DefinitionValue.init(json:))
            charts[uuid] = BundleChart(file: file.shownPath, name: name, viz: viz, params: params, queryContext: queryContext,
                                       dataset: fields["dataset_uuid"]?.string.flatMap { datasets[$0] })
        }
        var dashboards: [String: BundleDashboard] = [:]
        for file in byKind["dashboards"] ?? [] {
            let (path, fields, root, reader) = (file.shownPath, file.fields, file.root, file.reader)
            guard let slug = fields["slug"]?.string, let title = fields["dashboard_title"]?.string else {
                throw reader.error(root, "the dashboard has no slug or dashboard_title",
                                   hint: "the gate finds a bundle's dashboards by slug: give it one in Superset and export again")
            }
            // The layout names its charts by uuid (`meta.uuid` of each CHART entry), in the order of their keys.
            let position = fields["position"].map(DefinitionValue.init)?.object ?? [:]
            let chartUUIDs = position.keys.sorted().compactMap { key in
                position[key]?["type"]?.string == "CHART" ? position[key]?["meta"]?["uuid"]?.string : nil
            }
            var shown: [BundleChart] = []
            var chartNames: [Int: String] = [:]
            for entry in position.values where entry["type"]?.string == "CHART" {
                if let id = entry["meta"]?["chartId"]?.integer, let uuid = entry["meta"]?["uuid"]?.string, let chart = charts[uuid] {
                    chartNames[id] = chart.name
                }
            }
            for uuid in chartUUIDs {
                guard let chart = charts[uuid] else {
                    throw reader.error(root, "the layout shows chart \(uuid), which is not in the bundle's charts/",
                                       hint: "export the dashboard again: Superset exports every chart its layout shows")
                }
                shown.append(chart)
            }
            guard dashboards[slug] == nil else {
                throw reader.error(root, "slug '\(slug)' is also the slug of \(dashboards[slug]!.file)", hint: "slugs must be unique in a bundle")
            }
            dashboards[slug] = BundleDashboard(file: path, line: root.mark?.line, title: title, slug: slug, published: fields["published"]?.bool,
                                               metadata: fields["metadata"].map(DefinitionValue.init) ?? .object([:]), charts: shown,
                                               chartNames: chartNames)
        }
        return AssetBundle(folder: shown, dashboards: dashboards)
    }

    /// Every `.yaml` under `folder`, relative and absolute, in a stable order; bounded in count and size.
    private static func yamlFiles(in folder: String) throws(ConfigurationError) -> [(String, String)] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw ConfigurationError(file: folder, line: nil, column: nil, message: "cannot list the assets bundle", hint: "check its permissions")
        }
        var files: [(String, String)] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            files.append((relative, folder + "/" + relative))
            guard files.count <= maximumFiles else {
                throw ConfigurationError(file: folder, line: nil, column: nil, message: "the assets bundle has more than \(maximumFiles) YAML files",
                                         hint: "name the folder of one export, not a parent of many")
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }
}

/// One YAML file of a bundle, composed under the expectations file's guard and read under the run's deadline: its
/// top-level fields, and a reader that names the file (as the expectations show it) and line on every mistake.
private struct BundleFile {
    let shownPath: String
    let root: Node
    let reader: NodeReader
    let fields: [String: Node]

    init(_ path: String, shownAs shownPath: String) throws(ConfigurationError) {
        // A bundle of thousands of large files stops at the deadline, naming where.
        if let deadline = CallDeadline.current, ContinuousClock.now >= deadline.instant {
            throw ConfigurationError(file: shownPath, line: nil, column: nil, message: "\(deadline.reason) passed while the assets bundle was loading, before this file was read",
                                     hint: "raise --deadline (run_deadline_seconds), or name a smaller bundle")
        }
        let text: String
        switch QueryFile.read(path, maxBytes: AssetBundle.maximumFileBytes) {
        case .success(let read): text = read
        case .failure(let problem):
            throw ConfigurationError(file: shownPath, line: nil, column: nil, message: "cannot read this file of the assets bundle: \(problem)",
                                     hint: "a bundle file is a few kilobytes of UTF-8 YAML, as Superset exports it")
        }
        self.shownPath = shownPath
        root = try ExpectationsLoader.compose(text, file: shownPath, emptyHint: "export the assets again")
        reader = NodeReader(file: shownPath)
        fields = try reader.keyedPairs(root, shownPath).reduce(into: [:]) { $0[$1.0] = $1.2 }
    }

    /// A text field; nil when absent or null.
    func text(_ key: String) throws(ConfigurationError) -> String? {
        guard let node = fields[key], node.null == nil else { return nil }
        return try reader.string(node, key)
    }

    /// A list field; empty when absent.
    func sequence(_ key: String) throws(ConfigurationError) -> [Node] {
        guard let node = fields[key] else { return [] }
        return try reader.sequence(node, key)
    }
}

// MARK: - Agreeing with the expectations

extension AssetBundle {
    /// The bundle's definition of `dashboard`, which must agree with the expectations where both speak: the title,
    /// the charts (names and types) and the dataset's SQL (equal to the query file the database arm runs, so the SQL
    /// has one source). A disagreement is a configuration error naming both files.
    package func definition(of dashboard: DashboardExpectation, in expectationsFile: String) throws(ConfigurationError) -> BundleDashboard {
        let place = "\(expectationsFile)" + (dashboard.line.map { ":\($0)" } ?? "")
        func disagree(_ message: String, _ hint: String) -> ConfigurationError {
            ConfigurationError(file: expectationsFile, line: dashboard.line, column: nil, message: message, hint: hint)
        }
        guard let bundled = dashboards[dashboard.slug] else {
            throw disagree("dashboard '\(dashboard.slug)' is not in the assets bundle \(folder)",
                           "export it into the bundle (gate-runner assets export), or fix the slug in one of the two")
        }
        let definedAt = "\(bundled.file)" + (bundled.line.map { ":\($0)" } ?? "")
        if bundled.title != dashboard.title {
            throw disagree("dashboard '\(dashboard.slug)' is titled '\(dashboard.title)' here but '\(bundled.title)' in \(definedAt)",
                           "the two files must agree; change one")
        }
        let expected = Dictionary(dashboard.charts.map { ($0.name, $0.viz) }, uniquingKeysWith: { first, _ in first })
        let defined = Dictionary(bundled.charts.map { ($0.name, $0.viz) }, uniquingKeysWith: { first, _ in first })
        if expected != defined {
            let describe = { (charts: [String: String]) in charts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ") }
            throw disagree("the charts of '\(dashboard.slug)' differ: \(place) expects \(describe(expected)); \(definedAt) defines \(describe(defined))",
                           "the two files must agree on each chart's name and viz type")
        }
        for dataset in Set(bundled.charts.compactMap(\.dataset?.file)) {
            guard let sql = bundled.charts.first(where: { $0.dataset?.file == dataset })?.dataset?.sql else { continue }
            if SQLText.normalized(sql) != SQLText.normalized(dashboard.sql) {
                throw disagree("the SQL of \(dataset) differs from \(dashboard.queryPath), which \(place) names for '\(dashboard.slug)'",
                               "the query file is the source: export the bundle again after deploying it, or copy the query into the dataset")
            }
        }
        return bundled
    }
}
