import Foundation
import Testing
@testable import GateKit

/// The reports people look at: the HTML page (in a real browser), the CI job summary, the console's colour,
/// order and progress line.
@Suite("Reports for people", .offPool)
struct PeopleReportTests {
    /// A run with a failure, a warning from the history, and hostile text where a target could put it.
    static func report(dashboards: Int = 3) -> GateReport {
        var results: [CheckResult] = [
            CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: .sentinelStatus, outcome: .passed, expected: .build(module: "build", status: "7", match: "prefix"), actual: .reportedBuild(module: "build", status: "7.1")),
        ]
        var series: [TrendSeries] = []
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        for index in 1...dashboards {
            let title = "Dashboard \(index) <b>&amp;</b>"
            var rows = CheckResult(arm: .db, slug: "dash-\(index)", dashboard: title, check: .rows, outcome: .passed, expected: .rows(.exact(11)), actual: .count(11))
            rows.count = 11
            results.append(rows)
            var trend = CheckResult(arm: .db, slug: "dash-\(index)", dashboard: title, check: .trend(.rows), outcome: index == 1 ? .warning : .passed,
                                    expected: .trendBaseline(.init(runs: 3, median: 10, maxChangePercent: 5)),
                                    actual: .countChange(current: 11, baseline: 10, percent: 10))
            if index == 1 { trend.message = "\(title): rows (database) moved from 10 to 11; previous values 9, 10, 10" }
            results.append(trend)
            series.append(TrendSeries(tenant: nil, arm: .db, slug: "dash-\(index)", dashboard: title, check: .rows,
                                      previous: [9, 10, 10].enumerated().map { CountPoint(run: Int64($0.offset + 1), startedAt: date, count: $0.element) },
                                      current: 11, outcome: trend.outcome))
        }
        results.append(CheckResult(arm: .superset, slug: "dash-1", dashboard: "Dashboard 1 <b>&amp;</b>", check: .chart("Runs <script>alert(1)</script>"),
                                   outcome: .failed, expected: .chart(viz: "table", rows: nil), actual: .renderedChart(viz: "pie", render: .notRendered),
                                   message: "chart is pie [click](http://evil.example) ![x](http://evil.example/x.png) @release-team <img src=x onerror=alert(1)> | cell",
                                   detail: "line 1\nline 2 </pre><script>alert(2)</script>"))
        var report = GateReport(environment: "staging", startedAt: date, seconds: 2.5, results: results, armSeconds: [.db: 1.5, .superset: 2])
        report.history = HistorySummary(path: "/var/gate/history.sqlite", run: 4, revision: "abc1234", series: series, problem: nil)
        return report
    }

    // MARK: HTML

    @Test("HTML: self-contained (a CSP forbids everything but inline style and data images), nothing it shows is markup")
    func htmlEscapes() {
        let html = HTMLReport.render(Self.report())
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>&amp;</b>"))
        // Escaped text holds no `<`: any tag with a src or href would be a real one.
        #expect(html.range(of: #"<[^>]*\b(src|href)="#, options: .regularExpression) == nil, "no resource or link of any kind")
        #expect(html.contains("Dashboard 1 &lt;b&gt;&amp;amp;&lt;/b&gt;"))
        #expect(html.contains("&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
        #expect(html.contains("<h1>FAIL</h1>") && html.contains("<dd>build 7.1</dd>") && html.contains("<dd>run 4 in /var/gate/history.sqlite</dd>"))
        #expect(HTMLReport.escape("a\u{1B}[31m\u{0}b\"'<&>") == "a[31mb&quot;&apos;&lt;&amp;&gt;")
    }

    @Test("HTML: failures first, then the trends (a chart per count, its last point coloured by outcome), then a table per arm")
    func htmlLayout() throws {
        let html = HTMLReport.render(Self.report())
        let problems = try #require(html.range(of: "<section id=\"problems\">"))
        let trends = try #require(html.range(of: "<section id=\"trends\">"))
        let firstArm = try #require(html.range(of: "<section class=\"arm\">"))
        #expect(problems.lowerBound < trends.lowerBound && trends.lowerBound < firstArm.lowerBound)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.components(separatedBy: "<figure class=\"warning\">").count - 1 == 1)
        #expect(html.contains("rows (database): 9 → 10 → 10 → <b>11</b>"))
        #expect(html.components(separatedBy: "<article class=\"problem").count - 1 == 2, "the failure and the warning")
        #expect(html.components(separatedBy: "<section class=\"arm\">").count - 1 == 3, "sentinel, superset, database")
        var plain = Self.report()
        plain.history = nil
        #expect(!HTMLReport.render(plain).contains("<svg"), "no history, no trend charts")
    }

    @Test("HTML in headless Chromium: loads with no console message, shows every dashboard title, and renders to a PNG")
    func htmlInBrowser() async throws {
        let report = Self.report(dashboards: 8)
        let rendering = try await Browser.render(html: HTMLReport.render(report))
        #expect(rendering.consoleMessages.isEmpty, "\(rendering.consoleMessages)")
        for title in Set(report.results.compactMap(\.dashboard)) {
            #expect(rendering.dom.contains(HTMLReport.escape(title).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")),
                    "\(title) is not in the page")
        }
        #expect(rendering.dom.contains("<h1>FAIL</h1>"))
        #expect(rendering.png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(rendering.png.count > 20_000, "\(rendering.png.count) bytes: a page with text and charts, not a blank one")
    }

    @Test("the browser check can fail: a page that loads a remote image gets a console message")
    func browserCatchesExternalLoads() async throws {
        let html = HTMLReport.render(Self.report()).replacingOccurrences(of: "<footer>", with: "<img src=\"http://127.0.0.1:9/x.png\"><footer>")
        let rendering = try await Browser.render(html: html)
        #expect(rendering.consoleMessages.contains { $0.contains("Content Security Policy") }, "\(rendering.consoleMessages)")
    }

    // MARK: Markdown summary

    @Test("summary: verdict, counts per arm, a row per failure and warning; a message cannot add a link, image, mention, HTML or column")
    func summary() throws {
        let markdown = MarkdownSummary.render(Self.report())
        #expect(markdown.hasPrefix("### ❌ gate FAIL · environment staging\n"))
        #expect(markdown.contains("sentinel build 7\\.1 · "))
        #expect(markdown.contains("| database | 6 | 5 | 0 | 0 | 1 | 0 |"))
        #expect(markdown.contains("| superset | 1 | 0 | 1 | 0 | 0 | 0 |"))
        #expect(!markdown.contains("](") && !markdown.contains("![") && !markdown.contains("<img") && !markdown.contains("<script") && !markdown.contains("@release"))
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ❌") || $0.hasPrefix("| ⚠️") }
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("| ❌ FAIL | superset |") == true, "failures before warnings")
        for row in rows {
            // Unescaped pipes only: 8 for 7 cells.
            let pipes = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(pipes == 8, "\(row)")
        }
        #expect(rows.last?.contains("previous values 9, 10, 10") == true)
        #expect(MarkdownSummary.escape("a|b*c_[d](e)<f>&@g\nh #1") == "a\\|b\\*c\\_\\[d\\]\\(e\\)&lt;f&gt;&amp;@\u{2060}g h \\#\u{2060}1")
    }

    @Test("where to look: each failure names the expectations line, the query file and the page in Superset, in the console, JUnit, HTML and summary; the summary folds the SQL drift, clipped; links only to http(s), none breaking out")
    func whereToLook() throws {
        var drift = CheckResult(arm: .superset, slug: "dash-1", dashboard: "Dashboard 1", check: .sqlDrift, outcome: .failed,
                                expected: .queryFile(path: "Fixtures/queries/q.sql"), actual: .state(.differs),
                                message: "Dashboard 1: dataset 'q' SQL in Superset differs from Fixtures/queries/q.sql",
                                detail: (1...40).map { "line \($0) ```` </details> <script>x</script>" }.joined(separator: "\n"))
        drift.location = CheckResult.Location(file: "expectations.yaml", line: 94, query: "Fixtures/queries/q.sql",
                                              url: "https://bi.example.com/bi/superset/dashboard/7/")
        var chart = CheckResult(arm: .superset, slug: "dash-1", dashboard: "Dashboard 1", check: .chart("Runs"), outcome: .failed, message: "chart is pie")
        chart.location = CheckResult.Location(file: "expectations.yaml", line: 99, query: "Fixtures/queries/q.sql", url: "javascript:alert(1)")
        let report = GateReport(environment: "staging", startedAt: Date(), seconds: 1, results: [drift, chart])

        let console = ConsoleReport.render(report)
        #expect(console.contains("    at expectations.yaml:94 (query Fixtures/queries/q.sql)\n    in Superset: https://bi.example.com/bi/superset/dashboard/7/\n"))
        let junit = JUnitReport.render(report)
        #expect(junit.contains("file=\"expectations.yaml\" line=\"94\"") && junit.contains("at expectations.yaml:94 (query Fixtures/queries/q.sql)\nin Superset: https://bi.example.com/bi/superset/dashboard/7/"))
        #expect(try ReportChecks.junitProblem(junit) == nil)
        let html = HTMLReport.render(report)
        #expect(html.contains("<a href=\"https://bi.example.com/bi/superset/dashboard/7/\" rel=\"noopener noreferrer\">open in Superset</a>"))
        #expect(!html.contains("href=\"javascript") && html.contains("at expectations.yaml:99"), "no link to what is not http(s)")

        let markdown = MarkdownSummary.render(report)
        #expect(markdown.contains("<br>at expectations\\.yaml\\:94 · [open in Superset](https://bi.example.com/bi/superset/dashboard/7/)"), "\(markdown)")
        #expect(markdown.contains("<br>at expectations\\.yaml\\:99 |") && !markdown.contains("javascript"))
        // The drift folded under its check, in a fence no backtick run in it can close, clipped to 30 lines.
        #expect(markdown.contains("<details><summary>Dashboard 1 · sql drift</summary>\n\n`````text\nline 1 ```` </details>"))
        #expect(markdown.contains("line 30 ") && !markdown.contains("line 31 ") && markdown.contains("… 10 more lines"))
        #expect(MarkdownSummary.linkDestination("https://h/a b)c|d[e]") == "https://h/a%20b%29c%7Cd%5Be%5D")
    }

    @Test("summary stays short: a long message is clipped, past 50 problems the rest is counted")
    func summaryLimits() {
        var report = Self.report()
        report.results = (1...60).map { CheckResult(arm: .db, slug: "d\($0)", dashboard: "D\($0)", check: .rows, outcome: .failed,
                                                     message: String(repeating: "x", count: 5_000)) }
        let markdown = MarkdownSummary.render(report)
        #expect(markdown.contains("… and 10 more: see the JUnit, JSON or HTML report."))
        #expect(markdown.utf8.count < 60 * 400 + 2_000, "\(markdown.utf8.count) bytes")
        #expect(!markdown.contains(String(repeating: "x", count: 301)))
    }

    @Test("merged shards keep their trends and say each history problem; one run number only for one shard")
    func mergeKeepsHistory() throws {
        var one = Self.report()
        one.results = one.results.filter { $0.arm != .superset && $0.slug != "dash-2" && $0.slug != "dash-3" }
        let series = Self.report().history!.series
        one.history?.series = Array(series.prefix(1))
        var two = Self.report()
        two.results = two.results.filter { $0.arm != .sentinel && $0.slug != "dash-1" }
        two.history?.series = Array(series.dropFirst())
        two.history?.run = 5
        two.history?.problem = "run history /x: cannot record this run: locked"
        let merged = try ReportMerge.merge([one, two])
        #expect(merged.history?.series.map(\.slug) == ["dash-1", "dash-2", "dash-3"])
        #expect(merged.history?.run == nil)
        #expect(merged.history?.problem == "run history /x: cannot record this run: locked")
        #expect(try ReportMerge.merge([one]).history?.run == 4)
    }

    // MARK: Console

    @Test("console colour: only when asked for, by a terminal without NO_COLOR; every escape is the style's own")
    func colour() {
        #expect(ConsoleReport.Style.forStandardOutput(environment: [:], isTerminal: true).colour)
        #expect(!ConsoleReport.Style.forStandardOutput(environment: ["NO_COLOR": "1"], isTerminal: true).colour)
        #expect(ConsoleReport.Style.forStandardOutput(environment: ["NO_COLOR": ""], isTerminal: true).colour, "an empty NO_COLOR is unset (no-color.org)")
        #expect(!ConsoleReport.Style.forStandardOutput(environment: [:], isTerminal: false).colour)
        let report = Self.report()
        #expect(!ConsoleReport.render(report).contains("\u{1B}"))
        // The hostile texts but the multi-megabyte one (HostileReportTests covers size; this is about escapes).
        var hostile = report
        for text in HostileReportTests.hostile where text.count < 10_000 {
            hostile.results.append(CheckResult(arm: .superset, slug: "dash-x", dashboard: text, check: .chart(text), outcome: .failed,
                                               expected: .text(text), actual: .text(text), message: text, note: text, detail: text))
        }
        let coloured = ConsoleReport.render(hostile, style: ConsoleReport.Style(colour: true))
        #expect(coloured.contains("\u{1B}[1;31mFAIL\u{1B}[0m") && coloured.contains("\u{1B}[33mWARN\u{1B}[0m") && coloured.contains("\u{1B}[32mPASS\u{1B}[0m"))
        let escapes = coloured.components(separatedBy: "\u{1B}").dropFirst()
        let ours = ["[1;31m", "[33m", "[32m", "[2m", "[0m"]
        #expect(escapes.allSatisfy { escape in ours.contains { escape.hasPrefix($0) } }, "only the style's sequences")
        #expect(!coloured.contains("\r"))
    }

    @Test("console: the header names the sentinel and the history run; short or long, the failures come last, right above the summary")
    func consoleOrder() throws {
        let short = ConsoleReport.render(Self.report())
        #expect(short.hasPrefix("gate · environment staging · 2026-11-18T"))
        #expect(short.contains(" · sentinel build 7.1\nhistory: run 4 in /var/gate/history.sqlite · revision abc1234\n"))
        let table = try #require(short.range(of: "ARM "))
        let failures = try #require(short.range(of: "\nFAILURES\n"))
        #expect(table.lowerBound < failures.lowerBound, "short: the table, then the failures")
        let long = ConsoleReport.render(Self.report(dashboards: 45))
        let longTable = try #require(long.range(of: "ARM "))
        let longFailures = try #require(long.range(of: "FAILURES\n"))
        #expect(longTable.lowerBound < longFailures.lowerBound, "long: the table, then the failures (the last screen shows them)")
        #expect(long.hasSuffix("(exit 1)\n"), "the summary is the last line")
        // Right above the summary, one line per failure, then per warning (pytest's short summary), so the last screen
        // names them however long the failures above are.
        let lastBlock = try #require(long.components(separatedBy: "\n\n").dropLast().last)
        #expect(lastBlock.hasPrefix("SHORT SUMMARY\nFAIL superset · ") && lastBlock.contains("\nWARN database · Dashboard 1"), "\(lastBlock)")
        #expect(long.range(of: "WARNINGS")!.lowerBound < long.range(of: "SHORT SUMMARY")!.lowerBound)
        var many = Self.report()
        many.results += (1...20).map { CheckResult(arm: .db, slug: "d\($0)", dashboard: "D\($0)", check: .rows, outcome: .failed, message: "m") }
        let manyBlock = try #require(ConsoleReport.render(many).components(separatedBy: "\n\n").dropLast().last)
        #expect(manyBlock.split(separator: "\n").count == 1 + ConsoleReport.maxShortLines + 1 && manyBlock.hasSuffix("… and 10 more above"), "\(manyBlock)")
        var broken = Self.report()
        broken.history?.run = nil
        broken.history?.problem = "run history /x: cannot record this run: database is locked"
        #expect(ConsoleReport.render(broken).contains("history: run history /x: cannot record this run: database is locked; the verdict stands\n"))
        #expect(ConsoleReport.renderFailures(broken).hasPrefix("history: run history /x"))
    }

    @Test("progress: each arm's planned and finished dashboards; the line is redrawn in place and erased at the end")
    func progress() {
        final class Lines: @unchecked Sendable {
            let lock = NSLock()
            var written: [String] = []
            func append(_ text: String) { lock.withLock { written.append(text) } }
        }
        let lines = Lines()
        let line = ProgressLine { lines.append($0) }
        let progress = line.probeProgress()
        progress.planned(.superset, 2)
        progress.planned(.db, 2)
        progress.finished(.db)
        progress.finished(.db)
        progress.finished(.superset)
        progress.finished(.superset)
        #expect(progress.current.line == "superset 2/2 · database 2/2")
        line.finish()
        #expect(lines.written.first == "\r\u{1B}[2Kprobing · superset 0/2")
        #expect(lines.written.dropLast().last == "\r\u{1B}[2Kprobing · superset 2/2 · database 2/2", "the finished state is always drawn")
        #expect(lines.written.last == "\r\u{1B}[2K")
        #expect(lines.written.count < 7, "redrawn at most ten times a second: \(lines.written.count)")
    }

    @Test("console width: COLUMNS (or the terminal's) bounds every table line, RESULT kept in its column; a run whose real checks passed reads PASS with its skips counted and explained")
    func consoleWidth() throws {
        #expect(ConsoleReport.Style.forStandardOutput(environment: ["COLUMNS": "80"], isTerminal: false).width == 80)
        #expect(ConsoleReport.Style.forStandardOutput(environment: [:], isTerminal: true, terminalWidth: 120).width == 120)
        #expect(ConsoleReport.Style.forStandardOutput(environment: [:], isTerminal: false, terminalWidth: 120).width == nil, "a log is not clipped")
        var report = Self.report(dashboards: 3)
        report.results.append(CheckResult(arm: .superset, slug: "dash-0", dashboard: "Dashboard 0", check: .trend(.rows), outcome: .skipped,
                                          message: "Dashboard 0: no earlier run (a first run in this history: the trend starts with the next run)"))
        for width in [80, 100, 120] {
            let text = ConsoleReport.render(report, style: ConsoleReport.Style(colour: false, width: width))
            let lines = text.components(separatedBy: "\n")
            let start = try #require(lines.firstIndex { $0.hasPrefix("ARM ") })
            let table = lines[start..<(lines[start...].firstIndex(of: "") ?? lines.endIndex)]
            #expect(table.allSatisfy { $0.count <= width }, "\(width): \(table.filter { $0.count > width })")
            let resultColumn = try #require(table.first?.range(of: "RESULT")).lowerBound.utf16Offset(in: table.first!)
            #expect(table.dropFirst().allSatisfy { ["PASS", "FAIL", "ERROR", "WARN", "SKIP"].contains(String($0.dropFirst(resultColumn)).trimmingCharacters(in: .whitespaces)) },
                    "RESULT stays in its column at \(width)")
            // The SKIPPED block under the table fits too (its full text is in JSON and HTML).
            let skipped = try #require(lines.firstIndex { $0.hasPrefix("SKIPPED") })
            let block = lines[skipped..<(lines[skipped...].firstIndex(of: "") ?? lines.endIndex)]
            #expect(block.count == 2 && block.allSatisfy { $0.count <= width }, "\(width): \(block)")
        }
        let passing = GateReport(environment: "local", startedAt: Date(), seconds: 1, results: [
            CheckResult(arm: .superset, slug: "a", dashboard: "A", check: .rows, outcome: .passed, expected: .rows(.exact(1)), actual: .count(1)),
            CheckResult(arm: .superset, slug: "a", dashboard: "A", check: .trend(.rows), outcome: .skipped, message: "A: first run in this history"),
        ])
        let text = ConsoleReport.render(passing)
        #expect(text.contains("1/1+1") && text.contains("PASS") && !text.contains("  SKIP"), "\(text)")
        #expect(text.contains("SKIPPED (could not run; not failures)\n  1 trend: A: first run in this history\n"), "\(text)")
        #expect(Outcome.overall([.passed, .skipped]) == .passed && Outcome.overall([.skipped]) == .skipped && Outcome.overall([.warning, .skipped]) == .warning)
        let html = HTMLReport.render(passing)
        #expect(html.contains("<span>0 failed</span>") && !html.contains("badge skipped"), "a PASS page shows no red zero and no SKIP badge")
    }
}
