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
        subcommands: [RunCommand.self, LintCommand.self, MergeCommand.self, HistoryCommand.self],
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

/// One line on standard error: diagnostics never mix with the report on standard output.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((Terminal.safe(line) + "\n").utf8))
}
