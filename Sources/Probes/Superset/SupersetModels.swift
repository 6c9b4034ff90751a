/// What the Superset arm reads, as plain values; and Superset's failures.

/// A dashboard as Superset reports it.
public struct SupersetDashboard: Sendable, Equatable {
    public let id: Int
    public let title: String
    public let slug: String?
    public let jsonMetadata: String
}

public struct SupersetChart: Sendable, Equatable {
    public let id: Int
    public let name: String
    public let vizType: String
}

public struct SupersetDataset: Sendable, Equatable {
    public let id: Int
    public let tableName: String
    public let sql: String?
}

/// A Superset answer that is not what the gate asked for: HTTP status and Superset's own message.
public struct SupersetError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case loginRefused, notFound, rejected, malformed }
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
        }
    }
}
