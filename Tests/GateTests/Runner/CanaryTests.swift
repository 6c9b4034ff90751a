import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Every secret set to a unique canary, faults injected, `--verbose` on: the canary is found nowhere, in
/// stdout, stderr, JUnit or JSON, in any form a server might echo it (raw, HTML-escaped).
@Suite("Secrets never leak", .serialized, .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct CanaryTests {
    let cli = CLITests()

    /// The repository's expectations with the sentinel at `api` (query paths made absolute, so the file can live anywhere).
    func expectations(api: URL) throws -> String {
        var text = try Repo.relocatedExpectations()
        text = text.replacingOccurrences(of: "    api_url: http://127.0.0.1:8089\n    superset_url: http://127.0.0.1:8088\n    odbc_connection_string_env: GATE_ODBC\n",
                                          with: "    api_url: \(api.absoluteString)\n    superset_url: http://127.0.0.1:8088\n    odbc_connection_string_env: GATE_ODBC\n")
        #expect(text.contains(api.absoluteString), "the local environment was not pointed at the stub")
        // The repository's query files, by absolute path, from a temporary folder.
        return try cli.temporary("expectations.yaml", text)
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test("canaries in the Superset password and in database passwords (braced, after a stray ;, after ;;) leak nowhere, through faults and echoes")
    func canaries() async throws {
        let tag = UUID().uuidString.prefix(8)
        let supersetCanary = "SsCanary<&>\"'\(tag)"
        // The passwords the database sees; the first is written braced, with its `}` doubled as ODBC escapes it.
        let databaseCanaries = ["DbCanary;brace}d\(tag)", "DbCanaryStray\(tag)", "DbCanaryDouble\(tag)"]
        let connectionStrings = [
            "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=55432;Database=powerfill;Uid=gate_reader;Pwd={DbCanary;brace}}d\(tag)};",
            "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=55432;Database=powerfill;;Uid=gate_reader;;Pwd=\(databaseCanaries[1]);",
            "Driver={PostgreSQL Unicode};Uid=gate_reader;;PWD=\(databaseCanaries[2]);Server=127.0.0.1;Port=55432;Database=powerfill",
        ]
        let stub = try Stub()
        try await stub.waitUntilUp()
        let file = try expectations(api: stub.base)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        for (index, connection) in connectionStrings.enumerated() {
            // The sentinel echoes this run's secrets back, raw and HTML-escaped, in an error page.
            let echoed = [supersetCanary, databaseCanaries[index]].map { "raw \($0) escaped \(Self.html($0))" }.joined(separator: " | ")
            try await stub.set(["status_code": 500, "raw": "<html><body>\(echoed)</body></html>", "content_type": "text/html"])
            let junit = folder + "/junit-\(index).xml", json = folder + "/report-\(index).json"
            let run = try await cli.gate(["--env", "local", "--expectations", file, "--verbose", "--retries", "0", "--junit", junit, "--json", json],
                                         environment: ["GATE_ODBC": connection, "GATE_SUPERSET_PASSWORD": supersetCanary])
            #expect(run.status == 3 || run.status == 1, "\(run.errors)")
            let outputs = ["stdout": run.output, "stderr": run.errors,
                           "junit": try String(contentsOfFile: junit, encoding: .utf8), "json": try String(contentsOfFile: json, encoding: .utf8)]
            #expect(run.output.contains("refused the login"), "the Superset fault happened")
            #expect(run.output.contains("password authentication failed"), "the database fault happened: \(run.output)")
            #expect(run.output.contains("***"), "the echoed secrets were masked, not dropped")
            for (name, text) in outputs {
                for canary in [supersetCanary, databaseCanaries[index]] {
                    #expect(!text.contains(canary), "\(name) of run \(index) holds a canary")
                    #expect(!text.contains(Self.html(canary)), "\(name) of run \(index) holds an HTML-escaped canary")
                }
                #expect(!text.contains(String(tag)), "\(name) of run \(index) holds part of a canary")
            }
        }
    }

    @Test("a Superset token echoed back in Superset's error pages (raw and HTML-escaped) leaks nowhere")
    func tokenCanary() async throws {
        let token = "TokCanary<&>\(UUID().uuidString.prefix(8))"
        let stub = try Stub()
        try await stub.waitUntilUp()
        // A Superset whose login works and whose every other answer is an error page quoting the bearer token.
        try await stub.set(["any_path": true, "login_ok": true, "token": token, "status_code": 400, "content_type": "text/html",
                            "raw": "<html><body>bad request for Bearer \(token) (\(Self.html(token)))</body></html>"])
        let text = try Repo.relocatedExpectations()
            .replacingOccurrences(of: "    superset_url: http://127.0.0.1:8088\n    odbc_connection_string_env: GATE_ODBC\n    superset_username_env",
                                  with: "    superset_url: \(stub.base.absoluteString)\n    odbc_connection_string_env: GATE_ODBC\n    superset_username_env")
        #expect(text.contains(stub.base.absoluteString))
        let file = try cli.temporary("expectations.yaml", text)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let run = try await cli.gate(["--env", "local", "--expectations", file, "--arm", "superset", "--verbose", "--retries", "0",
                                      "--junit", folder + "/junit.xml", "--json", folder + "/report.json"])
        #expect(run.status == 1 || run.status == 3, "\(run.errors)")
        #expect(run.output.contains("bad request for Bearer ***"), "Superset's words are kept, the token masked")
        let outputs = [run.output, run.errors, try String(contentsOfFile: folder + "/junit.xml", encoding: .utf8),
                       try String(contentsOfFile: folder + "/report.json", encoding: .utf8)]
        for output in outputs {
            #expect(!output.contains(token) && !output.contains(Self.html(token)) && !output.contains(String(token.suffix(8))))
        }
    }
}
