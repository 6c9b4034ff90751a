import ArgumentParser
import Foundation
import GateKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint dataset SQL files (- reads standard input). Exit 0 clean, 1 findings, 2 usage error.",
        discussion: "Rules (an error refuses the query; a warning is printed and fails nothing):\n" + LintRule.helpText)

    @Argument(help: "SQL files or folders (every *.sql below them) to lint, or - for standard input.")
    var files: [String]

    /// Folders are read for their `.sql` files, sorted: a folder of thousands of queries is one argument
    /// (argument-parser's time grows with the square of the argument count).
    static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
            let found = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String }.filter { $0.lowercased().hasSuffix(".sql") } ?? []
            return found.sorted().map { (path as NSString).appendingPathComponent($0) }
        }
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one SQL file, or - for standard input") }
    }

    func run() throws {
        var findings: [Diagnostic] = []
        let files = Self.expand(self.files)
        for file in files {
            // The same reading as the gate's: UTF-8 with or without a BOM, or UTF-16 with a BOM; a FIFO, a device or
            // a file over the cap is refused unread, and standard input is read no further than the cap.
            let cap = SQLLint.defaultMaxQueryBytes
            let read: Result<String, QueryFile.Problem>
            if file == "-" {
                let data = (try? FileHandle.standardInput.read(upToCount: cap + 1)) ?? Data()
                if data.count > cap {
                    printError("gate-runner lint: standard input holds more than max_query_bytes (\(cap) bytes); the gate reads no further")
                    throw ExitCode(ExitCodes.configuration)
                }
                read = QueryFile.text(data)
            } else {
                read = QueryFile.read(file, maxBytes: cap)
            }
            let text: String
            switch read {
            case .success(let value): text = value
            case .failure(let problem):
                printError("gate-runner lint: cannot read \(file == "-" ? "standard input" : file): \(problem.description)")
                throw ExitCode(ExitCodes.configuration)
            }
            findings += SQLLint.check(text, file: file == "-" ? "<stdin>" : file)
        }
        for finding in findings { print(Terminal.safe(finding.description)) }
        let errors = findings.filter { $0.severity == .error }.count
        if errors > 0 {
            printError("\(errors) finding(s) in \(files.count) file(s)")
            throw ExitCode(ExitCodes.checkFailed)
        }
    }
}
