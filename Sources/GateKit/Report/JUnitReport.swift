import Foundation

/// JUnit XML as pipeline dashboards read it (GitLab, Jenkins' xunit schema, GitHub's test reporters): one suite per arm, one testcase per check,
/// `<failure>` for a check that did not hold, `<error>` for one that could not run. Always valid XML.
public enum JUnitReport {
    public static func render(_ report: GateReport) -> String {
        let arms = Arm.allCases.filter { arm in report.results.contains { $0.arm == arm } }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        // Jenkins' xunit schema (junit-10.xsd) allows only name, time, tests, failures and errors here.
        out += "<testsuites name=\"gate\" tests=\"\(report.results.count)\" failures=\"\(report.count(.failed))\" "
            + "errors=\"\(report.count(.error))\" time=\"\(seconds(report.seconds))\">\n"
        for (index, arm) in arms.enumerated() {
            let cases = report.results.filter { $0.arm == arm }
            let count = { (outcome: Outcome) in cases.filter { $0.outcome == outcome }.count }
            out += "  <testsuite name=\"gate.\(arm.rawValue)\" tests=\"\(cases.count)\" failures=\"\(count(.failed))\" "
                + "errors=\"\(count(.error))\" skipped=\"\(count(.skipped))\" time=\"\(seconds(report.armSeconds[arm] ?? cases.map(\.seconds).max() ?? 0))\" "
                + "timestamp=\"\(ConsoleReport.timestamp(report.startedAt))\">\n"
            // The run's properties once, on the first suite: xunitparser fails on a property repeated across suites.
            if index == 0 {
                let properties = [("environment", report.environment), ("revision", report.history?.revision), ("version", GateVersion.current)]
                out += "    <properties>" + properties.compactMap { name, value in
                    value.map { "<property name=\"\(name)\" value=\"\(escape($0))\"/>" }
                }.joined() + "</properties>\n"
            }
            for result in cases {
                out += "    <testcase classname=\"\(escape(clipped(result.classname, Self.maxName)))\" name=\"\(escape(clipped(testName(result), Self.maxName)))\" time=\"\(seconds(result.seconds))\""
                // Where to look (GitLab links `file`; action-junit-report annotates `file` and `line`).
                if let location = result.location {
                    out += " file=\"\(escape(clipped(location.file, Self.maxName)))\"" + (location.line.map { " line=\"\($0)\"" } ?? "")
                }
                var body = ""
                let note = result.note.flatMap { result.message.contains($0) ? nil : "note: \($0)" }
                // Where to look closes the body: the expectations line, the query file, the page in Superset.
                let place = result.location.map { $0.lines.joined(separator: "\n") }
                let text = [result.message, note, result.detail, place]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
                let message = failureMessage(result)
                switch result.outcome {
                case .passed: break
                case .failed: body += "      <failure message=\"\(escape(clipped(message, Self.maxMessage)))\" type=\"check-failed\">\(escape(clipped(text, Self.maxBody)))</failure>\n"
                case .error: body += "      <error message=\"\(escape(clipped(message, Self.maxMessage)))\" type=\"could-not-run\">\(escape(clipped(text, Self.maxBody)))</error>\n"
                case .skipped: body += "      <skipped message=\"\(escape(clipped(result.message, Self.maxMessage)))\"/>\n"
                case .warning: body += "      <system-err>\(escape(clipped("warning: " + text, Self.maxBody)))</system-err>\n"
                }
                if let sql = result.sql { body += "      <system-out>\(escape(clipped(sql, Self.maxBody)))</system-out>\n" }
                out += body.isEmpty ? "/>\n" : ">\n\(body)    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Expected and actual once: most checks' messages already name both ("returned 5 rows, expected 8"); the others
    /// get them in front.
    static func failureMessage(_ result: CheckResult) -> String {
        let expected = result.expected?.description ?? "-"
        let actual = result.actual?.description ?? "-"
        if !result.message.isEmpty, names(result.message, expected), names(result.message, actual) { return result.message }
        return "expected \(expected), actual \(actual)" + (result.message.isEmpty ? "" : ": \(result.message)")
    }

    /// `text` holds `value` as a whole word (`0` in "expected 0", not in "57014").
    static func names(_ text: String, _ value: String) -> Bool {
        var searched = text[...]
        while let found = searched.range(of: value) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter == true || before?.isNumber == true), !(after?.isLetter == true || after?.isNumber == true) { return true }
            searched = text[text.index(after: found.lowerBound)...]
        }
        return false
    }

    /// Unique across the report (GitLab keeps only the first of duplicate names).
    package static func testName(_ result: CheckResult) -> String {
        [result.tenant, result.slug, result.check.description].compactMap { $0 }.joined(separator: " ") + " [\(result.arm.rawValue)]"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Report sizes pipeline dashboards take: a name, a message attribute, a body. A multi-megabyte message
    /// is cut, saying how much was left out, so the report stays small enough for GitLab and Jenkins.
    static let maxName = 500
    static let maxMessage = 4_000
    static let maxBody = 16_000

    static func clipped(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + " … (\(text.count - limit) more characters cut)"
    }

    /// Escapes markup and drops characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF).
    package static func escape(_ text: String) -> String {
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

extension CheckResult {
    /// JUnit classname: dotted, so GitLab shows it as the suite and Jenkins splits at the last dot;
    /// `gate.<tenant>.<arm>.<slug>` when the environment has tenants.
    package var classname: String {
        let tail = (slug ?? "status").map { $0 == "." ? "_" : $0 }
        let tenantPart = tenant.map { String($0.map { $0 == "." ? "_" : $0 }) + "." } ?? ""
        return "gate.\(tenantPart)\(arm.rawValue).\(String(tail))"
    }
}
