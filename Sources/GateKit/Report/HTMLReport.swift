import Foundation

/// `--html`: one self-contained page (no network, scripts or fonts; a Content-Security-Policy forbids them) that a
/// release manager reads at a glance: the verdict, every failure spelled out, a table per arm, and each dashboard's
/// row-count history as a small inline SVG chart when history is on. Everything it shows is escaped.
public enum HTMLReport {
    public static func render(_ report: GateReport) -> String {
        let verdictClass = report.verdict.lowercased()
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>gate \(report.verdict) · \(escape(report.environment))</title>
            <style>\(style)</style>
            </head>
            <body>

            """
        page += header(report, verdictClass: verdictClass)
        page += problems(report)
        page += trends(report)
        for arm in Arm.allCases {
            let results = report.results.filter { $0.arm == arm }
            guard !results.isEmpty else { continue }
            page += armTable(arm, results, seconds: report.armSeconds[arm])
        }
        page += "<footer>gate-runner · \(report.results.count) checks · written \(escape(ConsoleReport.timestamp(Date())))</footer>\n</body>\n</html>\n"
        return page
    }

    static func header(_ report: GateReport, verdictClass: String) -> String {
        var facts: [(String, String)] = [("environment", report.environment), ("started", ConsoleReport.timestamp(report.startedAt)),
                                         ("took", String(format: "%.2f s", report.seconds)), ("exit code", String(report.exitCode))]
        if let sentinel = report.sentinel { facts.insert(("sentinel", sentinel), at: 1) }
        facts.append(("gate", GateVersion.current))
        if let history = report.history {
            if let revision = history.revision { facts.append(("revision", revision)) }
            facts.append(("history", history.run.map { "run \($0) in \(history.path)" } ?? history.path))
        }
        let counts = [(Outcome.passed, "passed"), (.failed, "failed"), (.error, "errors"), (.warning, "warnings"), (.skipped, "skipped")]
            // A count of 0 is not painted in its outcome's colour: "0 failed" on a passing page is not red.
            .map { report.count($0.0) == 0 ? "<span>0 \($0.1)</span>" : "<span class=\"\($0.0.rawValue)\">\(report.count($0.0)) \($0.1)</span>" }
            .joined(separator: " · ")
        var html = "<header class=\"verdict \(verdictClass)\">\n<h1>\(report.verdict)</h1>\n<dl>"
        html += facts.map { "<div><dt>\(escape($0.0))</dt><dd>\(escape($0.1))</dd></div>" }.joined()
        html += "</dl>\n<p class=\"counts\">\(report.results.count) checks: \(counts)</p>\n"
        if let problem = report.history?.problem {
            html += "<p class=\"notice\">Run history: \(escape(problem)). The verdict stands.</p>\n"
        }
        return html + "</header>\n"
    }

    /// Every failure, error and warning: where, expected, actual, why, note, detail.
    static func problems(_ report: GateReport) -> String {
        let problems = report.problems
        guard !problems.isEmpty else { return "<section id=\"problems\"><h2>Failures and warnings</h2><p class=\"none\">None.</p></section>\n" }
        var html = "<section id=\"problems\"><h2>Failures and warnings</h2>\n"
        for problem in problems {
            html += "<article class=\"problem \(problem.outcome.rawValue)\"><h3><span class=\"badge\">\(ConsoleReport.label(problem.outcome))</span> \(escape(problem.place))</h3>\n"
            html += "<dl><div><dt>expected</dt><dd>\(escape(problem.expected?.description ?? "-"))</dd></div><div><dt>actual</dt><dd>\(escape(problem.actual?.description ?? "-"))</dd></div></dl>\n"
            html += "<p>\(escape(problem.message))</p>\n"
            if let location = problem.location {
                html += "<p class=\"where\">at \(escape(location.words))" + (location.pageURL.map { " · <a href=\"\(escape($0))\" rel=\"noopener noreferrer\">open in Superset</a>" } ?? "") + "</p>\n"
            }
            if let note = problem.note, !problem.message.contains(note) { html += "<p class=\"note\">note: \(escape(note))</p>\n" }
            if let detail = problem.detail, detail != problem.message { html += "<pre>\(escape(detail))</pre>\n" }
            html += "</article>\n"
        }
        return html + "</section>\n"
    }

    static func armTable(_ arm: Arm, _ results: [CheckResult], seconds: Double?) -> String {
        let worst = Outcome.overall(results.map(\.outcome))
        var html = "<section class=\"arm\"><h2>\(escape(arm.title.capitalized)) <span class=\"badge \(worst.rawValue)\">\(ConsoleReport.label(worst))</span>"
        html += seconds.map { " <small>\(String(format: "%.2f s", $0))</small>" } ?? ""
        html += "</h2>\n<table><thead><tr><th>dashboard</th><th>check</th><th>expected</th><th>actual</th><th>result</th><th>seconds</th></tr></thead><tbody>\n"
        for result in results {
            html += "<tr class=\"\(result.outcome.rawValue)\"><td>\(escape(result.dashboardLabel))</td><td>\(escape(result.check.description))</td>"
            html += "<td>\(escape(result.expected?.description ?? ""))</td><td>\(escape(result.actual?.description ?? ""))</td>"
            html += "<td class=\"result\">\(ConsoleReport.label(result.outcome))</td><td class=\"number\">\(String(format: "%.3f", result.seconds))</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    /// Each dashboard's counts over the recent runs: one small chart per count (its rows, each chart's rows).
    static func trends(_ report: GateReport) -> String {
        guard let series = report.history?.series, !series.isEmpty else { return "" }
        var order: [String] = []
        var byDashboard: [String: [TrendSeries]] = [:]
        for one in series {
            let key = (one.tenant.map { "[\($0)] " } ?? "") + (one.dashboard ?? one.slug)
            if byDashboard[key] == nil { order.append(key) }
            byDashboard[key, default: []].append(one)
        }
        var html = "<section id=\"trends\"><h2>Row counts over the recent runs</h2>\n"
        for key in order {
            html += "<div class=\"dashboard-trend\"><h3>\(escape(key))</h3><div class=\"sparks\">\n"
            // The dashboard's rows first, then its charts.
            for one in byDashboard[key]!.sorted(by: { ($0.check.chartName == nil ? 0 : 1) < ($1.check.chartName == nil ? 0 : 1) }) {
                let label = one.check.chartName.map { "chart \($0)" } ?? "rows (\(one.arm.title))"
                // This run's point reads as the worse of the trend and the count's own check: a count that failed its
                // expectation does not end in a green dot because it moved little.
                let counted = report.results.first { $0.tenant == one.tenant && $0.arm == one.arm && $0.slug == one.slug && $0.check == one.check }
                let outcome = Outcome.overall([one.outcome] + (counted.map { [$0.outcome] } ?? []))
                html += "<figure class=\"\(outcome.rawValue)\">\(sparkline(one, label: label))<figcaption>\(escape(label)): "
                // Counts are numbers: nothing to escape.
                html += (one.previous.map { String($0.count) } + ["<b>\(one.current)</b>"]).joined(separator: " → ")
                html += "</figcaption></figure>\n"
            }
            html += "</div></div>\n"
        }
        return html + "</section>\n"
    }

    /// A line through the earlier counts and this run's, the last point coloured by its figure's outcome.
    static func sparkline(_ series: TrendSeries, label: String) -> String {
        let values = series.previous.map(\.count) + [series.current]
        let width = 160.0, height = 40.0, pad = 5.0
        let low = Double(values.min() ?? 0), high = Double(values.max() ?? 0)
        let span = max(high - low, 1)
        func point(_ index: Int, _ value: Int) -> (Double, Double) {
            let x = values.count == 1 ? width / 2 : pad + Double(index) * (width - 2 * pad) / Double(values.count - 1)
            let y = high == low ? height / 2 : height - pad - (Double(value) - low) / span * (height - 2 * pad)
            return (x, y)
        }
        let points = values.enumerated().map { point($0.offset, $0.element) }
        let path = points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        let last = points.last!
        return "<svg role=\"img\" aria-label=\"\(escape(label))\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
            + "<polyline fill=\"none\" stroke=\"#5b6b7f\" stroke-width=\"1.5\" points=\"\(path)\"/>"
            + points.dropLast().map { String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#5b6b7f\"/>", $0.0, $0.1) }.joined()
            + String(format: "<circle class=\"now\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>", last.0, last.1)
            + "</svg>"
    }

    /// Text for HTML content and attribute values: XML's escaping (JUnit's), which HTML reads the same way; the
    /// characters XML forbids (control characters among them) are dropped.
    package static func escape(_ text: String) -> String { JUnitReport.escape(text) }

    static let style = """
        :root{color-scheme:light;--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--skip:#6e7781;--line:#d0d7de}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1f2328;background:#fff}
        header.verdict{border-left:8px solid var(--skip);padding:8px 16px;margin-bottom:16px;background:#f6f8fa}
        header.pass{border-color:var(--pass)}header.fail,header.error{border-color:var(--fail)}
        header h1{margin:0;font-size:28px}header.pass h1{color:var(--pass)}header.fail h1,header.error h1{color:var(--fail)}
        dl{display:flex;flex-wrap:wrap;gap:4px 24px;margin:8px 0}dl div{display:flex;gap:6px}dt{color:#59636e}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
        .counts span.failed,.counts span.error{color:var(--fail)}.counts span.warning{color:var(--warn)}.counts span.passed{color:var(--pass)}
        .notice{color:var(--warn);font-weight:600}
        h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
        article.problem{border:1px solid var(--line);border-left:6px solid var(--fail);padding:4px 12px;margin:8px 0}
        article.warning{border-left-color:var(--warn)}article.problem h3{font-size:15px;margin:6px 0}
        article p{margin:4px 0;overflow-wrap:anywhere}.note{color:#59636e}
        pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:20em;white-space:pre-wrap;overflow-wrap:anywhere}
        .badge{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;background:var(--skip);font-size:12px;vertical-align:middle}
        .failed .badge,.error .badge,.badge.failed,.badge.error{background:var(--fail)}.warning .badge,.badge.warning{background:var(--warn)}.badge.passed{background:var(--pass)}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        th{background:#f6f8fa;white-space:nowrap}td.number{text-align:right;font-variant-numeric:tabular-nums}
        tr.failed td.result,tr.error td.result{color:var(--fail);font-weight:700}tr.warning td.result{color:var(--warn);font-weight:700}
        tr.passed td.result{color:var(--pass)}td.result,td.number{white-space:nowrap;overflow-wrap:normal}tr.skipped td{color:var(--skip)}
        .sparks{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid var(--line);padding:6px}figcaption{font-size:12px;max-width:220px}
        .dashboard-trend h3{font-size:14px;margin:12px 0 4px}
        circle.now{fill:var(--pass)}figure.warning circle.now{fill:var(--warn)}figure.failed circle.now{fill:var(--fail)}figure.skipped circle.now{fill:var(--skip)}
        footer{margin-top:24px;color:#59636e;font-size:12px}
        """
}
