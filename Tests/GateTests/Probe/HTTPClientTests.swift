import Foundation
import NIOCore
import Testing
@testable import GateKit
@testable import Probes

@Suite("HTTP client")
struct HTTPClientTests {
    @Test("URLs keep their path prefix: a Superset under /bi/ is asked under /bi/")
    func pathPrefix() {
        #expect(HTTPClient.join(URL(string: "https://x.example/bi/")!, "/api/v1/chart/1/data/?force=true")?.absoluteString
                == "https://x.example/bi/api/v1/chart/1/data/?force=true")
        #expect(HTTPClient.join(URL(string: "http://127.0.0.1:8089")!, "api/powerfill/status")?.absoluteString
                == "http://127.0.0.1:8089/api/powerfill/status")
    }

    static let login = Hop(method: "POST", url: URL(string: "https://bi.example/api/v1/security/login")!,
                           headers: ["Content-Type": "application/json"], body: Data("{\"password\":\"p\"}".utf8))

    func next(_ hop: Hop, _ status: Int, _ location: String, secretHeaders: Set<String> = []) -> Result<Hop, HTTPError> {
        Result { () throws(HTTPError) in try Redirects.next(after: hop, first: hop, status: status, location: location, secretHeaders: secretHeaders) }
    }

    @Test("redirect rules: 307/308 keep method and body on the same origin; 303, and 301/302 after a POST, become a GET without a body")
    func redirectMethods() throws {
        for status in [307, 308] {
            let kept = try next(Self.login, status, "/bi/api/v1/security/login").get()
            #expect(kept.method == "POST" && kept.body == Self.login.body && kept.url.absoluteString == "https://bi.example/bi/api/v1/security/login")
        }
        for status in [301, 302, 303] {
            let get = try next(Self.login, status, "/welcome").get()
            #expect(get.method == "GET" && get.body == nil && get.headers["Content-Type"] == nil, "\(status)")
        }
        var head = Self.login
        head.method = "HEAD"
        head.body = nil
        #expect(try next(head, 303, "/x").get().method == "HEAD")
    }

    @Test("redirect rules: nothing with a body or credentials to another origin (scheme, host or port), nothing from https to http")
    func redirectOrigins() throws {
        func refusal(_ result: Result<Hop, HTTPError>) -> String? {
            if case .failure(let error) = result, error.kind == .redirectRefused { return error.description }
            return nil
        }
        for other in ["https://evil.example/login", "https://bi.example:8443/login", "https://BI.example.evil/login"] {
            for status in [301, 302, 303, 307, 308] {
                let text = refusal(next(Self.login, status, other))
                #expect(text?.contains("another origin, with a request body") == true, "\(status) \(other): \(text ?? "followed")")
            }
        }
        #expect(refusal(next(Self.login, 307, "https://BI.EXAMPLE:443/api/v1/security/login")) == nil, "the same origin, spelled otherwise")
        let plainGet = Hop(method: "GET", url: URL(string: "https://api.example/status?token=s3cr3t")!, headers: [:], body: nil)
        #expect(refusal(next(plainGet, 302, "https://cdn.example/status")) == nil, "a GET without credentials may change origin")
        let downgrade = try #require(refusal(next(plainGet, 302, "http://api.example/status")))
        #expect(downgrade.contains("https://api.example/status redirected to http://api.example/status") && !downgrade.contains("s3cr3t"), "\(downgrade)")
        var bearer = plainGet
        bearer.headers = ["authorization": "Bearer t"]
        #expect(refusal(next(bearer, 302, "https://cdn.example/status"))?.contains("with credentials") == true)
        var keyed = plainGet
        keyed.headers = ["X-Api-Key": "k"]
        #expect(refusal(next(keyed, 302, "https://cdn.example/status", secretHeaders: ["x-api-key"])) != nil)
        #expect(refusal(next(plainGet, 302, "file:///etc/passwd")) != nil && refusal(next(plainGet, 302, "ftp://x/y")) != nil)
    }

    @Test("a server closing an accepted connection (NIO's ChannelError) is a lost connection: transient, retried")
    func channelErrorsAreLostConnections() {
        for error in [ChannelError.ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed] {
            let classified = HTTPClient.classify(error, "http://127.0.0.1:1/x")
            #expect(classified.kind == .connectionLost && classified.isTransient && classified.description.contains("the connection was lost"), "\(error)")
        }
    }
}
