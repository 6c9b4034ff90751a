import ArgumentParser
import Foundation
import GateKit

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
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
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

    func validate() throws {
        for value in [concurrency, loginTimeout, queryTimeout, httpTimeout].compactMap({ $0 }) where value <= 0 {
            throw ValidationError("timeouts and --concurrency must be positive")
        }
        _ = try parsedArms()
        if let wait, Self.duration(wait) == nil {
            throw ValidationError("--wait '\(wait)' is not a duration; write e.g. 30s, 5m or 1m30s")
        }
    }

    func parsedArms() throws -> Set<Arm> {
        let names = arm.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }
        guard !names.isEmpty else { return [.sentinel, .superset, .db] }
        var arms: Set<Arm> = []
        for name in names {
            switch name {
            case "sentinel", "a": arms.insert(.sentinel)
            case "superset", "b", "render": arms.insert(.superset)
            case "db", "database", "c": arms.insert(.db)
            default: throw ValidationError("unknown arm '\(name)'; use sentinel, superset or db")
            }
        }
        return arms
    }

    static func duration(_ text: String) -> Duration? {
        if let seconds = Double(text) { return .milliseconds(Int(seconds * 1000)) }
        var total = 0.0
        var number = ""
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty else { return nil }
        return .milliseconds(Int(total * 1000))
    }

    /// Load, build the real targets, run. Any error here is a configuration error.
    static func runGate(expectations: String, environment: String, options: GateOptions) async throws -> GateReport {
        let loaded = try ExpectationsLoader.load(path: expectations)
        let spec = try loaded.environment(named: environment)
        let targets = try Gate.realTargets(loaded, spec, options)
        return try await Gate.run(loaded, environment: environment, targets: targets, options: options)
    }

    func run() async throws {
        var options = GateOptions(arms: try parsedArms(), fetchRows: fetch, sentinelWait: wait.flatMap(Self.duration) ?? .zero,
                                  settings: GateSettings(loginTimeoutSeconds: loginTimeout, queryTimeoutSeconds: queryTimeout,
                                                         httpTimeoutSeconds: httpTimeout, concurrency: concurrency))
        options.only = only
        let report: GateReport
        do {
            report = try await Self.runGate(expectations: expectations, environment: env, options: options)
        } catch {
            FileHandle.standardError.write(Data((String(describing: error) + "\n").utf8))
            throw ExitCode(ExitCodes.configuration)
        }
        let console = ConsoleReport.render(report)
        if quiet {
            print(console.components(separatedBy: "\nFAILURES\n").dropFirst().joined().isEmpty
                  ? ConsoleReport.summary(report) : "FAILURES\n" + console.components(separatedBy: "\nFAILURES\n")[1], terminator: "")
        } else {
            print(console, terminator: "")
        }
        do {
            if let junit { try ReportFile.write(JUnitReport.render(report), to: junit) }
            if let json { try ReportFile.write(try JSONReport.render(report), to: json) }
        } catch {
            FileHandle.standardError.write(Data("gate-runner: cannot write the report: \(error.localizedDescription)\n".utf8))
            throw ExitCode(ExitCodes.couldNotRun)
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
                    FileHandle.standardError.write(Data("gate-runner lint: cannot read \(file): no such file, or not UTF-8 text\n".utf8))
                    throw ExitCode(ExitCodes.configuration)
                }
                text = contents
            }
            findings += SQLLint.check(text, file: file == "-" ? "<stdin>" : file)
        }
        for finding in findings { print(finding.description) }
        let errors = findings.filter { $0.severity == .error }.count
        if errors > 0 {
            FileHandle.standardError.write(Data("\(errors) finding(s) in \(files.count) file(s)\n".utf8))
            throw ExitCode(ExitCodes.checkFailed)
        }
    }
}
