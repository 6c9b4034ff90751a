import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A plain HTTP response: status, the headers the gate reads, and the body bytes.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let body: Data
    /// `Retry-After` in seconds, when the server sent one (429, 503).
    public var retryAfterSeconds: Double? = nil
    /// `Location`, as sent, for a redirect the client follows itself.
    var location: String? = nil
    /// `Content-Type`, as sent: messages about an answer that is not what was asked name it.
    public var contentType: String? = nil
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why an HTTP call did not produce a response. Descriptions never include credentials.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case timeout, unreachable, invalidURL, transport
        /// The answer was larger than the cap: refused before it could fill memory.
        case tooLarge
        /// TLS: the server's certificate is not trusted by this machine (or the named CA file).
        case untrustedCertificate
        /// The connection was refused or reset: the service is (re)starting. Retried.
        case connectionLost
        /// The CA file named for TLS cannot be used.
        case caFile
        /// A redirect the gate will not follow: it would carry a body or credentials to another origin, or
        /// leave https for http. `detail` names the target and why.
        case redirectRefused
    }
    public let kind: Kind
    public let url: String
    public let detail: String

    public var description: String {
        switch kind {
        case .timeout: return "\(url) did not answer within \(detail)"
        case .unreachable: return "\(url) is unreachable: \(detail); check the URL and that the service is running"
        case .invalidURL: return "\(url) is not a valid URL: \(detail)"
        case .transport: return "\(url) failed: \(detail)"
        case .tooLarge: return "\(url) answered more than \(detail): refused before reading it all; raise max_response_bytes if the answer is legitimately that large"
        case .untrustedCertificate:
            return "\(url): the server's TLS certificate is not trusted (\(detail)); name the CA that signed it with ca_file in the environment or --ca-file"
        case .connectionLost: return "\(url): the connection was lost (\(detail))"
        case .caFile: return "CA file \(url): \(detail)"
        case .redirectRefused:
            return "\(url) redirected to \(detail); the gate does not follow it: point the URL in the environment (superset_url, api_url) at the final address"
        }
    }

    /// Worth another try: the service may be restarting or overloaded. Never a certificate, a URL or a cap.
    public var isTransient: Bool { [.timeout, .unreachable, .connectionLost].contains(kind) }
}

/// HTTP over AsyncHTTPClient: every request bounded as a whole (connect, headers and body, not per byte)
/// by its timeout and the current `CallDeadline`, every body capped, keep-alive connections pooled.
public struct HTTPClient: Sendable {
    public let timeoutSeconds: Double
    public let maxBodyBytes: Int
    public let retry: RetryPolicy
    /// Why the timeout is what it is, when that needs saying in a timeout's message ("the larger of …").
    public var timeoutNote: String? = nil
    private let client: AsyncHTTPClient.HTTPClient

    public static let defaultMaxBodyBytes = 8 * 1024 * 1024

    /// `caFile`: a PEM file of CA certificates trusted in addition to the system's (a private CA).
    public init(timeoutSeconds: Double, maxBodyBytes: Int = HTTPClient.defaultMaxBodyBytes, retry: RetryPolicy = .none,
                caFile: String? = nil) throws(HTTPError) {
        self.timeoutSeconds = timeoutSeconds
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.retry = retry
        client = try Clients.client(caFile: caFile)
    }

    /// Without a CA file nothing can fail: the shared client.
    public init(timeoutSeconds: Double, maxBodyBytes: Int = HTTPClient.defaultMaxBodyBytes, retry: RetryPolicy = .none) {
        self.timeoutSeconds = timeoutSeconds
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.retry = retry
        client = Clients.standard
    }

    /// One request, retried per `retry` while the failure is transient: a refused or lost connection, a
    /// timeout, HTTP 429 or 5xx (honouring Retry-After). The last answer or error stands.
    /// Redirects are followed here, not by AsyncHTTPClient, under `Redirects`' rules; `secretHeaders` names
    /// headers that carry credentials besides `Authorization`, `Cookie` and `Proxy-Authorization`.
    public func send(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil,
                     secretHeaders: Set<String> = []) async throws(HTTPError) -> HTTPResponse {
        do {
            return try await Retry.run(retry, transient: { error in
                switch error {
                case let failure as HTTPError: return failure.isTransient ? .some(nil) : nil
                case let answer as RetryableAnswer: return .some(answer.response.retryAfterSeconds.map { .milliseconds(Int($0 * 1000)) })
                default: return nil
                }
            }) { _ in
                let response = try await ServiceTime.measure {
                    try await once(Hop(method: method, url: url, headers: headers, body: body), secretHeaders: secretHeaders)
                }
                if retry.attempts > 1, response.status == 429 || (500...599).contains(response.status) { throw RetryableAnswer(response: response) }
                return response
            }
        } catch let answer as RetryableAnswer {
            return answer.response
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(kind: .transport, url: Self.display(url), detail: String(describing: type(of: error)))
        }
    }

    /// A 429 or 5xx answer, carried through the retry loop; the last one is returned as the answer.
    private struct RetryableAnswer: Error { let response: HTTPResponse }

