/// What the Superset arm reads, as plain values; and Superset's failures.

/// A dashboard as Superset reports it (`GET /api/v1/dashboard/{id or slug}`).
public struct SupersetDashboard: Sendable, Equatable {
    public let id: Int
    public let title: String
    public let slug: String?
    public let jsonMetadata: String
    /// The layout the dashboard page draws: `CHART-…` entries name charts by `meta.chartId`.
    public var positionJSON: String? = nil
    public var published: Bool? = nil
}

/// A chart attached to a dashboard (`GET /api/v1/dashboard/{id}/charts`).
public struct SupersetChart: Sendable, Equatable {
    public let id: Int
    public let name: String
    public let vizType: String
}

/// A chart as saved (`GET /api/v1/chart/{id}`): what `GET /api/v1/chart/{id}/data/` replays is its
/// `query_context`; what the dashboard page builds its queries from is its `params`.
public struct SupersetChartDefinition: Sendable, Equatable {
    public let id: Int
    public let datasourceID: Int?
    public let datasourceType: String?
    /// The `params` JSON text (form data), nil when absent.
    public let params: String?
    /// The saved `query_context` JSON text, nil when the chart has none.
    public let queryContext: String?
    /// How long Superset keeps the chart's results, in seconds; nil when the chart sets none (its dataset's or the
    /// database's applies, else the global default).
    public var cacheTimeout: Int? = nil

    public init(id: Int, datasourceID: Int?, datasourceType: String?, params: String?, queryContext: String?) {
        self.id = id
        self.datasourceID = datasourceID
        self.datasourceType = datasourceType
        self.params = params
        self.queryContext = queryContext
    }
}

/// A dataset a dashboard's charts use (`GET /api/v1/dashboard/{id}/datasets`).
public struct SupersetDataset: Sendable, Equatable {
    public let id: Int
    public let tableName: String
    public let sql: String?
    /// The Superset database it runs on, and its schema.
    public var databaseID: Int? = nil
    public var databaseName: String? = nil
    public var schema: String? = nil
    /// Its definition, for comparing with the repository's: saved metrics and calculated columns (name → SQL
    /// expression), the temporal column, the Jinja template parameters. Nil when Superset's answer lacks the field.
    public var metrics: [String: String]? = nil
    public var calculatedColumns: [String: String]? = nil
    public var temporalColumn: String? = nil
    public var templateParams: String? = nil
}

/// A Superset database entry: its engine and, when the gate's role may read it, where it connects. Superset masks
/// the password in `uri`; the gate reads host, port and database name from `parameters` (or the URI) only.
public struct SupersetDatabaseEntry: Sendable, Equatable {
    public let id: Int
    public let name: String
    public let backend: String?
    public let driver: String?
    public var host: String? = nil
    public var port: Int? = nil
    public var database: String? = nil
    public var uri: String? = nil
    /// False when Superset refused `/connection` (it needs the right to edit databases): the place is unknown.
    public var connectionRead = false
}

/// A Superset answer that is not what the gate asked for: HTTP status and Superset's own message.
public struct SupersetError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case loginRefused, notFound, rejected, malformed, asyncQuery }
    public let kind: Kind
    public let endpoint: String
    public let status: Int
    public let message: String

    public var description: String {
        switch kind {
        case .loginRefused: return "Superset refused the login at \(endpoint) (HTTP \(status)): \(message); check the user and password variables"
        case .notFound: return "Superset has no such object at \(endpoint) (HTTP \(status)): \(message)"
        case .rejected: return "Superset answered HTTP \(status) at \(endpoint): \(message)"
        case .malformed: return "Superset's answer at \(endpoint) was not understood: \(message)"
        case .asyncQuery: return "Superset answered HTTP \(status) at \(endpoint): \(message)"
        }
    }
}
