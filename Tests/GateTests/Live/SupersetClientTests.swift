import Foundation
import Testing
@testable import GateKit
@testable import Probes

@Suite("Superset client on the real stack", .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct SupersetClientTests {
    func client() throws -> SupersetClient {
        SupersetClient(baseURL: try #require(URL(string: Env.value("GATE_SUPERSET_URL") ?? "")),
                       username: try #require(Env.value("GATE_SUPERSET_USER")),
                       password: try #require(Env.value("GATE_SUPERSET_PASSWORD")), http: HTTPClient(timeoutSeconds: 60))
    }

    /// A token Superset itself would have issued, expired a minute ago (HS256 with the stack's secret key).
    func expiredToken() async throws -> String {
        let script = """
            import hmac, hashlib, base64, json, time, os
            b = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(',', ':')).encode()).rstrip(b'=')
            now = int(time.time())
            h = b({"alg": "HS256", "typ": "JWT"})
            p = b({"fresh": False, "iat": now - 1000, "nbf": now - 1000, "exp": now - 60, "jti": "gate-test", "type": "access", "sub": "1"})
            s = base64.urlsafe_b64encode(hmac.new(os.environ["GATE_SUPERSET_SECRET_KEY"].encode(), h + b"." + p, hashlib.sha256).digest()).rstrip(b'=')
            print((h + b"." + p + b"." + s).decode())
            """
        return try await onBlockingThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("an expired token (401) gets exactly one re-login, then the call succeeds",
          .enabled(if: Env.value("GATE_SUPERSET_SECRET_KEY") != nil, "needs the local stack's secret key to mint an expired token"))
    func reloginOn401() async throws {
        let client = try client()
        try await client.login()
        await client.replaceToken(try await expiredToken())
        let dashboard = try await client.dashboard("powerfill-run-overview")
        #expect(dashboard.title == "PowerFill: Run Overview (Hub)")
        #expect(await client.logins == 2)
    }

    @Test("a token that no longer verifies (422, key rotated) also gets one re-login")
    func reloginOn422() async throws {
        let client = try client()
        try await client.login()
        await client.replaceToken("not.a.token")
        #expect(try await client.dashboard("powerfill-run-overview").title == "PowerFill: Run Overview (Hub)")
        #expect(await client.logins == 2)
    }

    @Test("a dashboard that does not exist is a 404 the gate reports as missing, not an error")
    func notFound() async throws {
        let client = try client()
        do {
            _ = try await client.dashboard("no-such-dashboard/../x")
            Issue.record("must not be found")
        } catch let error as SupersetError {
            #expect(error.kind == .notFound)
        }
    }
}
