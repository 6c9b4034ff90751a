import Foundation

/// Console table for release managers: one row per dashboard per arm and one per chart,
/// then every failure spelled out (dashboard, expected, actual, note), then the summary.
public enum ConsoleReport {
    public static func render(_ report: GateReport) -> String {
        "gate · environment \(report.environment) · \(timestamp(report.startedAt))\n\n" + table(report) + problems(report)
            + "\n" + summary(report) + "\n"
    }

    /// `--quiet`: the failures and warnings, then the summary.
    public static func renderFailures(_ report: GateReport) -> String {
        let listed = problems(report)
        return listed.isEmpty ? summary(report) + "\n" : String(listed.dropFirst()) + "\n" + summary(report) + "\n"
    }

    /// One row per dashboard per arm and one per chart.
    static func table(_ report: GateReport) -> String {
        struct Row { var arm, name, checks, expected, actual, result: String }
        var rows: [Row] = []
        // Group: dashboard-level checks per (arm, slug); each chart check is its own row.
        var order: [String] = []
        var groups: [String: [CheckResult]] = [:]
        for result in report.results {
            let isChart = result.check.hasPrefix("chart ")
            let key = "\(result.arm.rawValue)|\(result.slug ?? "")|\(isChart ? result.check : "")"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(result)
        }
        for key in order {
            let checks = groups[key]!
            let first = checks[0]
            let isChart = first.check.hasPrefix("chart ")
            let headline = checks.first { $0.check == "rows" || $0.check == "status" || $0.check == "superset = database" || isChart } ?? first
            let worst = checks.map(\.outcome).max() ?? .passed
            let passed = checks.filter { $0.outcome == .passed }.count
            rows.append(Row(
                arm: isChart ? "" : first.arm.title,
                name: isChart ? "  └ " + String(first.check.dropFirst(6)) : (first.dashboard ?? first.check),
                checks: "\(passed)/\(checks.count)",
                expected: headline.expected ?? "",
                actual: (headline.actual ?? "") + (checks.first { $0.check == "fetch" }?.actual.map { " · fetched \($0)" } ?? ""),
                result: label(worst)))
        }
        let header = Row(arm: "ARM", name: "DASHBOARD / CHART", checks: "CHECKS", expected: "EXPECTED", actual: "ACTUAL", result: "RESULT")
        let all = [header] + rows
        func width(_ column: (Row) -> String) -> Int { all.map { column($0).count }.max() ?? 0 }
        let widths = [width(\.arm), width(\.name), width(\.checks), min(44, width(\.expected)), min(48, width(\.actual))]
        func pad(_ text: String, _ width: Int) -> String {
            let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            return clipped + String(repeating: " ", count: max(0, width - clipped.count))
        }
        return all.map { row in
            [pad(row.arm, widths[0]), pad(row.name, widths[1]), pad(row.checks, widths[2]),
             pad(row.expected, widths[3]), pad(row.actual, widths[4]), row.result].joined(separator: "  ") + "\n"
        }.joined()
    }

    /// Every failure, error and warning spelled out: dashboard, expected, actual, message, note, detail.
    static func problems(_ report: GateReport) -> String {
        var out = ""
        for (heading, outcomes) in [("FAILURES", [Outcome.failed, .error]), ("WARNINGS (not failing: a dashboard at level: warn, or a lint warning)", [.warning])] {
            let problems = report.results.filter { outcomes.contains($0.outcome) }
            guard !problems.isEmpty else { continue }
            out += "\n\(heading)\n"
            for problem in problems {
                let place = [problem.arm.title, problem.dashboard ?? problem.slug ?? "", problem.check].filter { !$0.isEmpty }.joined(separator: " · ")
                out += "\(label(problem.outcome)) \(place): expected \(problem.expected ?? "-"), actual \(problem.actual ?? "-")\n"
                out += "    \(oneLine(problem.message))\n"
                if let note = problem.note, !problem.message.contains(note) { out += "    note: \(note)\n" }
                if let detail = problem.detail, detail != problem.message {
                    out += detail.split(separator: "\n", omittingEmptySubsequences: false).map { "    | \($0)\n" }.joined()
                }
            }
        }
        return out
    }

