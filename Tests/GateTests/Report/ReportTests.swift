import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import GateKit

/// Report writers compared with golden files (set GATE_UPDATE_GOLDEN=1 to rewrite them after a deliberate change).
@Suite("Reports", .offPool)
struct ReportTests {
    static let report = GateReport(
        environment: "local",
        startedAt: Date(timeIntervalSince1970: 1_795_000_000),
        seconds: 1.25,
        results: [
            CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: .sentinelStatus, outcome: .passed,
                        expected: .build(module: "PowerFill", status: "phase-8-superset-ready", match: "prefix"),
                        actual: .reportedBuild(module: "PowerFill", status: "phase-8-superset-ready"), seconds: 0.01),
            CheckResult(arm: .superset, slug: "powerfill-run-overview", dashboard: "PowerFill: Run Overview (Hub)", check: .rows,
                        outcome: .passed, expected: .rows(.exact(11)), actual: .count(11), sql: "SELECT COUNT(*) AS row_count FROM (SELECT 1) AS virtual_table", seconds: 0.2),
            CheckResult(arm: .superset, slug: "powerfill-run-overview", dashboard: "PowerFill: Run Overview (Hub)", check: .chart("Runs Table"),
                        outcome: .failed, expected: .chart(viz: "table", rows: nil), actual: .renderedChart(viz: "pie", render: .rows(3)),
                        message: "PowerFill: Run Overview (Hub): chart 'Runs Table' is pie, expected table"),
            CheckResult(arm: .db, slug: "powerfill-cash-trade-slotting", dashboard: "PowerFill: Cash Trade Slotting", check: .rows,
                        outcome: .failed, expected: .rows(.exact(0)), actual: .count(688),
                        message: "PowerFill: Cash Trade Slotting: the database returned 688 rows, expected 0 — note: A66 <&> \"quoted\"",
                        note: "A66 <&> \"quoted\"", sql: "SELECT COUNT(*) AS row_count FROM (\nSELECT a FROM t WHERE b < 'x\u{01}'\n) AS gate_probe", seconds: 0.05),
            CheckResult(arm: .db, slug: "powerfill-trade-recap", dashboard: "PowerFill: Trade Recap", check: .rows, outcome: .error,
                        expected: .rows(.exact(0)), actual: .failure(.sqlState("57014")), message: "Fixtures/queries/39.sql did not run: ODBC execute failed [SQLSTATE 57014]: canceling statement due to statement timeout"),
            CheckResult(arm: .db, slug: "powerfill-trade-recap", dashboard: "PowerFill: Trade Recap", check: .fetch, outcome: .skipped,
                        message: "not run"),
        ])

    func golden(_ name: String, _ actual: String) throws {
        let path = Repo.path("Tests/GateTests/Report/Golden/\(name)")
        if Env.value("GATE_UPDATE_GOLDEN") == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from its golden file; if the change is deliberate, run with GATE_UPDATE_GOLDEN=1")
    }

    @Test("console report matches its golden file")
    func console() throws { try golden("console.txt", ConsoleReport.render(Self.report)) }

    @Test("JUnit report matches its golden file")
    func junit() throws { try golden("junit.xml", JUnitReport.render(Self.report)) }

    @Test("JSON report matches its golden file")
    func json() throws { try golden("report.json", try JSONReport.render(Self.report)) }

    @Test("JUnit is well-formed XML, even with control characters and markup in messages")
    func junitParses() throws {
        let xml = JUnitReport.render(Self.report)
        #expect(!xml.contains("\u{01}"))
        final class Counter: NSObject, XMLParserDelegate {
            var testcases = 0
            var failures = 0
            var errors = 0
            var suites: [String] = []
            func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch element {
                case "testcase": testcases += 1
                case "failure": failures += 1
                case "error": errors += 1
                case "testsuite": suites.append(attributes["name"] ?? "")
                default: break
                }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(counter.testcases == 6)
        #expect(counter.failures == 2)
        #expect(counter.errors == 1)
        #expect(counter.suites == ["gate.sentinel", "gate.superset", "gate.db"])
    }

    @Test("JUnit testcase names are unique across a full report (GitLab keeps only the first of duplicates)")
    func uniqueNames() async throws {
        let expectations = Sample.expectations
        let targets = GateTargets(database: FakeDatabase(), superset: FakeSuperset.matching(expectations, environment: "local"),
                                  sentinel: FakeSentinel(answer: .failure(ProbeFailure(message: "down"))))
        let report = try await Gate.run(expectations, environment: "local", targets: targets, options: GateOptions(fetchRows: true))
        let names = report.results.map(JUnitReport.testName)
        #expect(names.count > 100)
        #expect(Set(names).count == names.count)
        #expect(report.results.allSatisfy { $0.classname.hasPrefix("gate.") && $0.classname.split(separator: ".").count == 3 })
    }

    @Test("reports are written atomically, creating folders")
    func writesFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString)/nested")
        let path = folder.appendingPathComponent("junit.xml").path
        try ReportFile.write("<x/>", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "<x/>")
        try ReportFile.write("<y/>", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "<y/>")
        try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }
}
