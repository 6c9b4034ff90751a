import Foundation

/// The revision a run deployed, when it can be known: CI systems name it in their variables, and a checkout has a HEAD.
package enum RunRevision {
    package static let variables = ["GATE_REVISION", "GITHUB_SHA", "CI_COMMIT_SHA"]

    package static func current(variables environment: [String: String], folder: String) -> String? {
        for name in variables {
            if let value = environment[name].flatMap(clean) { return value }
        }
        return gitHead(folder: folder).flatMap(clean)
    }

    /// One line of at most 80 characters, or nil when nothing is left: a revision is a label in tables and headers.
    package static func clean(_ text: String) -> String? {
        let line = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
            .trimmingCharacters(in: .whitespaces)
        return line.isEmpty ? nil : String(line.prefix(80))
    }

    /// `git rev-parse HEAD` in the folder, bounded to 2 s; nil without git or a repository.
    static func gitHead(folder: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "rev-parse", "--verify", "--quiet", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
