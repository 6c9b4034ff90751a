import Foundation
@testable import Probes

/// The tests' one way to run a process to its end: arguments, standard input, extra variables and a folder, bounded
/// in time. Its output and errors go to files, so neither can fill a pipe and stall it; it is killed at the bound.
enum Processes {
    struct Finished: Sendable {
        let status: Int32
        let output: String
        let errors: String
        /// Output and errors, as a terminal would show them one after the other.
        var text: String { output + errors }
    }

    /// Runs off the cooperative thread pool (waiting on a process blocks its thread).
    static func run(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    folder: String? = nil, timeoutSeconds: Double = 300) async throws -> Finished {
        try await onBlockingThread {
            try runBlocking(executable, arguments, input: input, environment: environment, folder: folder, timeoutSeconds: timeoutSeconds)
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                            folder: String? = nil, timeoutSeconds: Double = 300) throws -> Finished {
        let files = try TemporaryFolder.make("gate-process")
        defer { try? FileManager.default.removeItem(at: files) }
        let out = files.appendingPathComponent("out"), err = files.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()
        if let input, let inputPipe {
            // From its own thread: a process that stops reading early must not hold this one.
            Thread.detachNewThread {
                try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
                try? inputPipe.fileHandleForWriting.close()
            }
        }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, output: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                        errors: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

/// A new, empty folder under the system's temporary folder, named `<prefix>-<UUID>`.
enum TemporaryFolder {
    static func make(_ prefix: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