    /// One request and the redirects it leads to, all within one timeout (and the current `CallDeadline`).
    private func once(_ first: Hop, secretHeaders: Set<String>) async throws(HTTPError) -> HTTPResponse {
        let timeout = Duration.milliseconds(Int(timeoutSeconds * 1000))
        let (instant, scope) = CallDeadline.bound(timeout: timeout)
        let started = ContinuousClock.now
        var hop = first
        var redirects = 0
        while true {
            let response = try await exchange(hop, instant: instant, scope: scope, started: started)
            guard Redirects.statuses.contains(response.status), let location = response.location else { return response }
            let next = try Redirects.next(after: hop, first: first, status: response.status, location: location, secretHeaders: secretHeaders)
            redirects += 1
            guard redirects <= Redirects.maxCount else {
                throw HTTPError(kind: .redirectRefused, url: Self.display(first.url),
                                detail: "\(Self.display(next.url)) after more than \(Redirects.maxCount) redirects")
            }
            hop = next
        }
    }

    /// One exchange, no redirect followed, ending by `instant`.
    private func exchange(_ hop: Hop, instant: ContinuousClock.Instant, scope: CallDeadline?, started: ContinuousClock.Instant)
        async throws(HTTPError) -> HTTPResponse {
        let method = hop.method
        let display = Self.display(hop.url)
        let timeoutSeconds = self.timeoutSeconds
        let note = timeoutNote.map { $0 + "; " } ?? ""
        func expired() -> HTTPError {
            let waited = String(format: "%.1f", (ContinuousClock.now - started).seconds)
            return HTTPError(kind: .timeout, url: display, detail: scope.map { "\($0.reason): it passed during \(method), after \(waited) s" }
                ?? "its timeout of \(String(format: "%g", timeoutSeconds)) s (\(note)the whole request, not per byte)")
        }
        guard instant > .now else {
            if instant > started { throw expired() }
            throw HTTPError(kind: .timeout, url: display, detail: scope.map { "\($0.reason): it had passed before \(method) could start" }
                ?? "its timeout of \(String(format: "%g", timeoutSeconds)) s")
        }
        var request = HTTPClientRequest(url: hop.url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in hop.headers { request.headers.add(name: name, value: value) }
        if let body = hop.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let cap = maxBodyBytes
        let client = self.client
        let prepared = request
        let niodeadline = NIODeadline.now() + .nanoseconds((instant - .now).nanoseconds)
        do {
            // AsyncHTTPClient's deadline bounds the request; the race bounds collecting the body too.
            return try await withDeadline(instant, onTimeout: { DeadlineMarker() }) {
                let response = try await client.execute(prepared, deadline: niodeadline)
                if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > cap {
                    throw HTTPError(kind: .tooLarge, url: display, detail: Self.bytes(cap) + " (Content-Length \(Self.bytes(length)))")
                }
                let buffer = try await response.body.collect(upTo: cap)
                var answer = HTTPResponse(status: Int(response.status.code), body: Data(buffer.readableBytesView))
                // Only a sane number of seconds: `inf`, `nan` or `1e300` would not fit a Duration.
                if let wait = response.headers.first(name: "retry-after").flatMap(Double.init), wait.isFinite, wait >= 0, wait <= 3600 {
                    answer.retryAfterSeconds = wait
                }
                answer.location = response.headers.first(name: "location")
                answer.contentType = response.headers.first(name: "content-type")
                return answer
            }
        } catch let error as HTTPError {
            throw error
        } catch is DeadlineMarker {
            throw expired()
        } catch is NIOTooManyBytesError {
            throw HTTPError(kind: .tooLarge, url: display, detail: Self.bytes(cap))
        } catch let error as AsyncHTTPClient.HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                throw expired()
            case .remoteConnectionClosed: throw HTTPError(kind: .connectionLost, url: display, detail: "the server closed it")
            case .invalidURL, .emptyHost, .emptyScheme: throw HTTPError(kind: .invalidURL, url: display, detail: "\(error)")
            default: throw HTTPError(kind: .transport, url: display, detail: "\(error)")
            }
        } catch let error as NIOSSLError {
            throw HTTPError(kind: .untrustedCertificate, url: display, detail: Self.tlsReason(error))
        } catch let error as NIOSSLExtraError {
            throw HTTPError(kind: .untrustedCertificate, url: display, detail: "\(error)")
        } catch {
            throw Self.classify(error, display)
        }
    }

    private struct DeadlineMarker: Error {}

    /// Connection errors from NIO arrive as several types; their words are stable enough to sort them.
    static func classify(_ error: any Error, _ display: String) -> HTTPError {
        // A server that accepted the connection and closed it (or a proxy restarting): lost, worth a retry.
        if let channel = error as? ChannelError {
            switch channel {
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed:
                return HTTPError(kind: .connectionLost, url: display, detail: "the server closed it (\(channel))")
            default: break
            }
        }
        let text = String(describing: error)
        if text.contains("connection refused") || text.contains("Connection refused") || text.contains("ECONNREFUSED") {
            return HTTPError(kind: .unreachable, url: display, detail: "connection refused")
        }
        if text.contains("reset by peer") || text.contains("ECONNRESET") || text.contains("Broken pipe") {
            return HTTPError(kind: .connectionLost, url: display, detail: "connection reset")
        }
        if text.contains("NXDOMAIN") || text.contains("unknownHost") || text.contains("could not resolve") || text.contains("Name or service not known") {
            return HTTPError(kind: .unreachable, url: display, detail: "host not found")
        }
        if text.contains("certificate") || text.contains("CERTIFICATE") || text.contains("handshake") {
            return HTTPError(kind: .untrustedCertificate, url: display, detail: "TLS handshake failed")
        }
        return HTTPError(kind: .transport, url: display, detail: String(describing: type(of: error)))
    }

    static func tlsReason(_ error: NIOSSLError) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") { return "certificate verify failed" }
        return "TLS handshake failed"
    }

    static func bytes(_ count: Int) -> String {
        count >= 1 << 20 ? String(format: "%.1f MiB", Double(count) / Double(1 << 20)) : "\(count) bytes"
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

/// AsyncHTTPClient clients live for the whole process: the shared one, and one per CA file.
enum Clients {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var byCAFile: [String: AsyncHTTPClient.HTTPClient] = [:]

    /// The gate retries by itself, within its deadlines; AsyncHTTPClient's own retrying of a refused
    /// connection until the deadline would turn "connection refused" into a timeout.
    static func configuration(_ tls: TLSConfiguration?) -> AsyncHTTPClient.HTTPClient.Configuration {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration(tlsConfiguration: tls)
        // Redirects are followed by HTTPClient itself (`Redirects`): AsyncHTTPClient would re-send a POST body
        // (a login's password) to any origin a 307 names, even from https to http.
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    static let standard = AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration(nil))

    static func client(caFile: String?) throws(HTTPError) -> AsyncHTTPClient.HTTPClient {
        guard let caFile else { return standard }
        lock.lock()
        defer { lock.unlock() }
        if let client = byCAFile[caFile] { return client }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            throw HTTPError(kind: .caFile, url: caFile, detail: "cannot read CA certificates (PEM) from it")
        }
        guard !certificates.isEmpty else { throw HTTPError(kind: .caFile, url: caFile, detail: "it holds no PEM certificate") }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(certificates)]
        // Never shut down: it serves until the process ends, like the standard one.
        let client = AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration(tls))
        byCAFile[caFile] = client
        return client
    }
}

