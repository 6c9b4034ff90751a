import Foundation
import Testing
@testable import Probes

/// The stack's ci/ scripts, run from tests.
enum Scripts {
    /// Runs a ci/ script off the cooperative thread pool (it blocks), and expects it to succeed.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let (status, text) = try await onBlockingThread { try runScript(name, arguments, input: input) }
        #expect(status == 0, "ci/\(name) \(arguments.joined(separator: " ")) failed: \(text)")
        return text
    }

    static func runScript(_ name: String, _ arguments: [String], input: String?) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repo.path("ci/\(name)"))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
