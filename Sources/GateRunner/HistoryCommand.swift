import ArgumentParser
import Foundation
import GateKit

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print the row counts of an environment's recent runs from the run history. Exit 0, or 2 when it cannot be read.")

    @Option(name: .long, help: "Environment, e.g. local or staging.")
    var env: String

    @Option(name: .long, help: "One dashboard (slug as the run reported it): a row per run, a column per count.")
    var slug: String?

    @Option(name: .long, help: "Only this tenant's counts.")
    var tenant: String?

    @Option(name: .long, help: "The history file (default: the expectations' history.path).")
    var history: String?

    @Option(name: .long, help: "The expectations file, for its history.path.")
    var expectations: String = "expectations.yaml"

    @Option(name: .long, help: "How many recent runs (default 10).", transform: ArgumentValues.runs)
    var runs: Int = 10

    func run() throws {
        let path: String
        if let history {
            path = history
        } else {
            let spec: EnvironmentSpec
            let loaded: Expectations
            do {
                loaded = try ExpectationsLoader.load(path: expectations)
                spec = try loaded.environment(named: env)
            } catch {
                printError(error.description)
                throw ExitCode(ExitCodes.configuration)
            }
            guard let configured = HistoryStage.path(loaded, environment: spec, options: HistoryOptions()) else {
                printError("gate-runner history: no history file: pass --history PATH, or set history.path in \(expectations)")
                throw ExitCode(ExitCodes.configuration)
            }
            path = configured
        }
        guard FileManager.default.fileExists(atPath: path) else {
            printError("gate-runner history: \(path) does not exist; a run with --history \(path) creates it")
            throw ExitCode(ExitCodes.configuration)
        }
        do {
            let store = try HistoryStore(path: path, readOnly: true)
            let recorded = try store.runs(environment: env, tenant: tenant, slug: slug, limit: runs)
            print(HistoryTable.render(recorded, environment: env, path: path, slug: slug), terminator: "")
        } catch {
            printError("gate-runner history: \(error.description)")
            throw ExitCode(ExitCodes.configuration)
        }
    }
}
