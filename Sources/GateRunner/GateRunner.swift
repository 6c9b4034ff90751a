import ArgumentParser
import Foundation
import GateKit
import Logging

/// Thin CLI: parse, call GateKit, map the outcome to an exit code (see README, "Exit codes").
@main
struct GateRunner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate-runner",
        abstract: "Deploy-verification gate for BI dashboards: sentinel, Superset render, database probe.",
        discussion: """
            Exit codes: 0 all checks passed · 1 a check failed · 2 usage or configuration error · \
            3 a check could not run (timeout, unreachable, login refused, driver missing).
            """,
        subcommands: [Run.self, Lint.self],
        defaultSubcommand: Run.self)

    /// ArgumentParser exits 64 on usage errors; our API says 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                exit(withError: error)
            }
            printError(fullMessage(for: error))
            Foundation.exit(ExitCodes.configuration)
        }
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gate against an environment and report (the default command).")

    @Option(name: .long, help: "Environment from the expectations file, e.g. local or staging.")
    var env: String

    @Option(name: .long, help: "The expectations file.")
    var expectations: String = "expectations.yaml"

    @Option(name: .long, parsing: .upToNextOption, help: "Arms to run: sentinel, superset, db (default: all).")
    var arm: [String] = []

    @Option(name: .long, help: "Check only this dashboard (slug); repeatable.")
    var only: [String] = []

    @Option(name: .long, help: "Write a JUnit XML report here.")
    var junit: String?

    @Option(name: .long, help: "Write a JSON report here.")
    var json: String?

    @Flag(name: .long, help: "Also stream every row of each query, sqlcmd-style, and report rows and seconds.")
    var fetch = false

    @Option(name: .long, help: "Poll the sentinel until it matches or this much time passes (e.g. 90s, 5m).")
    var wait: String?

    @Option(name: .long, help: "How many checks run at once within an arm.")
    var concurrency: Int?

    @Option(name: .customLong("login-timeout"), help: "Database login timeout, seconds.")
    var loginTimeout: Int?

    @Option(name: .customLong("query-timeout"), help: "Query timeout, seconds.")
    var queryTimeout: Int?

    @Option(name: .customLong("http-timeout"), help: "HTTP request timeout, seconds.")
    var httpTimeout: Int?

    @Flag(name: .long, help: "Print only failures and the summary line.")
    var quiet = false

    @Flag(name: .long, help: "Log every probe call with its timing to standard error (never secrets).")
    var verbose = false

    func validate() throws {
        for value in [concurrency, loginTimeout, queryTimeout, httpTimeout].compactMap({ $0 }) where value <= 0 {
            throw ValidationError("timeouts and --concurrency must be positive")
        }
        _ = try parsedArms()
        if let wait, CommandLineValues.duration(wait) == nil {
            throw ValidationError("--wait '\(wait)' is not a duration of at most a day; write e.g. 30s, 5m or 1m30s")
        }
        // A report that cannot be written must stop the run before it probes, not hide its result after.
        for path in [junit, json].compactMap({ $0 }) {
            do {
                try ReportFile.checkWritable(path)
            } catch {
                throw ValidationError("cannot write a report to \(path): \(error.localizedDescription)")
            }
        }
    }

    func parsedArms() throws -> Set<Arm> {
        do { return try CommandLineValues.arms(arm) } catch { throw ValidationError(error.description) }
    }

    /// Load, build the real targets, run. Any error here is a configuration error.
    static func runGate(expectations: String, environment: String, options: GateOptions) async throws -> GateReport {
        let loaded = try ExpectationsLoader.load(path: expectations)
        let spec = try loaded.environment(named: environment)
        let targets = try Gate.realTargets(loaded, spec, options)
        return try await Gate.run(loaded, environment: environment, targets: targets, options: options)
    }

    func run() async throws {
        // Before any Logger exists: a logger keeps the handler it was made with.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
        var options = GateOptions(arms: try parsedArms(), fetchRows: fetch, sentinelWait: wait.flatMap(CommandLineValues.duration) ?? .zero,
                                  settings: GateSettings(loginTimeoutSeconds: loginTimeout, queryTimeoutSeconds: queryTimeout,
                                                         httpTimeoutSeconds: httpTimeout, concurrency: concurrency))
        options.only = only
        options.logger = Logger(label: "gate")
        let report: GateReport
        do {
            report = try await Self.runGate(expectations: expectations, environment: env, options: options)
        } catch {
            printError(String(describing: error))
            throw ExitCode(ExitCodes.configuration)
        }
        print(quiet ? ConsoleReport.renderFailures(report) : ConsoleReport.render(report), terminator: "")
        for (path, render) in [(junit, { JUnitReport.render(report) }), (json, { try JSONReport.render(report) })] as [(String?, () throws -> String)] {
            guard let path else { continue }
            do {
                try ReportFile.write(try render(), to: path)
            } catch {
                printError("gate-runner: cannot write the report \(path): \(error.localizedDescription)")
                // A failed gate stays a failed gate; a passing one cannot claim success without its report.
                throw ExitCode(report.exitCode == ExitCodes.passed ? ExitCodes.couldNotRun : report.exitCode)
            }
        }
        throw ExitCode(report.exitCode)
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint dataset SQL files (- reads standard input). Exit 0 clean, 1 findings, 2 usage error.",
        discussion: "Rules: " + SQLLint.rules.joined(separator: ", "))

    @Argument(help: "SQL files to lint, or - for standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one SQL file, or - for standard input") }
    }

    func run() throws {
        var findings: [Diagnostic] = []
        for file in files {
            let text: String
            if file == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                    printError("gate-runner lint: cannot read \(file): no such file, or not UTF-8 text")
                    throw ExitCode(ExitCodes.configuration)
                }
                text = contents
            }
            findings += SQLLint.check(text, file: file == "-" ? "<stdin>" : file)
        }
        for finding in findings { print(finding.description) }
        let errors = findings.filter { $0.severity == .error }.count
        if errors > 0 {
            printError("\(errors) finding(s) in \(files.count) file(s)")
            throw ExitCode(ExitCodes.checkFailed)
        }
    }
}

/// One line on standard error: diagnostics never mix with the report on standard output.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
