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

    /// Two paths name the same file when their standardized URLs are equal (`a/./r.json` is `a/r.json`).
    public static func identity(_ path: String) -> URL { URL(fileURLWithPath: path).standardizedFileURL }

    /// An error's cause in words, not Foundation's "error 512" dump.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteFileExists.rawValue { return "a file is in the way" }
        return error.localizedFailureReason ?? error.localizedDescription
    }

    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

/// Where a run's files go (`--junit`, `--json`, `--html`, `--summary`), checked before the run and written after it.
public struct ReportDestinations: Sendable {
    public var junit: String?
    public var json: String?
    public var html: String?
    public var summary: String?

    public init(junit: String? = nil, json: String? = nil, html: String? = nil, summary: String? = nil) {
        self.junit = junit
        self.json = json
        self.html = html
        self.summary = summary
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write a report to \(path): \(reason)" }
    }

    /// Each destination with its option's name and its renderer.
    var reports: [(option: String, path: String, render: (GateReport) throws -> String)] {
        let all: [(String, String?, (GateReport) throws -> String)] = [
            ("--junit", junit, { JUnitReport.render($0) }), ("--json", json, { try JSONReport.render($0) }),
            ("--html", html, { HTMLReport.render($0) }), ("--summary", summary, { MarkdownSummary.render($0) }),
        ]
        return all.compactMap { option, path, render in path.map { (option, $0, render) } }
    }

    /// The files the reports go to.
    public var paths: [String] { reports.map(\.path) }

    /// Fails now, before probing, when a report could not be written later, or one would overwrite another.
    public func checkWritable() throws(WriteError) {
        var seen: [URL: String] = [:]
        for report in reports {
            let url = ReportFile.identity(report.path)
            if let other = seen[url] {
                throw WriteError(path: report.path, reason: "\(other) and \(report.option) name the same file: one report would overwrite the other")
            }
            seen[url] = report.option
        }
        for report in reports {
            if report.path.trimmingCharacters(in: .whitespaces).isEmpty {
                throw WriteError(path: "''", reason: "\(report.option) is empty: was the variable it came from (e.g. GITHUB_STEP_SUMMARY) unset?")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: report.path, isDirectory: &isFolder), isFolder.boolValue {
                throw WriteError(path: report.path, reason: "\(report.option) names a folder; name a file in it")
            }
            do { try ReportFile.checkWritable(report.path) } catch {
                throw WriteError(path: report.path, reason: "its folder cannot be made or written (\(ReportFile.reason(error)))")
            }
        }
    }

    public func write(_ report: GateReport) throws(WriteError) {
        for destination in reports {
            do { try ReportFile.write(try destination.render(report), to: destination.path) } catch {
                throw WriteError(path: destination.path, reason: ReportFile.reason(error))
            }
        }
    }
}
