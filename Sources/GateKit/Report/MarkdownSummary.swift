import Foundation

/// `--summary`: a CI job summary in Markdown (GitHub Actions' `$GITHUB_STEP_SUMMARY`, a GitLab merge-request note):
/// the verdict, counts per arm, and a compact table of failures and warnings. Every text from a target is escaped,
/// so a message cannot add a link, an image, a mention or HTML to the page.
public enum MarkdownSummary {
    /// More rows than this and the rest is counted, not listed: a summary stays readable (GitHub allows 1 MiB).
    package static let maxProblemRows = 50
    /// A cell's text is clipped to this many characters.
    package static let maxCellCharacters = 300

    public static func render(_ report: GateReport) -> String {
        let icon = report.exitCode == ExitCodes.passed ? "✅" : report.exitCode == ExitCodes.checkFailed ? "❌" : "⚠️"
        var out = "### \(icon) gate \(report.verdict) · environment \(escape(report.environment))\n\n"
        var facts = ["\(report.results.count) checks", "exit code \(report.exitCode)", String(format: "%.2f s", report.seconds),
                     "started \(ConsoleReport.timestamp(report.startedAt))"]
        if let sentinel = report.sentinel { facts.insert("sentinel \(escape(clip(sentinel)))", at: 0) }
        if let history = report.history {
            if let revision = history.revision { facts.append("revision \(escape(clip(revision)))") }
            if let run = history.run { facts.append("history run \(run)") }
        }
        out += facts.joined(separator: " · ") + "\n\n"
        if let problem = report.history?.problem {
            out += "> **Run history:** \(escape(clip(problem))). The verdict stands.\n\n"
        }
        out += "| arm | checks | passed | failed | errors | warnings | skipped |\n|---|--:|--:|--:|--:|--:|--:|\n"
        for arm in Arm.allCases {
            let results = report.results.filter { $0.arm == arm }
            guard !results.isEmpty else { continue }
            func count(_ outcome: Outcome) -> Int { results.filter { $0.outcome == outcome }.count }
            out += "| \(arm.title) | \(results.count) | \(count(.passed)) | \(count(.failed)) | \(count(.error)) | \(count(.warning)) | \(count(.skipped)) |\n"
        }
        let problems = report.problems
        if problems.isEmpty {
            out += "\nNo failures or warnings.\n"
            return out
        }
        out += "\n#### Failures and warnings\n\n| result | arm | dashboard | check | expected | actual | why |\n|---|---|---|---|---|---|---|\n"
        for problem in problems.prefix(maxProblemRows) {
            let label = problem.outcome == .warning ? "⚠️ WARN" : "❌ \(ConsoleReport.label(problem.outcome))"
            let cells = [problem.dashboardLabel, problem.check.description, problem.expected?.description ?? "-", problem.actual?.description ?? "-", problem.message]
            out += "| \(label) | \(problem.arm.title) | " + cells.map { escape(clip($0)) }.joined(separator: " | ") + " |\n"
        }
        if problems.count > maxProblemRows {
            out += "\n… and \(problems.count - maxProblemRows) more: see the JUnit, JSON or HTML report.\n"
        }
        return out
    }

    static func clip(_ text: String) -> String { ConsoleReport.clip(ConsoleReport.oneLine(text), maxCellCharacters) }

    /// Text that Markdown shows as written: punctuation Markdown reads is backslash-escaped; `<`, `>` and `&` become
    /// entities (no HTML, no autolinks); the characters that start a mention or a reference on GitHub and GitLab
    /// (`@user`, `#12`, `!3`, `%milestone`, `~label`, `$snippet`) get an invisible word joiner after them, which
    /// breaks the reference in the rendered text too (an entity would be decoded back first); line breaks and
    /// control characters become spaces.
    package static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "@", "#", "!", "%", "~", "$":
                out += (scalar == "@" || scalar == "%" ? "" : "\\") + String(scalar) + "\u{2060}"
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "+", "-", ".", "|", ":", "=", "^":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
