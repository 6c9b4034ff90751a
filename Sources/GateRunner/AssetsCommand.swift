import ArgumentParser
import Foundation
import GateKit

/// `gate-runner assets diff`: the deployed definitions against the repository's bundle, and nothing else.
struct AssetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets",
        abstract: "Compare what is deployed in Superset with the repository's assets bundle (assets: in the expectations).",
        subcommands: [Diff.self, Export.self])

    /// Which dashboards of which environment, from which expectations file: both subcommands' first options.
    struct Target: ParsableArguments {
        @Option(name: .long, help: "Environment from the expectations file, e.g. local or staging.")
        var env: String

        @Option(name: .long, help: "The expectations file.")
        var expectations: String = "expectations.yaml"

        @Option(name: .long, help: "Only this dashboard (slug); repeatable.")
        var only: [String] = []
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the deployed state of the expected dashboards as an unzipped export bundle (replacing the folder).",
            discussion: """
                Read-only: one lookup per dashboard and GET /api/v1/dashboard/export/, which a role with export rights may \
                call. Exit 0 written, 2 usage or configuration, 3 Superset could not be asked or answered no bundle.
                """)

        @OptionGroup var target: Target

        @Option(name: .long, help: "The folder to write (replaced whole), e.g. assets/powerfill.")
        var to: String

        func run() async throws {
            let plan: GatePlan
            let targets: GateTargets
            do {
                let options = GateOptions(arms: [.superset], only: target.only)
                plan = try GatePlan(try Gate.load(expectationsPath: target.expectations, options: options), environment: target.env, options: options)
                targets = try TargetFactory.targets(for: plan)
            } catch {
                printError(error.description)
                throw ExitCode(ExitCodes.configuration)
            }
            guard let superset = targets.superset else {
                printError("\(target.expectations): error: environment '\(target.env)' names no Superset to export from")
                throw ExitCode(ExitCodes.configuration)
            }
            do {
                let written = try await AssetExport.write(plan, from: superset, to: to)
                print("exported \(written.dashboards) dashboards, \(written.files) files, to \(Terminal.safe(to))")
            } catch {
                printError(error.description)
                throw ExitCode(ExitCodes.couldNotRun)
            }
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print only how the deployed dashboards, charts and datasets differ from the bundle, by field.",
            discussion: """
                Read-only: the Superset arm's calls, with its timeouts. Exit 0 no difference a viewer gets (presentation \
                differences are listed), 1 some, 2 usage or configuration (or no assets: to compare with), 3 Superset \
                could not be asked.
                """)

        @OptionGroup var target: Target

        @Option(name: .long, help: "Only this tenant of the environment (repeatable); default: all its tenants.")
        var tenant: [String] = []

        func run() async throws {
            var options = GateOptions(arms: [.superset], only: target.only)
            options.tenants = tenant
            options.history = HistoryOptions(disabled: true)
            let bundle: String
            let report: GateReport
            do {
                let expectations = try Gate.load(expectationsPath: target.expectations, options: options)
                guard let named = expectations.assets else {
                    printError("\(target.expectations): error: it names no assets bundle, so there is nothing to compare\n"
                        + "  hint: add assets: FOLDER (Superset's export, unzipped; gate-runner assets export writes one)")
                    throw ExitCode(ExitCodes.configuration)
                }
                bundle = named
                report = try await Gate.run(expectations, expectationsPath: target.expectations, environment: target.env, options: options)
            } catch let error as ConfigurationError {
                printError(error.description)
                throw ExitCode(ExitCodes.configuration)
            }
            let (text, code) = DefinitionDiff.render(report, bundle: bundle)
            print(Terminal.safe(text), terminator: "")
            throw ExitCode(code)
        }
    }
}
