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
        // The expectations name the environments and tenants (and the file, without --history); with --history and no
        // expectations file (a downloaded artifact), the file's own runs say which exist.
        var loaded: (Expectations, EnvironmentSpec)?
        if history == nil || FileManager.default.fileExists(atPath: expectations) {
            do {
                let file = try ExpectationsLoader.load(path: expectations)
                let spec = try file.environment(named: env)
                if let tenant { _ = try file.tenants(of: spec, named: [tenant]) }
                loaded = (file, spec)
            } catch {
                printError(error.description)
                throw ExitCode(ExitCodes.configuration)
            }
        }
        let path: String
        if let history {
            path = history
        } else {
            guard let (file, spec) = loaded, let configured = HistoryStage.path(file, environment: spec, options: HistoryOptions()) else {
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
            if recorded.isEmpty {
                let known = try store.environments()
                if loaded == nil, known[env] == nil {
                    printError("gate-runner history: \(path) has no runs of environment '\(env)'; it has runs of: "
                        + (known.keys.sorted().joined(separator: ", ").nilIfEmpty ?? "none"))
                    throw ExitCode(ExitCodes.configuration)
                }
                if loaded == nil, let tenant, known[env]?.contains(tenant) == false {
                    printError("gate-runner history: \(path) has no runs of tenant '\(tenant)' in '\(env)'; its tenants there: "
                        + ((known[env] ?? []).sorted().joined(separator: ", ").nilIfEmpty ?? "none"))
                    throw ExitCode(ExitCodes.configuration)
                }
            }
            print(HistoryTable.render(recorded, environment: env, tenant: tenant, path: path, slug: slug), terminator: "")
        } catch let error as HistoryError {
            printError("gate-runner history: \(error.description)")
            throw ExitCode(ExitCodes.configuration)
        }
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
