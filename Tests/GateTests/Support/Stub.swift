import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// A private instance of the sentinel stub (ci/sentinel/stub.py) on a port of its own: a sentinel, or with
/// `any_path` a stand-in for a misbehaving Superset, over http or, with a certificate, https.
/// Ended with SIGKILL when the value goes away.
// Process is not Sendable; one test owns each stub and uses it serially, so nothing races.
final class Stub: @unchecked Sendable {
    let process = Process()
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("gate-sentinel-\(UUID().uuidString).json")
    let base: URL
    /// The CA to trust for an https stub.
    let caFile: String?

    init(port: Int? = nil, tls: TestCertificate? = nil) throws {
        let port = port ?? Self.freePort()
        base = URL(string: "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)")!
        caFile = tls?.certificate
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repo.path("ci/sentinel/stub.py"), "--port", "\(port)", "--state", state.path]
            + (tls.map { ["--tls-cert", $0.certificate, "--tls-key", $0.key] } ?? [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        // SIGKILL: a child of the test runner may inherit a signal mask that blocks SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: state)
    }

    var statusURL: URL { base.appendingPathComponent("api/powerfill/status") }

    func control() throws -> HTTPClient {
        // Generous: at the start of a whole-suite run on a loaded machine the test's own task may wait for a thread.
        try HTTPClient(timeoutSeconds: 30, caFile: caFile)
    }

    func waitUntilUp() async throws {
        let http = try control()
        for _ in 0..<300 {
            if (try? await http.send("GET", base.appendingPathComponent("_stub/answer"))) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ProbeFailure(message: "the sentinel stub did not start")
    }

    func set(_ answer: [String: Any]) async throws {
        let response = try await control().send("PUT", base.appendingPathComponent("_stub/answer"),
            headers: ["Content-Type": "application/json"], body: try JSONSerialization.data(withJSONObject: answer))
        #expect(response.status == 200, "stub control answered \(response.status): \(response.text)")
    }

    /// A port nothing listens on now: the kernel's pick for port 0.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A self-signed certificate for 127.0.0.1, made with openssl for one test run: a CA no machine trusts.
struct TestCertificate: Sendable {
    let certificate: String
    let key: String

    static func make() throws -> TestCertificate {
        let folder = try TemporaryFolder.make("gate-tls")
        let certificate = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ProbeFailure(message: "openssl could not make a test certificate") }
        return TestCertificate(certificate: certificate, key: key)
    }
}
