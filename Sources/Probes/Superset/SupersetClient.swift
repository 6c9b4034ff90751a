import Foundation
import Logging

/// Read-only client of Superset's REST API (6.1): JWT login, one re-login on 401, every call timed out.
/// Two clients, two timeouts: the login and lookups answer from Superset's metadata (`http`, the HTTP
/// timeout); chart data and counts make Superset run a query (`queries`, the larger of HTTP and query).
public actor SupersetClient {
    public let baseURL: URL
    private let username: String
    /// The password, or the API key when `usesAPIKey`: the one secret of the login.
    private let password: String
    /// Flask-AppBuilder's API keys (`FAB_API_KEY_ENABLED`): the key is the bearer token itself, carrying its user's
    /// roles; there is no login call and no second chance on a 401.
    private let usesAPIKey: Bool
    private let http: HTTPClient
    private let queries: HTTPClient
    private var token: String?
    private let logger: Logger

    /// `queries` defaults to `http`: one timeout for everything.
    public init(baseURL: URL, username: String, password: String, http: HTTPClient, queries: HTTPClient? = nil,
                logger: Logger = Logger(label: "gate.superset")) {
        self.logger = logger
        self.baseURL = baseURL
        self.username = username
        self.password = password
        self.usesAPIKey = false
        self.http = http
        self.queries = queries ?? http
    }

    /// A client that authenticates with an API key (`Authorization: Bearer sst_…`) instead of a login.
    public init(baseURL: URL, apiKey: String, http: HTTPClient, queries: HTTPClient? = nil, logger: Logger = Logger(label: "gate.superset")) {
        self.logger = logger
        self.baseURL = baseURL
        self.username = ""
        self.password = apiKey
        self.usesAPIKey = true
        self.http = http
        self.queries = queries ?? http
    }

    /// Superset's answer to a key it did not take: a 5xx or 429 is Superset failing, anything else a refusal.
    private static func keyRefused(_ response: HTTPResponse, _ path: String) -> SupersetError {
        SupersetError(kind: response.status >= 500 || response.status == 429 ? .rejected : .loginRefused, endpoint: path, status: response.status,
                      message: "Superset refused the API key (\(message(from: response))); is FAB_API_KEY_ENABLED on in its config, and the key active? "
                        + "(API keys need Superset 6 or later: Superset 5 and before, on Flask-AppBuilder 4, have none; log in with a user and password there)")
    }

    public func login() async throws {
        if usesAPIKey {
            // Nothing to exchange: the key is the token. One cheap call (who am I) says now whether Superset takes it,
            // so a refused key is one clear error, not one per dashboard.
            let path = "/api/v1/me/"
            let response = try await http.send("GET", url(path), headers: ["Accept": "application/json", "Authorization": "Bearer \(password)"])
            logins += 1
            guard response.status == 200 else { throw masked(Self.keyRefused(response, path)) }
            token = password
            return
        }
        let body = try JSONSerialization.data(withJSONObject: [
            "username": username, "password": password, "provider": "db", "refresh": true,
        ])
        let path = "/api/v1/security/login"
        let response = try await http.send("POST", url(path), headers: ["Content-Type": "application/json"], body: body)
        logins += 1
        guard response.status == 200 else {
            // A 5xx or 429 is Superset failing, not refusing these credentials.
            let kind: SupersetError.Kind = response.status >= 500 || response.status == 429 ? .rejected : .loginRefused
            throw masked(SupersetError(kind: kind, endpoint: path, status: response.status, message: Self.message(from: response)))
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let access = object["access_token"] as? String else {
            throw masked(SupersetError(kind: .malformed, endpoint: path, status: response.status,
                                       message: "no access_token in the answer (\(Self.shape(response)))"))
        }
        token = access
        issuedTokens.append(access)
    }

    public func dashboard(_ idOrSlug: String) async throws -> SupersetDashboard {
        var segment = CharacterSet.urlPathAllowed
        segment.remove("/")
        let path = "/api/v1/dashboard/\(idOrSlug.addingPercentEncoding(withAllowedCharacters: segment) ?? idOrSlug)"
        let result = try object(try await call("GET", path), path)["result"] as? [String: Any] ?? [:]
        guard let id = result["id"] as? Int else {
            throw SupersetError(kind: .malformed, endpoint: path, status: 200, message: "no dashboard id")
        }
        return SupersetDashboard(
            id: id,
            title: result["dashboard_title"] as? String ?? "",
            slug: result["slug"] as? String,
            jsonMetadata: result["json_metadata"] as? String ?? "",
            positionJSON: result["position_json"] as? String,
            published: result["published"] as? Bool)
    }

    public func charts(dashboardID: Int) async throws -> [SupersetChart] {
        let path = "/api/v1/dashboard/\(dashboardID)/charts"
        let rows = try object(try await call("GET", path), path)["result"] as? [[String: Any]] ?? []
        return rows.compactMap { row in
            guard let id = row["id"] as? Int else { return nil }
            let formData = row["form_data"] as? [String: Any] ?? [:]
            let viz = formData["viz_type"] as? String ?? row["viz_type"] as? String ?? ""
            return SupersetChart(id: id, name: row["slice_name"] as? String ?? "", vizType: viz)
        }
    }

    public func datasets(dashboardID: Int) async throws -> [SupersetDataset] {
        let path = "/api/v1/dashboard/\(dashboardID)/datasets"
        let rows = try object(try await call("GET", path), path)["result"] as? [[String: Any]] ?? []
        return rows.compactMap { row in (row["id"] as? Int).map { Self.dataset(id: $0, row) } }
    }

    /// A dataset's identity and place from either answer: the dashboard's list names its database `name`, the dataset's
    /// own answer `database_name`.
    private static func dataset(id: Int, _ row: [String: Any]) -> SupersetDataset {
        let database = row["database"] as? [String: Any]
        var dataset = SupersetDataset(id: id, tableName: row["table_name"] as? String ?? "", sql: row["sql"] as? String,
                                      databaseID: database?["id"] as? Int,
                                      databaseName: database?["name"] as? String ?? database?["database_name"] as? String,
                                      schema: row["schema"] as? String)
        dataset.physicalColumns = (row["columns"] as? [[String: Any]]).map { columns in
            columns.compactMap { column in
                guard let name = column["column_name"] as? String, ((column["expression"] as? String) ?? "").isEmpty else { return nil }
                return name
            }
        }
        return dataset
    }

    /// A dataset whole (`GET /api/v1/dataset/{id}`): every saved metric and calculated column, not only those the
    /// dashboard's charts use (what `dashboard/{id}/datasets` lists), its temporal column and template parameters.
    public func dataset(id: Int) async throws -> SupersetDataset {
        let path = "/api/v1/dataset/\(id)"
        let row = try object(try await call("GET", path), path)["result"] as? [String: Any] ?? [:]
        var dataset = Self.dataset(id: id, row)
        dataset.metrics = (row["metrics"] as? [[String: Any]]).map { metrics in
            Dictionary(metrics.compactMap { metric in (metric["metric_name"] as? String).map { ($0, metric["expression"] as? String ?? "") } },
                       uniquingKeysWith: { first, _ in first })
        }
        dataset.calculatedColumns = (row["columns"] as? [[String: Any]]).map { columns in
            Dictionary(columns.compactMap { column -> (String, String)? in
                guard let name = column["column_name"] as? String, let expression = column["expression"] as? String, !expression.isEmpty else { return nil }
                return (name, expression)
            }, uniquingKeysWith: { first, _ in first })
        }
        dataset.temporalColumn = row["main_dttm_col"] as? String
        dataset.templateParams = (row["template_params"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return dataset
    }

    /// A database entry's engine and driver (`GET /api/v1/database/{id}`, read rights) and where it connects
    /// (`GET /api/v1/database/{id}/connection`, which Superset gives only to a role that may edit databases; refused,
    /// the place stays unknown). The password is masked by Superset and never kept.
    public func databaseEntry(id: Int) async throws -> SupersetDatabaseEntry {
        let path = "/api/v1/database/\(id)"
        let row = try object(try await call("GET", path), path)["result"] as? [String: Any] ?? [:]
        var entry = SupersetDatabaseEntry(id: id, name: row["database_name"] as? String ?? "", backend: row["backend"] as? String,
                                          driver: row["driver"] as? String)
        let connection = path + "/connection"
        do {
            let result = try object(try await call("GET", connection), connection)["result"] as? [String: Any] ?? [:]
            let parameters = result["parameters"] as? [String: Any] ?? [:]
            entry.host = parameters["host"] as? String
            entry.port = parameters["port"] as? Int ?? (parameters["port"] as? String).flatMap(Int.init)
            entry.database = parameters["database"] as? String
            entry.uri = result["sqlalchemy_uri"] as? String
            entry.connectionRead = true
        } catch let error as SupersetError where error.status == 401 || error.status == 403 {
            entry.connectionRead = false
        }
        return entry
    }

    /// The dashboards' export bundle, a ZIP (`GET /api/v1/dashboard/export/?q=!(ids)`): what a role with export
    /// rights may read, unlike the whole instance's assets export. Bounded by the client's answer limit.
    public func exportDashboards(ids: [Int]) async throws -> Data {
        let path = "/api/v1/dashboard/export/?q=!(" + ids.map(String.init).joined(separator: ",") + ")"
        return try await call("GET", path).body
    }

    /// A chart as saved: its datasource, `params` and `query_context`.
    public func chart(id: Int) async throws -> SupersetChartDefinition {
        let path = "/api/v1/chart/\(id)"
        let result = try object(try await call("GET", path), path)["result"] as? [String: Any] ?? [:]
        func text(_ key: String) -> String? {
            guard let value = result[key] as? String, !value.isEmpty else { return nil }
            return value
        }
        var datasource = (id: result["datasource_id"] as? Int, type: result["datasource_type"] as? String)
        if datasource.id == nil {
            // Superset before 6 leaves the datasource out of a chart's own answer; its chart list gives it.
            let listPath = "/api/v1/chart/?q=(columns:!(id,datasource_id,datasource_type),filters:!((col:id,opr:eq,value:\(id))))"
            let listed = (try object(try await call("GET", listPath), listPath)["result"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == id }
            datasource = (listed?["datasource_id"] as? Int, listed?["datasource_type"] as? String)
        }
        var definition = SupersetChartDefinition(id: id, datasourceID: datasource.id, datasourceType: datasource.type, params: text("params"),
                                                 queryContext: text("query_context"))
        definition.cacheTimeout = result["cache_timeout"] as? Int
        return definition
    }

    /// Renders a chart from its saved query context, bypassing Superset's cache.
    /// Returns the number of result rows of the first query.
    public func renderChart(id: Int) async throws -> Int {
        try await renderChart(id: id, keepingRows: 0).rowCount
    }

    /// Renders a chart from its saved query context, bypassing Superset's cache, and keeps up to `limit` of its rows
    /// (none when 0): what a value check reads.
    public func renderChart(id: Int, keepingRows limit: Int) async throws -> ChartRender {
        let path = "/api/v1/chart/\(id)/data/?force=true"
        return try rendered(try await call("GET", path, over: queries), path, keepingRows: limit)
    }

    /// Renders a query context the gate composed (a chart's saved one with the dashboard's default filters merged)
    /// through `POST /api/v1/chart/data`, bypassing Superset's cache: a query, read-only like the saved render.
    public func renderQuery(_ queryContext: Data, keepingRows limit: Int) async throws -> ChartRender {
        let path = "/api/v1/chart/data"
        guard var context = (try? JSONSerialization.jsonObject(with: queryContext)) as? [String: Any] else {
            throw SupersetError(kind: .malformed, endpoint: path, status: 0, message: "the composed query context is not a JSON object")
        }
        context["force"] = true
        context["result_format"] = "json"
        context["result_type"] = "full"
        let body = try JSONSerialization.data(withJSONObject: context)
        return try rendered(try await call("POST", path, body: body, over: queries), path, keepingRows: limit)
    }

    /// A chart data answer: its first query's row count, and up to `limit` rows.
    private func rendered(_ response: HTTPResponse, _ path: String, keepingRows limit: Int) throws -> ChartRender {
        if response.status == 202 {
            // Global async queries: the answer is a job, not the data. Following it needs the async JWT cookie
            // of a browser session, which a REST client with a bearer token does not have.
            throw SupersetError(kind: .asyncQuery, endpoint: path, status: 202,
                                message: "Superset queued the chart query as an asynchronous job (feature flag GLOBAL_ASYNC_QUERIES is on); "
                                    + "the gate needs synchronous chart data: turn GLOBAL_ASYNC_QUERIES off for the gate's Superset, "
                                    + "or point the gate at a Superset instance without it")
        }
        do {
            let first = try Self.firstResult(try object(response, path), path)
            let count = first["rowcount"] as? Int ?? 0
            var render = ChartRender(rowCount: count, data: limit > 0 ? Self.chartData(first, limit: limit) : nil)
            render.sql = first["query"] as? String
            return render
        } catch let error as SupersetError {
            throw masked(error)
        }
    }

    /// The first query's columns and rows, in column order; at most `limit` rows.
    static func chartData(_ result: [String: Any], limit: Int) -> ChartData {
        let columns = result["colnames"] as? [String] ?? []
        let kinds = (result["coltypes"] as? [Int] ?? []).map { ChartData.ColumnKind(rawValue: $0) ?? .unknown }
        let rows = (result["data"] as? [[String: Any]] ?? []).prefix(limit).map { row in
            columns.map { row[$0].map(ChartCell.init(json:)) ?? .null }
        }
        return ChartData(columns: columns, kinds: kinds, rows: Array(rows))
    }

    /// Every row-level-security rule (`GET /api/v1/rowlevelsecurity/`, 100 a page, at most 20 pages): what an
    /// administrator may read, a viewer may not (403).
    public func rowLevelSecurity() async throws -> [SupersetRLSRule] {
        var rules: [SupersetRLSRule] = []
        for page in 0..<20 {
            let path = "/api/v1/rowlevelsecurity/?q=(page:\(page),page_size:100)"
            let payload = try object(try await call("GET", path), path)
            let rows = payload["result"] as? [[String: Any]] ?? []
            rules += rows.map { row in
                SupersetRLSRule(name: row["name"] as? String ?? "", filterType: row["filter_type"] as? String ?? "",
                                clause: row["clause"] as? String ?? "",
                                roles: (row["roles"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String },
                                datasetIDs: (row["tables"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
            }
            if rows.count < 100 || rules.count >= (payload["count"] as? Int ?? 0) { break }
        }
        return rules
    }

    /// The roles of this login's user (`GET /api/v1/me/roles/`).
    public func roles() async throws -> [String] {
        let path = "/api/v1/me/roles/"
        let result = try object(try await call("GET", path), path)["result"] as? [String: Any] ?? [:]
        return ((result["roles"] as? [String: Any]) ?? [:]).keys.sorted()
    }

    /// A dataset's raw rows through Superset's own engine: its `columns` and no `metrics` key (with one, even empty,
    /// Superset groups by every column and folds duplicate rows), at most `limit` rows, cache bypassed. Returns the rows
    /// and the SQL Superset ran (`ChartRender.sql`): the answer is read once.
    public func datasetRows(datasetID: Int, columns: [String], limit: Int) async throws -> ChartRender {
        let path = "/api/v1/chart/data"
        let body = try JSONSerialization.data(withJSONObject: [
            "datasource": ["id": datasetID, "type": "table"],
            "force": true,
            "queries": [["columns": columns, "row_limit": limit, "orderby": [] as [Any]]],
            "result_format": "json",
            "result_type": "full",
        ] as [String: Any])
        var render = try rendered(try await call("POST", path, body: body, over: queries), path, keepingRows: limit)
        // Superset before 6 answers an empty result without its columns (`colnames: []`; 5.0's result set builds them
        // only from rows): every column asked for is selected as it is, so those are the result's columns.
        if render.rowCount == 0, let data = render.data, data.columns.isEmpty, data.rows.isEmpty, !columns.isEmpty {
            render.data = ChartData(columns: columns, kinds: columns.map { _ in .unknown }, rows: [])
        }
        return render
    }

    /// Counts a dataset's rows through Superset's own engine (adhoc COUNT(*) metric), and returns the SQL
    /// Superset generated for it, in one request.
    public func countRows(datasetID: Int) async throws -> (count: Int, sql: String?) {
        let path = "/api/v1/chart/data"
        func context(_ resultType: String) throws -> Data {
            try JSONSerialization.data(withJSONObject: [
                "datasource": ["id": datasetID, "type": "table"],
                "force": true,
                "queries": [[
                    "metrics": [["expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": "row_count"]],
                    "row_limit": 1,
                ]],
                "result_format": "json",
                "result_type": resultType,
            ] as [String: Any])
        }
        let payload = try object(try await call("POST", path, body: try context("full"), over: queries), path)
        let first: [String: Any]
        do { first = try Self.firstResult(payload, path) } catch let error as SupersetError { throw masked(error) }
        let data = first["data"] as? [[String: Any]] ?? []
        guard let value = data.first?["row_count"] else {
            throw SupersetError(kind: .malformed, endpoint: path, status: 200, message: "no row_count in the result")
        }
        guard let count = (value as? Int) ?? (value as? NSNumber)?.intValue ?? Int("\(value)") else {
            throw SupersetError(kind: .malformed, endpoint: path, status: 200, message: "row_count is not a number")
        }
        // A full result carries the SQL Superset generated for it: one request gives both.
        let sql = first["query"] as? String
        return (count, sql)
    }

    // MARK: - plumbing

    private func url(_ path: String) -> URL {
        HTTPClient.join(baseURL, path) ?? baseURL
    }

    /// The secrets of this session: the password and the current token.
    public var sessionSecrets: [String] { ([password] + issuedTokens).filter { !$0.isEmpty } }

    /// Every token this client was issued: a call still in flight when another task logged in again may
    /// bring back an error page quoting the older one.
    private var issuedTokens: [String] = []

    /// Logins so far; tests read it to prove one re-login on a 401.
    private(set) var logins = 0

    /// Tests replace the token to stand for one that expired.
    func replaceToken(_ value: String) { token = value }

    /// Superset's or a proxy's words, with our credentials masked: an error page may echo anything.
    private func masked(_ error: SupersetError) -> SupersetError {
        SupersetError(kind: error.kind, endpoint: error.endpoint, status: error.status,
                      message: String(Secrets.mask(error.message, sessionSecrets).prefix(Self.messageLimit)))
    }

    /// One authenticated call; logs in first, and once more on a 401 (expired token).
    private func call(_ method: String, _ path: String, body: Data? = nil, over client: HTTPClient? = nil) async throws -> HTTPResponse {
        do {
            return try await authenticatedCall(method, path, body: body, over: client ?? http)
        } catch let error as SupersetError {
            throw masked(error)
        }
    }

    private func authenticatedCall(_ method: String, _ path: String, body: Data?, over client: HTTPClient) async throws -> HTTPResponse {
        if token == nil { try await login() }
        var response = try await send(method, path, body: body, over: client)
        // 401: the token expired. 422 with a JWT `msg`: the token no longer verifies (Superset's key
        // was rotated by a deploy). Either way one fresh login is the cure; a second refusal is final.
        if usesAPIKey, response.status == 401 { throw Self.keyRefused(response, path) }
        if response.status == 401 || (response.status == 422 && Self.isTokenComplaint(response)) {
            try await login()
            response = try await send(method, path, body: body, over: client)
        }
        guard (200..<300).contains(response.status) else {
            let kind: SupersetError.Kind = response.status == 404 ? .notFound : .rejected
            throw SupersetError(kind: kind, endpoint: path, status: response.status, message: Self.message(from: response))
        }
        return response
    }

    private func send(_ method: String, _ path: String, body: Data?, over client: HTTPClient) async throws -> HTTPResponse {
        // A GET with a JSON content type and no body makes the chart data endpoint answer 400.
        var headers = ["Accept": "application/json"]
        if body != nil { headers["Content-Type"] = "application/json" }
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await client.send(method, url(path), headers: headers, body: body)
        logger.debug("\(method) \(path) → \(response.status) in \((clock.now - start).milliseconds) ms")
        return response
    }

    private func object(_ response: HTTPResponse, _ path: String) throws -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            // Masked and cut by `call`'s callers (`masked`): the page may quote anything.
            throw masked(SupersetError(kind: .malformed, endpoint: path, status: response.status,
                                       message: "not a JSON object (\(Self.shape(response)))"))
        }
        return object
    }

    private static func firstResult(_ payload: [String: Any], _ path: String) throws -> [String: Any] {
        guard let first = (payload["result"] as? [[String: Any]])?.first else {
            throw SupersetError(kind: .malformed, endpoint: path, status: 200, message: "no result")
        }
        if let error = first["error"] as? String, !error.isEmpty {
            throw SupersetError(kind: .rejected, endpoint: path, status: 200, message: error)
        }
        return first
    }

    /// What came instead of JSON, for messages: its media type and first words, never more.
    /// Cut only by `masked`, after masking: a secret cut in two would escape it.
    static func shape(_ response: HTTPResponse) -> String {
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let type = response.contentType.map { "\($0), " } ?? ""
        if text.hasPrefix("<") { return type + "an HTML page: " + String(text.prefix(Self.messageLimit * 2)) }
        return type + (text.isEmpty ? "an empty body" : "starts: " + String(text.prefix(Self.messageLimit * 2)))
    }

    /// How much of Superset's words a message keeps (cut after masking, never before).
    static let messageLimit = 300

    static func isTokenComplaint(_ response: HTTPResponse) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else { return false }
        return object.count == 1 && object["msg"] is String
    }

    /// Superset's own words for a failure: `message`, `errors[].message` or `result[].error`.
    static func message(from response: HTTPResponse) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? "empty answer" : String(text.prefix(Self.messageLimit * 4))
        }
        if let errors = object["errors"] as? [[String: Any]] {
            let messages = errors.compactMap { $0["message"] as? String }
            if !messages.isEmpty { return messages.joined(separator: "; ") }
        }
        if let message = object["message"] as? String { return message }
        if let message = object["message"] as? [String: Any] {
            return message.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; ")
        }
        if let result = object["result"] as? [[String: Any]], let error = result.first?["error"] as? String { return error }
        return String(response.text.prefix(Self.messageLimit * 4))
    }
}
