/// A five-character SQLSTATE (ODBC's and the server's), as a type: the gate classifies failures by it,
/// never by reading a message. Named constants are the states the gate acts on.
public struct SQLState: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// The ODBC driver manager could not find the driver named in the connection string.
    public static let driverNotFound: SQLState = "IM002"
    /// The driver's library could not be loaded.
    public static let driverLoadFailed: SQLState = "IM003"
    /// General warning; unixODBC also reports "Can't open lib" under it.
    public static let generalWarning: SQLState = "01000"
    public static let clientUnableToConnect: SQLState = "08001"
    public static let communicationLinkFailure: SQLState = "08S01"
    public static let invalidAuthorization: SQLState = "28000"
    /// PostgreSQL: invalid_password.
    public static let invalidPassword: SQLState = "28P01"
    public static let timeoutExpired: SQLState = "HYT00"
    public static let connectionTimeoutExpired: SQLState = "HYT01"
    /// PostgreSQL: query_canceled, what a statement timeout raises.
    public static let queryCanceled: SQLState = "57014"
    public static let memoryAllocation: SQLState = "HY001"
    public static let generalError: SQLState = "HY000"
    public static let undefinedTable: SQLState = "42P01"
    public static let baseTableNotFound: SQLState = "42S02"
    public static let undefinedColumn: SQLState = "42703"
    public static let columnNotFound: SQLState = "42S22"

    /// The class: the first two characters (`08` connection exception, `28` authorization, …).
    public var stateClass: Substring { rawValue.prefix(2) }

    public var isTimeout: Bool { [.timeoutExpired, .connectionTimeoutExpired, .queryCanceled].contains(self) }
    public var isLoginRefused: Bool { stateClass == "28" }
    public var isConnectionFailure: Bool { stateClass == "08" }
    public var isDriverMissing: Bool { self == .driverNotFound || self == .driverLoadFailed }
    public var isUnknownObject: Bool { [.undefinedTable, .baseTableNotFound, .undefinedColumn, .columnNotFound].contains(self) }
}
