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
            out += "| \(label) | \(problem.arm.title) | " + cells.map { escape(clip($0)) }.joined(separator: " | ") + place(problem) + " |\n"
        }
        if problems.count > maxProblemRows {
            out += "\n… and \(problems.count - maxProblemRows) more: see the JUnit, JSON or HTML report.\n"
        }
        out += differences(problems)
        return out
    }

    /// Where to look, after the why: the expectations line, and a link to the page in Superset.
    static func place(_ problem: CheckResult) -> String {
        guard let location = problem.location else { return "" }
        return "<br>at \(escape(clip(location.fileLine)))"
            + (location.pageURL.map { " · [open in Superset](\(linkDestination($0)))" } ?? "")
    }

    /// The differences found (SQL drift, definitions), each folded under its check: the first `maxDifferences`, each
    /// clipped to `maxDifferenceLines` lines.
    static let maxDifferences = 10
    static let maxDifferenceLines = 30

    static func differences(_ problems: [CheckResult]) -> String {
        let shown = problems.filter { [.sqlDrift, DefinitionCheck.family].contains($0.check.family) && $0.detail?.isEmpty == false }
        guard !shown.isEmpty else { return "" }
        var out = "\n#### Differences\n"
        for problem in shown.prefix(maxDifferences) {
            let lines = (problem.detail ?? "").split(separator: "\n", omittingEmptySubsequences: false).map { String($0.prefix(maxCellCharacters)) }
            var body = lines.prefix(maxDifferenceLines).joined(separator: "\n")
            if lines.count > maxDifferenceLines { body += "\n… \(lines.count - maxDifferenceLines) more lines: see the JUnit, JSON or HTML report" }
            // A fence longer than any run of backticks in the text, so nothing in it ends the block.
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(body) + 1))
            out += "\n<details><summary>\(escape(clip(problem.dashboardLabel))) · \(escape(problem.check.description))</summary>\n\n"
                + "\(fence)text\n\(body)\n\(fence)\n\n</details>\n"
        }
        if shown.count > maxDifferences { out += "\n… and \(shown.count - maxDifferences) more differences: see the HTML report.\n" }
        return out
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }

    /// A URL as a Markdown link's destination: every character outside the unreserved and URL-delimiting ones is
    /// percent-encoded, so a parenthesis, a space, a pipe or a bracket cannot end the link or the table cell.
    static func linkDestination(_ url: String) -> String {
        let kept = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&*+,;=%")
        return url.unicodeScalars.map { scalar in
            kept.contains(scalar) ? String(scalar) : String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
        }.joined()
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
