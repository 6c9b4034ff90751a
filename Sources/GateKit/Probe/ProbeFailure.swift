import Probes

/// Why a probe produced no answer, as a type: evaluation and reports switch over it, and nothing
/// parses a message back.
public enum FailureCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The database (or its driver) answered with an error.
    case sqlState(SQLState)
    /// The service answered with a status that is not a success (Superset: its own message is in the failure).
    case httpStatus(Int)
    /// Superset refused the gate's credentials.
    case loginRefused(httpStatus: Int)
    /// An HTTP call got no answer in time.
    case timeout
    /// Nothing listens there, or the host is unknown.
    case unreachable
    /// The answer came but was not what the API promises (no JSON, a missing field).
    case malformedAnswer
    case invalidURL
    /// The answer was larger than the cap.
    case responseTooLarge
    /// TLS: the server's certificate is not trusted.
    case untrustedCertificate
    /// Another transport failure (TLS, a connection cut).
    case transport
    /// Superset answered with an asynchronous job (global async queries) where the gate needs data.
    case asyncQuery
    /// The count probe could not be built from the query.
    case countProbe
    /// Not run: the lint refused the SQL it would have run.
    case refusedByLint
    case cancelled
    case unknown

    enum SqlStateCodingKeys: String, CodingKey { case _0 = "state" }
    enum HttpStatusCodingKeys: String, CodingKey { case _0 = "status" }

    public var description: String {
        switch self {
        case .sqlState(let state): return "SQLSTATE \(state)"
        case .httpStatus(let status): return "HTTP \(status)"
        case .loginRefused(let status): return "login refused (HTTP \(status))"
        case .timeout: return "timeout"
        case .unreachable: return "unreachable"
        case .malformedAnswer: return "malformed answer"
        case .invalidURL: return "invalid URL"
        case .responseTooLarge: return "response too large"
        case .untrustedCertificate: return "untrusted certificate"
        case .transport: return "transport"
        case .asyncQuery: return "async query"
        case .countProbe: return "count probe"
        case .refusedByLint: return "refused by the lint"
        case .cancelled: return "interrupted"
        case .unknown: return "error"
        }
    }

    /// The target answered "no such thing" (a 404): reality differs, the probe itself worked.
    package var isNotFound: Bool { self == .httpStatus(404) }

    /// No answer within a timeout, from HTTP or from the database.
    package var isTimeout: Bool {
        switch self {
        case .timeout: return true
        case .sqlState(let state): return state.isTimeout
        default: return false
        }
    }
}

/// Why a probe produced no answer, as a value safe to print (no secrets).
package struct ProbeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package let code: FailureCode

    package init(message: String, code: FailureCode = .unknown) {
        self.message = message
        self.code = code
    }

    public var description: String { message }

    /// The run was stopped (SIGINT or SIGTERM) before this call finished.
    package static let interrupted = ProbeFailure(message: "interrupted: the run was stopped by a signal before this check finished", code: .cancelled)

    /// True when the target answered "no such thing" (a 404): reality differs, the probe worked.
    package var notFound: Bool { code.isNotFound }

    /// True when the target refused this login access (a 403, or a 401 after login): reality differs for them.
    package var refusedAccess: Bool { code == .httpStatus(403) || code == .httpStatus(401) }

    package init(_ error: any Error) {
        switch error {
        case let failure as ProbeFailure: self = failure
        case let odbc as ODBCError: self.init(message: odbc.description, code: odbc.sqlState.map(FailureCode.sqlState) ?? .unknown)
        case let http as HTTPError: self.init(message: http.description, code: FailureCode(http.kind))
        case let deadline as DeadlineExceeded: self.init(message: deadline.description, code: .timeout)
        case let cap as FetchCap: self.init(message: cap.description, code: .responseTooLarge)
        case let value as ValueTooLarge: self.init(message: value.description, code: .responseTooLarge)
        case let superset as SupersetError: self.init(message: superset.description, code: FailureCode(superset))
        case let wrapper as ProbeWrapperError: self.init(message: "cannot build the count probe: \(wrapper.message)", code: .countProbe)
        case is CancellationError: self = .interrupted
        default: self.init(message: String(describing: error))
        }
    }
}

extension FailureCode {
    init(_ kind: HTTPError.Kind) {
        switch kind {
        case .timeout: self = .timeout
        case .unreachable, .connectionLost: self = .unreachable
        case .invalidURL, .caFile, .redirectRefused: self = .invalidURL
        case .transport: self = .transport
        case .tooLarge: self = .responseTooLarge
        case .untrustedCertificate: self = .untrustedCertificate
        }
    }

    init(_ error: SupersetError) {
        switch error.kind {
        case .loginRefused: self = .loginRefused(httpStatus: error.status)
        case .notFound, .rejected: self = .httpStatus(error.status)
        case .malformed: self = .malformedAnswer
        case .asyncQuery: self = .asyncQuery
        }
    }
}
