import Foundation

/// Console table for release managers: one row per dashboard per arm and one per chart,
/// then every failure spelled out (dashboard, expected, actual, note), then the summary.
public enum ConsoleReport {
    /// How the console shows a report: in colour only on a terminal, and never with `NO_COLOR`.
    public struct Style: Sendable, Equatable {
        public var colour: Bool
        /// The terminal's width: no table line is wider (the widest cells clipped with an ellipsis; the full text is in
        /// the failures below it, `--verbose`, JSON and HTML). Nil: as wide as the cells.
        public var width: Int?

        public static let plain = Style(colour: false)

        public init(colour: Bool, width: Int? = nil) {
            self.colour = colour
            self.width = width
        }

        /// Colour when standard output is a terminal and `NO_COLOR` is unset or empty (no-color.org); the width from
        /// `COLUMNS`, else the terminal's own (`terminalWidth`), else none (a log file).
        package static func forStandardOutput(environment: [String: String], isTerminal: Bool, terminalWidth: Int? = nil) -> Style {
            let columns = environment["COLUMNS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 >= 40 ? $0 : nil }
            return Style(colour: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty, width: columns ?? (isTerminal ? terminalWidth : nil))
        }

        /// A summary line within the width, clipped with an ellipsis (the full text is in JSON and HTML).
        func fitted(_ line: String) -> String { width.map { clip(line, $0) } ?? line }

        func paint(_ text: String, _ outcome: Outcome) -> String {
            guard colour else { return text }
            let code: String
            switch outcome {
            case .passed: code = "32"
            case .failed, .error: code = "1;31"
            case .warning: code = "33"
            case .skipped: code = "2"
            }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        }
    }

    public static func render(_ report: GateReport, style: Style = .plain) -> String {
        // Every text a target or the expectations gave is made safe first; only then does the style add colour.
        let report = report.mappingTexts(Terminal.safe)
        // The failures always come last, right above the summary: the last screen of a terminal and the tail of a CI
        // log show what failed (as pytest ends with its short summary).
        return header(report) + "\n" + table(report, style: style) + defaultFilters(report, style: style) + skips(report, style: style)
            + problems(report, style: style) + shortSummary(report, style: style) + "\n" + summary(report, style: style) + "\n"
    }

    /// One line per failure and error (then per warning), right above the summary line, as pytest's short summary: the
    /// last screen names what failed however long the failures above it are. At most `maxShortLines`, then a count.
    static let maxShortLines = 12

    static func shortSummary(_ report: GateReport, style: Style = .plain) -> String {
        let listed = report.results.filter { [.failed, .error].contains($0.outcome) } + report.results.filter { $0.outcome == .warning }
        guard !listed.isEmpty else { return "" }
        var out = "\nSHORT SUMMARY\n"
        for problem in listed.prefix(maxShortLines) {
            let label = label(problem.outcome)
            // Fitted before painting: the colour's escapes take no columns.
            out += style.paint(label, problem.outcome) + style.fitted(label + " " + headline(problem)).dropFirst(label.count) + "\n"
        }
        if listed.count > maxShortLines { out += "… and \(listed.count - maxShortLines) more above\n" }
        return out
    }

    /// `--quiet`: the failures and warnings, then the summary.
    package static func renderFailures(_ report: GateReport, style: Style = .plain) -> String {
        let report = report.mappingTexts(Terminal.safe)
        let listed = problems(report, style: style)
        let history = report.history?.problem.map { "history: \($0); the verdict stands\n" } ?? ""
        return history + (listed.isEmpty ? summary(report, style: style) + "\n"
            : String(listed.dropFirst()) + shortSummary(report, style: style) + "\n" + summary(report, style: style) + "\n")
    }

    /// Environment, time, sentinel, history.
    static func header(_ report: GateReport) -> String {
        var line = "gate · environment \(report.environment) · \(timestamp(report.startedAt))"
        if let sentinel = report.sentinel { line += " · sentinel \(oneLine(sentinel))" }
        line += "\n"
        if let history = report.history {
            if let run = history.run {
                line += "history: run \(run) in \(history.path)" + (history.revision.map { " · revision \($0)" } ?? "") + "\n"
            }
            if let problem = history.problem { line += "history: \(problem); the verdict stands\n" }
        }
        return line
    }

