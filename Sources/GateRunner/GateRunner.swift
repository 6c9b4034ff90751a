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
            3 a check could not run (timeout, unreachable, login refused, driver missing) · \
            130 / 143 interrupted by SIGINT / SIGTERM (reports written whole; a second signal exits at once).
            """,
        version: GateVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, LintCommand.self, MergeCommand.self, HistoryCommand.self, AssetsCommand.self],
        defaultSubcommand: RunCommand.self)

    /// ArgumentParser exits 64 on usage errors; our API says 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exitNow(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // A mistyped required option (`--evn local`) reads to ArgumentParser as a missing `--env`: name the typo.
            if let typo = misspelledRequiredOption(in: Array(CommandLine.arguments.dropFirst()), message: fullMessage(for: error)) {
                printError("Error: unknown option '\(typo.given)'. Did you mean '\(typo.meant)'?")
            }
            printError(fullMessage(for: error))
            Foundation.exit(ExitCodes.configuration)
        }
    }

    /// An argument like `--evn` one or two edits from a required option the error says is missing.
    static func misspelledRequiredOption(in arguments: [String], message: String) -> (given: String, meant: String)? {
        for required in ["--env"] where message.contains("Missing expected argument '\(required)") {
            for argument in arguments where argument.hasPrefix("--") {
                let given = String(argument.prefix { $0 != "=" })
                if given != required, editDistance(given, required) <= 2 { return (given, required) }
            }
        }
        return nil
    }

    /// Levenshtein distance, for option names (a few characters).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

/// Ends the process once its output is flushed, without running exit-time handlers: a database call abandoned at a
/// deadline or by a signal may still be running on a thread of its own, inside a driver whose library (OpenSSL under
/// libpq) would be torn down under it by those handlers, a crash (SIGSEGV) instead of the exit code.
func exitNow(_ code: Int32) -> Never {
    fflush(nil)
    _exit(code)
}

/// One line on standard error: diagnostics never mix with the report on standard output.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((Terminal.safe(line) + "\n").utf8))
}