/// One request as sent: what a redirect rewrites.
struct Hop: Sendable {
    var method: String
    var url: URL
    var headers: [String: String]
    var body: Data?
}

/// Which redirects the gate follows, and how: nothing secret may leave the origin it was meant for.
/// - never from https to http (the next request would travel in clear text);
/// - to another origin (scheme, host, port) only when the request carries neither a body nor credentials
///   (`Authorization`, `Cookie`, `Proxy-Authorization` or a header the caller names secret);
/// - 303, and 301/302 after a POST, become a GET without a body, as browsers do; 307/308 keep both.
enum Redirects {
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]
    static let maxCount = 5
    static let credentialHeaders: Set<String> = ["authorization", "cookie", "proxy-authorization"]

    struct Origin: Equatable {
        let scheme: String
        let host: String
        let port: Int?
        init(_ url: URL) {
            scheme = url.scheme?.lowercased() ?? ""
            host = url.host?.lowercased() ?? ""
            port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : nil)
        }
    }

    /// The request to send after `status` with `location`, or the refusal naming both URLs.
    static func next(after hop: Hop, first: Hop, status: Int, location: String, secretHeaders: Set<String>) throws(HTTPError) -> Hop {
        let from = HTTPClient.display(hop.url)
        guard let target = URL(string: location, relativeTo: hop.url)?.absoluteURL,
              let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https", target.host != nil else {
            throw HTTPError(kind: .redirectRefused, url: from, detail: "an address that is not an http(s) URL (HTTP \(status))")
        }
        let to = HTTPClient.display(target)
        if hop.url.scheme?.lowercased() == "https" && scheme == "http" {
            throw HTTPError(kind: .redirectRefused, url: from, detail: "\(to) (HTTP \(status)): from https to http, in clear text")
        }
        var next = hop
        next.url = target
        if status == 303 || ((status == 301 || status == 302) && hop.method == "POST") {
            if hop.method != "HEAD" { next.method = "GET" }
            next.body = nil
            next.headers = next.headers.filter { !["content-type", "content-length"].contains($0.key.lowercased()) }
        }
        // The chain as a whole: a body or credentials sent at any step stay on the first request's origin.
        let secret = credentialHeaders.union(secretHeaders.map { $0.lowercased() })
        let credentials = hop.headers.keys.contains { secret.contains($0.lowercased()) }
        let body = !(first.body?.isEmpty ?? true) || !(next.body?.isEmpty ?? true)
        if Origin(target) != Origin(first.url) && (credentials || body) {
            let carried = [body ? "a request body" : nil, credentials ? "credentials" : nil].compactMap { $0 }.joined(separator: " and ")
            throw HTTPError(kind: .redirectRefused, url: from, detail: "\(to) (HTTP \(status)), another origin, with \(carried)")
        }
        return next
    }
}