    /// Driver messages can span lines; the table keeps each failure's reason on one.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    public static func summary(_ report: GateReport) -> String {
        let verdict: String
        switch report.exitCode {
        case ExitCodes.passed: verdict = "PASS"
        case ExitCodes.checkFailed: verdict = "FAIL"
        default: verdict = "ERROR"
        }
        return "\(verdict): \(report.results.count) checks, \(report.count(.passed)) passed, \(report.count(.failed)) failed, "
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

/// JUnit XML as pipeline dashboards read it (design §5): one suite per arm, one testcase per check,
/// `<failure>` for a check that did not hold, `<error>` for one that could not run. Always valid XML.
public enum JUnitReport {
    public static func render(_ report: GateReport) -> String {
        let arms = Arm.allCases.filter { arm in report.results.contains { $0.arm == arm } }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"gate\" tests=\"\(report.results.count)\" failures=\"\(report.count(.failed))\" "
            + "errors=\"\(report.count(.error))\" skipped=\"\(report.count(.skipped))\" time=\"\(seconds(report.seconds))\" "
            + "timestamp=\"\(ConsoleReport.timestamp(report.startedAt))\">\n"
        for arm in arms {
            let cases = report.results.filter { $0.arm == arm }
            let count = { (outcome: Outcome) in cases.filter { $0.outcome == outcome }.count }
            out += "  <testsuite name=\"gate.\(arm.rawValue)\" tests=\"\(cases.count)\" failures=\"\(count(.failed))\" "
                + "errors=\"\(count(.error))\" skipped=\"\(count(.skipped))\" time=\"\(seconds(report.armSeconds[arm] ?? cases.map(\.seconds).max() ?? 0))\" "
                + "timestamp=\"\(ConsoleReport.timestamp(report.startedAt))\">\n"
            out += "    <properties><property name=\"environment\" value=\"\(escape(report.environment))\"/></properties>\n"
            for result in cases {
                out += "    <testcase classname=\"\(escape(result.classname))\" name=\"\(escape(testName(result)))\" time=\"\(seconds(result.seconds))\""
                var body = ""
                let note = result.note.flatMap { result.message.contains($0) ? nil : "note: \($0)" }
                let text = [result.message, note, result.detail]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
                let message = "expected \(result.expected ?? "-"), actual \(result.actual ?? "-"): \(result.message)"
                switch result.outcome {
                case .passed: break
                case .failed: body += "      <failure message=\"\(escape(message))\" type=\"check-failed\">\(escape(text))</failure>\n"
                case .error: body += "      <error message=\"\(escape(message))\" type=\"could-not-run\">\(escape(text))</error>\n"
                case .skipped: body += "      <skipped message=\"\(escape(result.message))\"/>\n"
                case .warning: body += "      <system-err>\(escape("warning: " + text))</system-err>\n"
                }
                if let sql = result.sql { body += "      <system-out>\(escape(sql))</system-out>\n" }
                out += body.isEmpty ? "/>\n" : ">\n\(body)    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Unique across the report (GitLab keeps only the first of duplicate names).
    public static func testName(_ result: CheckResult) -> String {
        [result.slug, result.check].compactMap { $0 }.joined(separator: " ") + " [\(result.arm.rawValue)]"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Escapes markup and drops characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = (value >= 0x20 && value <= 0xD7FF) || (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF)
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// The machine-readable report.
public enum JSONReport {
    public static func render(_ report: GateReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        struct Envelope: Encodable {
            let environment: String
            let startedAt: Date
            let seconds: Double
            let exitCode: Int32
            let summary: [String: Int]
            let results: [CheckResult]
        }
        let envelope = Envelope(environment: report.environment, startedAt: report.startedAt, seconds: report.seconds, exitCode: report.exitCode,
                                summary: ["checks": report.results.count, "passed": report.count(.passed), "failed": report.count(.failed),
                                          "errors": report.count(.error), "skipped": report.count(.skipped),
                                          "warnings": report.count(.warning)],
                                results: report.results)
        return String(decoding: try encoder.encode(envelope), as: UTF8.self) + "\n"
    }
}

/// Writes a report so a reader never sees half a file: a temporary file, then a rename.
public enum ReportFile {
    /// Fails now when `path` could not be written later: its folder cannot be made or written.
    public static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder.path])
        }
    }

    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
