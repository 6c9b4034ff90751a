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
            printError(fullMessage(for: error))
            Foundation.exit(ExitCodes.configuration)
        }
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
