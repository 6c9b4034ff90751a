import Foundation

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
    /// The columns its SQL returns, as Superset last synced them (calculated columns left out); nil when not listed.
    public var physicalColumns: [String]? = nil
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

/// A row-level-security rule: a `Regular` rule filters the users of its roles, a `Base` rule everyone but them.
public struct SupersetRLSRule: Sendable, Equatable {
    public let name: String
    public let filterType: String
    public let clause: String
    public let roles: [String]
    public let datasetIDs: [Int]

    public init(name: String, filterType: String, clause: String, roles: [String], datasetIDs: [Int]) {
        (self.name, self.filterType, self.clause, self.roles, self.datasetIDs) = (name, filterType, clause, roles, datasetIDs)
    }

    /// Whether it filters a user with `userRoles`.
    public func applies(to userRoles: [String]) -> Bool {
        let named = !Set(roles).isDisjoint(with: userRoles)
        return filterType.lowercased() == "base" ? !named : named
    }
}

/// What a chart's render answered: its row count and, when asked for, its rows as Superset's chart data API sends them
/// (`colnames`, `coltypes`, `data` of the first query).
public struct ChartRender: Sendable, Equatable {
    public let rowCount: Int
    public var data: ChartData?
    /// The SQL Superset ran for it (the first query's `query`), when the answer gives it.
    public var sql: String? = nil

    public init(rowCount: Int, data: ChartData? = nil) {
        self.rowCount = rowCount
        self.data = data
    }
}

public struct ChartData: Sendable, Equatable {
    public let columns: [String]
    /// Superset's `coltypes`: what kind of value each column holds.
    public let kinds: [ColumnKind]
    public let rows: [[ChartCell]]

    public init(columns: [String], kinds: [ColumnKind], rows: [[ChartCell]]) {
        (self.columns, self.kinds, self.rows) = (columns, kinds, rows)
    }

    /// Superset's `GenericDataType`: 0 numeric, 1 string, 2 temporal (sent as epoch milliseconds), 3 boolean.
    public enum ColumnKind: Int, Sendable {
        case numeric = 0, string = 1, temporal = 2, boolean = 3, unknown = -1
    }
}

/// One value of a chart's answer. Integers are kept as sent, never through a Double; Superset sends a decimal column as
/// a JSON float, kept as that Double and compared at the scale the expectation is written to.
public enum ChartCell: Sendable, Hashable {
    case null
    case integer(Int64)
    case number(Double)
    case text(String)
    case bool(Bool)

    /// From what JSONSerialization read: an NSNumber's own type tells an integer (`q`, `Q`) from a float (`d`) and a
    /// boolean (`c`).
    public init(json value: Any) {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .text(text)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": self = .bool(number.boolValue)
            case "q", "l", "i", "s": self = .integer(number.int64Value)
            case "Q", "L", "I", "S":
                self = number.uint64Value <= UInt64(Int64.max) ? .integer(Int64(number.uint64Value)) : .number(number.doubleValue)
            default: self = .number(number.doubleValue)
            }
        default: self = .text("\(value)")
        }
    }
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
        case .loginRefused: return "Superset refused the login at \(endpoint) (HTTP \(status)): \(message); check the variables that hold its credentials"
        case .notFound: return "Superset has no such object at \(endpoint) (HTTP \(status)): \(message)"
        case .rejected: return "Superset answered HTTP \(status) at \(endpoint): \(message)"
        case .malformed: return "Superset's answer at \(endpoint) was not understood: \(message)"
        case .asyncQuery: return "Superset answered HTTP \(status) at \(endpoint): \(message)"
        }
    }
}
