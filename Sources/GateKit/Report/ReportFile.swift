import Foundation

/// Writes a report so a reader never sees half a file: a temporary file, then a rename.
public enum ReportFile {
    /// Fails now when `path` could not be written later: its folder cannot be made or written.
    public static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder.path])
        }
    }

    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

/// Where a run's files go (`--junit`, `--json`), checked before the run and written after it.
public struct ReportDestinations: Sendable {
    public var junit: String?
    public var json: String?

    public init(junit: String? = nil, json: String? = nil) {
        self.junit = junit
        self.json = json
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write a report to \(path): \(reason)" }
    }

    /// Fails now, before probing, when a report could not be written later, or one would overwrite the other.
    public func checkWritable() throws(WriteError) {
        if let junit, let json, URL(fileURLWithPath: junit).standardizedFileURL == URL(fileURLWithPath: json).standardizedFileURL {
            throw WriteError(path: json, reason: "--junit and --json name the same file: one report would overwrite the other")
        }
        for path in [junit, json].compactMap({ $0 }) {
            do { try ReportFile.checkWritable(path) } catch { throw WriteError(path: path, reason: error.localizedDescription) }
        }
    }

    public func write(_ report: GateReport) throws(WriteError) {
        let renderers: [(String?, () throws -> String)] = [(junit, { JUnitReport.render(report) }), (json, { try JSONReport.render(report) })]
        for (path, render) in renderers {
            guard let path else { continue }
            do { try ReportFile.write(try render(), to: path) } catch { throw WriteError(path: path, reason: error.localizedDescription) }
        }
    }
}
