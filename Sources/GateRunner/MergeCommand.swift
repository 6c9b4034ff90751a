import ArgumentParser
import Foundation
import GateKit

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the JSON reports of CI shards (--shard I/N) into one JSON and one JUnit report.",
        discussion: "Exits with the code one unsharded run would have given: 0 passed, 1 a check failed, 3 a check could not run; 2 usage.")

    @OptionGroup var output: ReportOptions

    @Argument(help: "The shards' JSON reports.")
    var reports: [String]

    func validate() throws {
        if reports.isEmpty { throw ValidationError("name the shards' JSON reports") }
        // A merged report written over a shard would destroy the input it was made from.
        let inputs = reports.map { GateInput(name: "the shard report", path: $0) }
        if let clash = ReportFile.overwrittenInput(by: output.destinations.paths, inputs: inputs) {
            throw ValidationError("\(clash.report.option) \(clash.report.path) is \(clash.input.name) \(clash.input.path): the merged report would overwrite its input")
        }
    }

    func run() throws {
        var shards: [GateReport] = []
        for path in reports {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("gate-runner merge: cannot read \(path)")
                throw ExitCode(ExitCodes.configuration)
            }
            do {
                shards.append(try JSONReport.parse(data))
            } catch {
                printError("gate-runner merge: \(path) is not a gate JSON report (\(error))")
                throw ExitCode(ExitCodes.configuration)
            }
        }
        let merged: GateReport
        do { merged = try ReportMerge.merge(shards) } catch {
            printError("gate-runner merge: \(error.description)")
            throw ExitCode(ExitCodes.configuration)
        }
        try output.finish(merged, command: "gate-runner merge")
    }
}
