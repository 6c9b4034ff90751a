import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Run history on the real stack: environment `local-history` reads a scratch database (ci/history-scratch) that this
/// suite changes between runs of the real gate-runner, so its counts move the way a deploy's would.
@Suite("Run history on the real stack", .serialized, .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct HistoryScenarioTests {
    let folder: String
    var history: String { folder + "/history.sqlite" }

    init() throws {
        folder = try TemporaryFolder.make("gate-history-live").path
    }

    func gate(_ arguments: [String]) async throws -> CLITests.Run {
        try await CLITests.run(arguments, environment: ["NO_COLOR": "1"])
    }

    @Test("two runs, a row added between them: the change is a warning with the previous values in the console, the HTML and the summary")
    func rowAdded() async throws {
        try await Scripts.run("history-scratch", ["up"])
        let first = try await gate(["--env", "local-history", "--history", history, "--quiet"])
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(!first.output.contains("WARN"), "\(first.output)")
        #expect(first.output.contains(" 33 skipped"), "the first run has nothing to compare its 33 counts with: \(first.output)")

        try await Scripts.run("history-scratch", ["add-run"])
        let second = try await gate(["--env", "local-history", "--history", history, "--html", folder + "/report.html",
                                     "--summary", folder + "/summary.md", "--json", folder + "/report.json"])
        #expect(second.status == 0, "warnings do not fail the gate: \(second.errors)")
        let title = "PowerFill: Run Overview (Hub) (history)"
        for expected in [
            "WARN database · \(title) · trend of rows: expected within ±5% of 11 (1 run), actual 12, +1 (+9.1%)",
            "    \(title): rows (database) moved from 11 to 12, +1 (+9.1%): more than 5% from 11, the median of the last run; previous values 11",
            "WARN superset · \(title) · trend of chart Runs Table: expected within ±5% of 11 (1 run), actual 12, +1 (+9.1%)",
            "history: run 2 in \(history) · revision \(RunRevision.current(variables: Env.variables, folder: Repo.root) ?? "?")",
        ] {
            #expect(second.output.contains(expected + "\n"), "console lacks: \(expected)\n\(second.output)")
        }
        let report = try JSONReport.parse(try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
        let warnings = report.results.filter { $0.outcome == .warning }
        #expect(warnings.map(\.check) == [.trend(.chart("Runs Table")), .trend(.rows)], "only the counts that moved: \(warnings.map(\.check))")
        #expect(report.results.filter { $0.outcome == .failed || $0.outcome == .error }.isEmpty)
        #expect(report.history?.run == 2 && report.history?.series.count == 33)

        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<h3><span class=\"badge\">WARN</span> database · \(HTMLReport.escape(title)) · trend of rows</h3>"))
        #expect(html.contains("previous values 11</p>"))
        #expect(html.contains("rows (database): 11 → <b>12</b>") && html.contains("chart Runs Table: 11 → <b>12</b>"))
        #expect(html.components(separatedBy: "<figure class=\"warning\">").count - 1 == 2)

        let summary = try String(contentsOfFile: folder + "/summary.md", encoding: .utf8)
        #expect(summary.hasPrefix("### ✅ gate PASS · environment local\\-history\n"))
        #expect(summary.contains("| ⚠️ WARN | database | PowerFill\\: Run Overview \\(Hub\\) \\(history\\) | trend of rows | within ±5%\u{2060} of 11 \\(1 run\\) | 12, \\+1 \\(\\+9\\.1%\u{2060}\\) |"))
        // Then where to look: the rows key's line, and the dashboard's page in Superset.
        #expect(summary.contains("previous values 11<br>at ") && summary.contains(" · [open in Superset](http://127.0.0.1:8088/superset/dashboard/"), "\(summary)")

        // The page as a viewer's browser shows it; the screenshot stays in reports/ to be looked at.
        let rendering = try await Browser.render(folder + "/report.html")
        #expect(rendering.consoleMessages.isEmpty, "\(rendering.consoleMessages)")
        let titles = Set(report.results.compactMap(\.dashboard))
        #expect(titles.count == 9, "eight dashboards and the sentinel: \(titles)")
        for title in titles { #expect(rendering.dom.contains(title), "\(title) is not in the page") }
        #expect(rendering.png.count > 20_000)
        try? FileManager.default.createDirectory(atPath: Repo.path("reports"), withIntermediateDirectories: true)
        try? rendering.png.write(to: URL(fileURLWithPath: Repo.path("reports/history-report.png")))

        // Two gates at once on the one file: both runs kept.
        async let third = gate(["--env", "local-history", "--history", history, "--quiet", "--only", "powerfill-run-overview"])
        async let fourth = gate(["--env", "local-history", "--history", history, "--quiet", "--only", "powerfill-trade-recap"])
        let (three, four) = try await (third, fourth)
        #expect(three.status == 0 && four.status == 0, "\(three.errors)\(four.errors)")
        #expect(!three.errors.contains("history") && !four.errors.contains("history"), "\(three.errors)\(four.errors)")

        let trend = try await gate(["history", "--env", "local-history", "--history", history, "--slug", "powerfill-run-overview-history"])
        #expect(trend.status == 0, "\(trend.errors)")
        let lines = trend.output.split(separator: "\n").map(String.init)
        // Runs 3 and 4 ran at once: either may have committed first; only one checked this dashboard.
        #expect(lines.first?.hasPrefix("history · environment local-history · 3 runs (1–") == true, "\(trend.output)")
        try #require(lines.count == 5, "a title, a header and three runs: \(trend.output)")
        #expect(lines[1].hasPrefix("RUN  STARTED ") && lines[1].contains("rows (database)") && lines[1].contains("chart Runs Table"))
        let cells = lines[2...].map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        try #require(cells.allSatisfy { $0.count >= 10 }, "\(trend.output)")
        #expect(cells.map { $0[0] }.prefix(2) == ["1", "2"] && ["3", "4"].contains(cells[2][0]))
        #expect(lines[2...].allSatisfy { $0.contains(" PASS ") })
        #expect(cells.map { $0.suffix(5).joined(separator: " ") } == ["11 11 1 11 3", "12 12 1 12 3", "12 12 1 12 3"],
                "rows (superset), rows (database), and the three charts' counts: \(trend.output)")
    }
}
