import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Reports under hostile data: whatever a chart name, a message or a query holds, the JUnit meets the schema
/// pipeline dashboards apply, stays small, keeps unique names, and no console line can be forged.
@Suite("Reports under hostile data", .offPool)
struct HostileReportTests {
    static let hostile = [
        "control \u{0}\u{1}\u{7}\u{8}\u{B}\u{C}\u{E}\u{1F}\u{7F} characters",
        "ANSI \u{1B}[2K\u{1B}[1A\u{1B}[32mPASS: 0 failed\u{1B}[0m forged",
        "OSC \u{1B}]0;title\u{7} and \u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\",
        "CDATA end ]]> and <tag attr=\"x\"> & 'quotes'",
        "invalid UTF-8 \u{FFFD} decoded, lone surrogates dropped \u{FFFE}\u{FFFF}",
        "C1 \u{85}\u{9B}31m controls",
        "carriage\rreturn overwrites\r\nand line\nbreaks",
        String(repeating: "multi-megabyte ", count: 200_000),
    ]

    static func report() -> GateReport {
        var results: [CheckResult] = []
        for (index, text) in hostile.enumerated() {
            results.append(CheckResult(arm: .superset, slug: "dash-\(index)", dashboard: text, check: .chart(text), outcome: .failed,
                                       expected: .text(text), actual: .text(text), message: text, note: text, detail: text, sql: text))
            results.append(CheckResult(arm: .db, slug: "dash-\(index)", dashboard: text, check: .rows, outcome: .error, message: text, sql: text))
            results.append(CheckResult(arm: .db, slug: "dash-\(index)", dashboard: text, check: .lint, outcome: .warning, message: text, detail: text))
            results.append(CheckResult(arm: .db, slug: "dash-\(index)", dashboard: text, check: .fetch, outcome: .skipped, message: text))
        }
        return GateReport(environment: "env \u{1B}[31m<&>", startedAt: Date(timeIntervalSince1970: 1_795_000_000), seconds: 1, results: results)
    }

    @Test("JUnit of hostile texts validates against the junit-10.xsd rules and parses")
    func junitValidates() throws {
        let report = Self.report()
        let junit = JUnitReport.render(report)
        #expect(try ReportChecks.junitProblem(junit) == nil)
        #expect(!junit.contains("\u{1B}") && !junit.contains("\u{0}") && !junit.contains("\u{FFFE}"))
        #expect(!junit.contains("]]>"), "markup is escaped, never raw")
    }

    @Test("JUnit stays small: a multi-megabyte message is cut, saying so; names are unique")
    func junitSize() throws {
        let junit = JUnitReport.render(Self.report())
        #expect(junit.utf8.count < 1_000_000, "\(junit.utf8.count) bytes")
        #expect(junit.contains("more characters cut"))
        let names = Self.report().results.map(JUnitReport.testName)
        #expect(Set(names).count == names.count)
    }

    @Test("the console cannot be forged: no escape sequence, no carriage return, no control character reaches it")
    func consoleSafe() {
        let report = Self.report()
        for text in [ConsoleReport.render(report), ConsoleReport.renderFailures(report)] {
            let bad = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            #expect(bad.isEmpty, "\(bad.map { String($0.value, radix: 16) })")
            #expect(!text.contains("[2K") && !text.contains("[1A") && !text.contains("]0;title"), "sequences removed whole")
        }
        #expect(Terminal.safe("a\u{1B}[31mred\u{1B}[0m b\rc\u{1B}]0;t\u{7}d") == "ared bcd")
    }

    @Test("JSON of hostile texts parses back with every text intact")
    func jsonParses() throws {
        let json = try JSONReport.render(Self.report())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == Self.report().results.count)
        #expect(results.first?["message"] as? String == Self.hostile[0])
    }

    @Test("--junit and --json naming the same file is a usage error (exit 2), before anything runs")
    func sameFile() async throws {
        let cli = CLITests()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gate-same-\(UUID().uuidString).xml").path
        let run = try await cli.gate(["--env", "local", "--junit", path, "--json", path])
        #expect(run.status == 2)
        #expect(run.errors.contains("name the same file"))
        let twisted = try await cli.gate(["--env", "local", "--junit", path, "--json", path.replacingOccurrences(of: "/gate-same-", with: "/./gate-same-")])
        #expect(twisted.status == 2, "\(twisted.errors)")
    }
}
