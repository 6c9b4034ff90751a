import Foundation

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
        [result.slug, result.check.description].compactMap { $0 }.joined(separator: " ") + " [\(result.arm.rawValue)]"
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