    /// One row per dashboard per arm and one per chart.
    static func table(_ report: GateReport, style: Style = .plain) -> String {
        struct Row { var arm, name, checks, expected, actual, result: String }
        var rows: [Row] = []
        // Group: dashboard-level checks per (arm, slug); each chart check is its own row.
        struct GroupKey: Hashable { var dashboard: DashboardKey; var arm: Arm; var chart: String? }
        var order: [GroupKey] = []
        var groups: [GroupKey: [CheckResult]] = [:]
        // An arm that started is a passed check of its own (so JUnit's testcases stay the same when it cannot): no row.
        for result in report.results where !(result.check == .arm && result.outcome == .passed) {
            let key = GroupKey(dashboard: result.dashboardKey, arm: result.arm, chart: result.check.chartName)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(result)
        }
        for key in order {
            let checks = groups[key]!
            let first = checks[0]
            let chartName = first.check.chartName
            let headline = checks.first { [.rows, .sentinelStatus, .agreement].contains($0.check) || chartName != nil } ?? first
            // Checks that could not run (a trend's first run) do not make a row whose real checks passed read SKIP:
            // they are counted apart and explained under the table.
            let skipped = checks.filter { $0.outcome == .skipped }.count
            let passed = checks.filter { $0.outcome == .passed }.count
            let worst = Outcome.overall(checks.map(\.outcome))
            rows.append(Row(
                arm: chartName != nil ? "" : first.arm.title,
                name: chartName.map { "  └ " + $0 } ?? (first.tenant.map { "[\($0)] " } ?? "") + (first.dashboard ?? first.check.description),
                checks: "\(passed)/\(checks.count - skipped)" + (skipped > 0 ? "+\(skipped)" : ""),
                expected: headline.expected?.description ?? "",
                actual: (headline.actual?.description ?? "") + (checks.first { $0.check == .fetch }?.actual.map { " · fetched \($0)" } ?? ""),
                result: style.paint(label(worst), worst)))
        }
        let header = Row(arm: "ARM", name: "DASHBOARD / CHART", checks: "CHECKS", expected: "EXPECTED", actual: "ACTUAL", result: "RESULT")
        // RESULT is last and short: within the width, the name, expected and actual columns give way.
        return columns(([header] + rows).map { [$0.arm, $0.name, $0.checks, $0.expected, $0.actual, $0.result] }, maxWidths: [3: 44, 4: 48],
                       fitting: style.width.map { (total: $0, lastWidth: 6, shrinking: [1: 28, 3: 14, 4: 14]) })
    }

    /// Rows as aligned columns two spaces apart: every column but the last padded to its widest cell, or to
    /// `maxWidths[column]` with longer cells clipped; with `fitting`, the `shrinking` columns narrowed until a line with
    /// a last cell of `lastWidth` fits in `total`: first the one furthest above its preferred width (the value), then
    /// the widest, each keeping at least 8 characters.
    static func columns(_ rows: [[String]], maxWidths: [Int: Int] = [:],
                        fitting: (total: Int, lastWidth: Int, shrinking: [Int: Int])? = nil) -> String {
        let count = rows.map(\.count).max() ?? 0
        var widths = (0..<count).map { column in
            min(maxWidths[column] ?? .max, rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0)
        }
        if let fitting, count > 0 {
            let line = { widths.dropLast().reduce(0, +) + 2 * (count - 1) + fitting.lastWidth }
            let preferred = fitting.shrinking
            while line() > fitting.total {
                let above = preferred.keys.filter { widths[$0] > preferred[$0]! }.max { widths[$0] - preferred[$0]! < widths[$1] - preferred[$1]! }
                guard let column = above ?? preferred.keys.filter({ widths[$0] > 8 }).max(by: { widths[$0] < widths[$1] }) else { break }
                widths[column] -= 1
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                guard index < row.count - 1 else { return cell }
                let clipped = clip(cell, widths[index])
                return clipped + String(repeating: " ", count: max(0, widths[index] - clipped.count))
            }.joined(separator: "  ") + "\n"
        }.joined()
    }

