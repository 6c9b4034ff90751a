import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP response: status, headers we care about, and the body bytes.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let body: Data
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why an HTTP call did not produce a response. Descriptions never include credentials.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case timeout, unreachable, invalidURL, transport }
    public let kind: Kind
    public let url: String
    public let detail: String

    public var description: String {
        switch kind {
        case .timeout: return "\(url) did not answer within the timeout (\(detail))"
        case .unreachable: return "\(url) is unreachable: \(detail); check the URL and that the service is running"
        case .invalidURL: return "\(url) is not a valid URL: \(detail)"
        case .transport: return "\(url) failed: \(detail)"
        }
    }
}

/// A small HTTP client over URLSession with a timeout on every request.
public struct HTTPClient: Sendable {
    public let timeoutSeconds: Double
    private let session: URLSession

    public init(timeoutSeconds: Double) {
        self.timeoutSeconds = timeoutSeconds
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResponse {
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let display = Self.display(url)
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw HTTPError(kind: .transport, url: display, detail: "not an HTTP response")
            }
            return HTTPResponse(status: http.statusCode, body: data)
        } catch let error as HTTPError {
            throw error
        } catch let error as URLError {
            switch error.code {
            case .timedOut:
                throw HTTPError(kind: .timeout, url: display, detail: "\(Int(timeoutSeconds)) s")
            case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed:
                throw HTTPError(kind: .unreachable, url: display, detail: Self.reason(error))
            case .badURL, .unsupportedURL:
                throw HTTPError(kind: .invalidURL, url: display, detail: Self.reason(error))
            default:
                throw HTTPError(kind: .transport, url: display, detail: Self.reason(error))
            }
        } catch {
            throw HTTPError(kind: .transport, url: display, detail: String(describing: type(of: error)))
        }
    }

    private static func reason(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection lost"
        default: return "URL error \(error.code.rawValue)"
        }
    }

    /// `base` + `path`, keeping any path prefix of `base` (a service under /bi/ stays under /bi/).
    public static func join(_ base: URL, _ path: String) -> URL? {
        var prefix = base.absoluteString
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return URL(string: prefix + (path.hasPrefix("/") ? path : "/" + path))
    }

    /// A URL as it may be shown: no user info, no query string (tokens sometimes travel there).
    public static func display(_ url: URL) -> String {
        guard var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<url>" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        return parts.string ?? "<url>"
    }
}
