import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// What every report of a run must be, whatever went wrong: JUnit valid against the schema pipeline dashboards
/// apply (Jenkins xunit's junit-10.xsd rules, checked with xmllint), JSON that parses with the same verdict.
enum ReportChecks {
    static let schema = Repo.path("Tests/GateTests/Report/Schema/junit.xsd")

    /// xmllint's verdict on a JUnit text: nil when valid, else its complaint.
    static func junitProblem(_ xml: String) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gate-junit-\(UUID().uuidString).xml")
        try xml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let finished = try Processes.runBlocking("/usr/bin/env", ["xmllint", "--noout", "--schema", schema, file.path], timeoutSeconds: 60)
        return finished.status == 0 ? nil : finished.errors
    }

    /// JUnit and JSON both valid and agreeing with the report; returns the rendered texts.
    @discardableResult
    static func expectValid(_ report: GateReport, sourceLocation: SourceLocation = #_sourceLocation) throws -> (console: String, junit: String, json: String) {
        let junit = JUnitReport.render(report)
        let problem = try junitProblem(junit)
        #expect(problem == nil, "JUnit does not validate: \(problem ?? "")", sourceLocation: sourceLocation)
        let json = try JSONReport.render(report)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["exitCode"] as? Int == Int(report.exitCode), sourceLocation: sourceLocation)
        #expect((object?["results"] as? [Any])?.count == report.results.count, sourceLocation: sourceLocation)
        return (ConsoleReport.render(report), junit, json)
    }
}