    /// At most `width` characters, the last an ellipsis when the text was cut.
    static func clip(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    /// Dashboards whose native filters start with a value: every viewer sees the charts filtered by them.
    static func defaultFilters(_ report: GateReport, style: Style = .plain) -> String {
        let dashboards = report.results.filter { $0.check == .dashboard && $0.outcome == .passed && $0.detail != nil }
        guard !dashboards.isEmpty else { return "" }
        return "\nDEFAULT NATIVE FILTERS (what a viewer sees first)\n"
            + dashboards.map { style.fitted("  \($0.dashboard ?? $0.slug ?? ""): \(oneLine($0.detail ?? ""))") + "\n" }.joined()
    }

    /// Checks that could not run, by family, each with one reason: a skip is explained, never mistaken for a failure.
    static func skips(_ report: GateReport, style: Style = .plain) -> String {
        let skipped = report.results.filter { $0.outcome == .skipped }
        guard !skipped.isEmpty else { return "" }
        var order: [String] = []
        var byFamily: [String: [CheckResult]] = [:]
        for result in skipped {
            let family = result.check.trended != nil ? "trend" : result.check.family.title
            if byFamily[family] == nil { order.append(family) }
            byFamily[family, default: []].append(result)
        }
        return "\nSKIPPED (could not run; not failures)\n" + order.map { family in
            let results = byFamily[family]!
            return style.fitted("  \(results.count) \(family): \(oneLine(results[0].message))" + (results.count > 1 ? " (and \(results.count - 1) like it)" : "")) + "\n"
        }.joined()
    }

    /// Every failure, error and warning spelled out: dashboard, expected, actual, message, note, detail.
    static func problems(_ report: GateReport, style: Style = .plain) -> String {
        var out = ""
        for (heading, outcomes) in [("FAILURES", [Outcome.failed, .error]), ("WARNINGS (not failing: a dashboard at level: warn, a lint warning, or a trend)", [.warning])] {
            let problems = report.results.filter { outcomes.contains($0.outcome) }
            guard !problems.isEmpty else { continue }
            out += "\n\(heading)\n"
            for problem in problems {
                out += "\(style.paint(label(problem.outcome), problem.outcome)) \(headline(problem))\n"
                out += "    \(oneLine(problem.message))\n"
                out += (problem.location?.lines ?? []).map { "    \($0)\n" }.joined()
                if let note = problem.note, !problem.message.contains(note) { out += "    note: \(note)\n" }
                if let detail = problem.detail, detail != problem.message {
                    out += detail.split(separator: "\n", omittingEmptySubsequences: false).map { "    | \($0)\n" }.joined()
                }
            }
        }
        return out
    }

    /// `database · PowerFill: Cash Trade Slotting · rows: expected 0, actual 688`: a failure's first line, after its label.
    static func headline(_ problem: CheckResult) -> String {
        "\(problem.place): expected \(problem.expected?.description ?? "-"), actual \(problem.actual?.description ?? "-")"
    }

    /// Driver messages can span lines; the table keeps each failure's reason on one.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    package static func summary(_ report: GateReport, style: Style = .plain) -> String {
        let worst: Outcome = report.exitCode == ExitCodes.passed ? .passed : .failed
        return "\(style.paint(report.verdict, worst)): \(report.results.count) checks, \(report.count(.passed)) passed, \(report.count(.failed)) failed, "
            + "\(report.count(.error)) errors, \(report.count(.skipped)) skipped"
            + (report.count(.warning) > 0 ? ", \(report.count(.warning)) warnings" : "") + " in \(String(format: "%.2f", report.seconds)) s (exit \(report.exitCode))"
    }

    static func label(_ outcome: Outcome) -> String {
        switch outcome {
        case .passed: return "PASS"
        case .failed: return "FAIL"
        case .error: return "ERROR"
        case .skipped: return "SKIP"
        case .warning: return "WARN"
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
