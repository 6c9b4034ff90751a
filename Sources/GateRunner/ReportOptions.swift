import ArgumentParser
import Foundation
import GateKit

/// The outputs `run` and `merge` share: where the reports go, how much the console shows, and the exit code.
struct ReportOptions: ParsableArguments {
    @Option(name: .long, help: "Write a JUnit XML report here (- for standard output; the console then goes to standard error).")
    var junit: String?

    @Option(name: .long, help: "Write a JSON report here (- for standard output; the console then goes to standard error).")
    var json: String?

    @Option(name: .long, help: "Write a self-contained HTML report here (no network, scripts or fonts; - for standard output).")
    var html: String?

    @Option(name: .long, help: "Write a Markdown job summary here, e.g. \"$GITHUB_STEP_SUMMARY\" (replaced, not appended to; - for standard output).")
    var summary: String?

    @Flag(name: .long, help: "Print only failures and the summary line.")
    var quiet = false

    @Option(name: .long, help: "Colour the console: auto (a terminal without NO_COLOR), always (a CI log that renders ANSI), never.")
    var color: ColorMode = .auto

    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    var destinations: ReportDestinations { ReportDestinations(junit: junit, json: json, html: html, summary: summary) }

    func validate() throws {
        // A report that cannot be written must stop the run before it probes, not hide its result after.
        do { try destinations.checkWritable() } catch { throw ValidationError(error.description) }
    }

    /// Prints the report, writes its files and ends with its exit code.
    func finish(_ report: GateReport, command: String) throws -> Never {
        // A report on standard output (`-`, /dev/stdout) owns it: the console goes to standard error, so the report parses.
        let consoleOnStandardError = destinations.writesStandardOutput
        let console = consoleOnStandardError ? STDERR_FILENO : STDOUT_FILENO
        var size = winsize()
        let width = ioctl(console, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : nil
        var style = ConsoleReport.Style.forStandardOutput(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(console) == 1,
                                                          terminalWidth: width)
        if color != .auto { style.colour = color == .always }
        let text = quiet ? ConsoleReport.renderFailures(report, style: style) : ConsoleReport.render(report, style: style)
        if consoleOnStandardError {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            print(text, terminator: "")
        }
        if let problem = report.history?.problem, !consoleOnStandardError {
            // Also on standard error, where a CI log shows it even with the report redirected; the verdict stands.
            printError("\(command): \(problem); the verdict stands")
        }
        do {
            try destinations.write(report)
        } catch {
            printError("\(command): \(error.description)")
            // A failed gate stays a failed gate; a passing one cannot claim success without its report.
            throw ExitCode(report.exitCode == ExitCodes.passed ? ExitCodes.couldNotRun : report.exitCode)
        }
        throw ExitCode(report.exitCode)
    }
}
