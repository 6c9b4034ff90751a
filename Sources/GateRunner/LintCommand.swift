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
            // The same reading as the gate's: UTF-8 with or without a BOM, or UTF-16 with a BOM.
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data, let text = QueryFile.decode(data) else {
                printError("gate-runner lint: cannot read \(file): no such file, or not text (UTF-8, or UTF-16 with a BOM)")
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
