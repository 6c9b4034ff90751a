import Foundation
import GateKit

/// `GateConsumer [ENVIRONMENT] [EXPECTATIONS] [JUNIT]`: runs the gate on the database and Superset arms and prints the
/// verdict, each problem where it is, and each dashboard's counts; writes JUnit XML when given a path. Exits as
/// `gate-runner` does.
@main
struct GateConsumer {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let environment = arguments.count > 0 ? arguments[0] : "local"
        let expectationsPath = arguments.count > 1 ? arguments[1] : "expectations.yaml"
        let options = GateOptions(arms: [.superset, .db], settings: SettingsOverride(concurrency: 4), history: HistoryOptions(disabled: true))
        do {
            let expectations = try ExpectationsLoader.load(path: expectationsPath)
            let report = try await Gate.run(expectationsPath: expectationsPath, environment: environment, options: options)
            print("\(report.verdict): \(report.count(.passed)) of \(report.results.count) checks passed on \(expectations.dashboards.count) dashboards in \(environment)")
            for problem in report.problems {
                print("  \(problem.outcome): \(problem.place): \(problem.message)")
            }
            for dashboard in expectations.dashboards {
                let counts = report.results.filter { $0.slug?.hasPrefix(dashboard.slug) == true && $0.check.family == .rows }
                    .map { result -> String in
                        // Values, not words: a count is an Int to compare, a failure its code.
                        if case .count(let rows)? = result.actual { return "\(result.arm.title) \(rows)" }
                        return "\(result.arm.title) \(result.actual?.description ?? "-")"
                    }
                print("  \(dashboard.title): expected \(dashboard.rows[environment]?.description ?? "-"), " + counts.joined(separator: ", "))
            }
            if arguments.count > 2 {
                try JUnitReport.render(report).write(toFile: arguments[2], atomically: true, encoding: .utf8)
            }
            exit(report.exitCode)
        } catch let error as ConfigurationError {
            print("configuration error: \(error)")
            exit(ExitCodes.configuration)
        } catch {
            print("could not write the JUnit report: \(error)")
            exit(ExitCodes.couldNotRun)
        }
    }
}
