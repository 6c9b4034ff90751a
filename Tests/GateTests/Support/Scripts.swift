import Foundation
import Testing
@testable import Probes

/// The stack's ci/ scripts, run from tests.
enum Scripts {
    /// Runs a ci/ script, and expects it to succeed; its output and errors.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let finished = try await Processes.run(Repo.path("ci/\(name)"), arguments, input: input)
        #expect(finished.status == 0, "ci/\(name) \(arguments.joined(separator: " ")) failed: \(finished.text)")
        return finished.text
    }
}
