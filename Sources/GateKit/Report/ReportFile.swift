import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report's bytes go, decided by what its path names when it is written.
package enum ReportTarget: Sendable, Equatable {
    /// `-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: the gate's own standard output.
    case standardOutput
    /// `/dev/stderr`, `/dev/fd/2`, `/proc/self/fd/2`.
    case standardError
    /// A FIFO, a character device (`/dev/null`, a terminal) or another open descriptor (`/dev/fd/N`): opened for
    /// writing and written, never truncated, replaced or renamed.
    case writeThrough(String)
    /// A regular file or a new path (after following symbolic links): a temporary file in the same folder, then a
    /// rename, so a reader never sees half a report.
    case replace(String)
}

/// A report's file, or one of the gate's inputs, as the file system knows it: two paths are the same file when they
/// reach the same device and inode (through any links), or, for a file not made yet, the same resolved path.
package enum FileIdentity: Sendable, Hashable {
    case standardOutput
    case standardError
    case inode(device: UInt64, inode: UInt64)
    case path(String)
}

/// A file the gate reads, which no report may overwrite.
package struct GateInput: Sendable, Equatable {
    /// What it is, in words: "the expectations file", "the run history".
    package var name: String
    package var path: String

    package init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}

/// A report's path with the option that named it.
package struct ReportPath: Sendable, Equatable {
    package var option: String
    package var path: String

    package init(option: String, path: String) {
        self.option = option
        self.path = path
    }
}

/// Writes reports without harming what their paths name: a regular file is replaced atomically (a reader never sees
/// half a file), a symbolic link is followed and stays a link, a FIFO or device is written through, and `-` or
/// `/dev/stdout` is the gate's standard output.
package enum ReportFile {
    /// A path that cannot take a report, in words.
    package struct Problem: Error, CustomStringConvertible {
        package let reason: String
        package var description: String { reason }
    }

    /// How long a report waits for a reader to open a FIFO (opening one with no reader would wait forever).
    static let fifoReaderWaitSeconds: Double = 5
    /// Links followed before giving up, as the kernel's own limit.
    static let maximumLinks = 40

    /// What `path` names, following symbolic links (each relative to the folder it is in).
    package static func target(for path: String) throws(Problem) -> ReportTarget {
        if path == "-" { return .standardOutput }
        var current = path
        for _ in 0..<maximumLinks {
            switch descriptor(named: current) {
            case 1?: return .standardOutput
            case 2?: return .standardError
            case .some: return .writeThrough(current)
            case nil: break
            }
            var info = stat()
            guard lstat(current, &info) == 0 else {
                let error = errno
                // Nothing there yet: a new file (its folder is made when it is written).
                if error == ENOENT { return .replace(current) }
                throw Problem(reason: String(cString: strerror(error)))
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                guard let destination = readLink(current) else { throw Problem(reason: "its symbolic link cannot be read") }
                let folder = (current as NSString).deletingLastPathComponent
                current = destination.hasPrefix("/") || folder.isEmpty ? destination : folder + "/" + destination
            case S_IFREG: return .replace(current)
            case S_IFDIR: throw Problem(reason: "it is a folder; name a file in it")
            case S_IFIFO, S_IFCHR: return .writeThrough(current)
            case S_IFBLK: throw Problem(reason: "it is a block device (a disk), not a file a report may be written to")
            default: throw Problem(reason: "it is a socket, not a file a report may be written to")
            }
        }
        throw Problem(reason: "more than \(maximumLinks) symbolic links in a row (a loop?)")
    }

    /// The descriptor a path names by number (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, `/proc/<this pid>/fd/N`),
    /// or -1 for another process's descriptor (written through by its path), or nil.
    static func descriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdin": return 0
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 3, parts[parts.count - 2] == "fd", let number = Int32(parts[parts.count - 1]) else { return nil }
        let owner = parts.dropLast(2)
        if owner.elementsEqual(["dev"]) || owner.elementsEqual(["proc", "self"]) || owner.elementsEqual(["proc", "thread-self"])
            || owner.elementsEqual(["proc", String(getpid())]) { return number }
        if owner.count == 2, owner.first == "proc", Int32(owner.last!) != nil { return -1 }
        return nil
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with every symbolic link resolved, also when its last parts do not exist yet (`a/./r.json` is `a/r.json`).
    package static func resolvedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parent = (absolute as NSString).deletingLastPathComponent
        guard parent != absolute, !parent.isEmpty else { return absolute }
        let resolvedParent = resolvedPath(parent)
        switch (absolute as NSString).lastPathComponent {
        case "", ".": return resolvedParent
        case "..": return (resolvedParent as NSString).deletingLastPathComponent
        case let name: return (resolvedParent == "/" ? "" : resolvedParent) + "/" + name
        }
    }

    /// The file `path` names, through links: its device and inode when it exists, else its resolved path.
    package static func identity(_ path: String) -> FileIdentity {
        let named: String
        switch try? target(for: path) {
        case .standardOutput?: return .standardOutput
        case .standardError?: return .standardError
        case .writeThrough(let found)?, .replace(let found)?: named = found
        case nil: named = path
        }
        var info = stat()
        if stat(named, &info) == 0 { return .inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) }
        return .path(resolvedPath(named))
    }

    /// Whether two paths name one file (see `FileIdentity`).
    package static func sameFile(_ one: String, _ other: String) -> Bool { identity(one) == identity(other) }

    /// The first report that would overwrite one of the gate's inputs, with that input.
    package static func overwrittenInput(by reports: [ReportPath], inputs: [GateInput]) -> (report: ReportPath, input: GateInput)? {
        let inputIdentities = inputs.map { (input: $0, identity: identity($0.path)) }
        for report in reports {
            let reportIdentity = identity(report.path)
            if let clash = inputIdentities.first(where: { $0.identity == reportIdentity }) { return (report, clash.input) }
        }
        return nil
    }

    /// Fails now when `path` could not be written later: its folder cannot be made or written.
    package static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder.path])
        }
    }

    /// An error's cause in words, not Foundation's "error 512" dump.
    static func reason(_ error: any Error) -> String {
        if let problem = error as? Problem { return problem.reason }
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteFileExists.rawValue { return "a file is in the way" }
        return error.localizedFailureReason ?? error.localizedDescription
    }

    package static func write(_ text: String, to path: String) throws {
        let bytes = Array(text.utf8)
        switch try target(for: path) {
        case .standardOutput:
            // What `print` buffered goes first.
            fflush(nil)
            try writeAll(bytes, to: STDOUT_FILENO)
        case .standardError:
            fflush(nil)
            try writeAll(bytes, to: STDERR_FILENO)
        case .writeThrough(let found): try writeThrough(bytes, to: found)
        case .replace(let found): try replace(bytes, at: found)
        }
    }

    /// Opens `path` for writing (no truncation: a device or FIFO has nothing to truncate) and writes it all.
    static func writeThrough(_ bytes: [UInt8], to path: String) throws {
        // Non-blocking open: a FIFO with no reader fails (ENXIO) instead of waiting forever; tried again for a while.
        let deadline = Date().addingTimeInterval(fifoReaderWaitSeconds)
        var descriptor: Int32
        while true {
            descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
            let error = errno
            if descriptor >= 0 { break }
            if error == EINTR { continue }
            if error == ENXIO, Date() < deadline {
                usleep(20_000)
                continue
            }
            throw Problem(reason: error == ENXIO ? "no process opened the FIFO for reading within \(Int(fifoReaderWaitSeconds)) s"
                                                 : String(cString: strerror(error)))
        }
        defer { close(descriptor) }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        try writeAll(bytes, to: descriptor)
    }

    /// A temporary file beside `path`, then a rename over it: a reader sees the old report or the new, never half.
    /// An existing file keeps its permissions.
    static func replace(_ bytes: [UInt8], at path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        var existing = stat()
        let keepMode: mode_t? = stat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG ? existing.st_mode & 0o7777 : nil
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(UUID().uuidString.prefix(8)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Problem(reason: String(cString: strerror(errno))) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor)
            if let keepMode { fchmod(descriptor, keepMode) }
        }
        guard rename(temporary, path) == 0 else { throw Problem(reason: String(cString: strerror(errno))) }
        renamed = true
    }

    /// Writes every byte, across short writes and interrupted calls. A reader that went away (a FIFO's, a pipe's on
    /// standard output) is an error, EPIPE, not SIGPIPE ending the gate before its other reports are written.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            // A SIGPIPE raised meanwhile waits on this thread: taken here, or unblocking would deliver it.
            var pending = sigset_t()
            if sigpending(&pending) == 0, sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        try writeAllBytes(bytes, to: descriptor)
    }

    /// How long a reader may take nothing before the report to it is given up: a FIFO or pipe whose reader stalls
    /// must not hold the gate (and its other reports) forever.
    static let stalledReaderSeconds = 10.0

    /// Waits until the descriptor takes more (at most `stalledReaderSeconds`), then writes at most what a pipe
    /// takes without blocking (PIPE_BUF): a reader that stops reading ends the report, never the gate.
    private static func writeAllBytes(_ bytes: [UInt8], to descriptor: Int32) throws {
        #if canImport(Glibc)
        let systemWrite = Glibc.write
        #else
        let systemWrite = Darwin.write
        #endif
        var offset = 0
        while offset < bytes.count {
            var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            let polled = poll(&ready, 1, Int32(stalledReaderSeconds * 1000))
            if polled == 0 {
                throw Problem(reason: "its reader took nothing for \(Int(stalledReaderSeconds)) s (\(offset) of \(bytes.count) bytes written)")
            }
            if polled < 0, errno != EINTR { throw Problem(reason: String(cString: strerror(errno))) }
            let chunk = min(bytes.count - offset, Int(PIPE_BUF))
            let written = bytes[offset..<(offset + chunk)].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written >= 0 {
                offset += written
                continue
            }
            let error = errno
            if error == EINTR || error == EAGAIN { continue }
            if error == EPIPE { throw Problem(reason: "its reader closed it before the report was written") }
            throw Problem(reason: String(cString: strerror(error)))
        }
    }
}

/// Where a run's files go (`--junit`, `--json`, `--html`, `--summary`), checked before the run and written after it.
package struct ReportDestinations: Sendable {
    package var junit: String?
    package var json: String?
    package var html: String?
    package var summary: String?

    package init(junit: String? = nil, json: String? = nil, html: String? = nil, summary: String? = nil) {
        self.junit = junit
        self.json = json
        self.html = html
        self.summary = summary
    }

    package struct WriteError: Error, CustomStringConvertible {
        package let path: String
        package let reason: String
        /// Further reports that could not be written either.
        package var others: [WriteError] = []
        package var description: String {
            ([self] + others).map { "cannot write a report to \($0.path): \($0.reason)" }.joined(separator: "; ")
        }
    }

    /// Each destination with its option's name and its renderer.
    var reports: [(option: String, path: String, render: (GateReport) throws -> String)] {
        let all: [(String, String?, (GateReport) throws -> String)] = [
            ("--junit", junit, { JUnitReport.render($0) }), ("--json", json, { try JSONReport.render($0) }),
            ("--html", html, { HTMLReport.render($0) }), ("--summary", summary, { MarkdownSummary.render($0) }),
        ]
        return all.compactMap { option, path, render in path.map { (option, $0, render) } }
    }

    /// The files the reports go to, each with its option.
    package var paths: [ReportPath] { reports.map { ReportPath(option: $0.option, path: $0.path) } }

    /// Whether a report goes to standard output (`-`, `/dev/stdout`): the console then goes to standard error.
    package var writesStandardOutput: Bool { reports.contains { (try? ReportFile.target(for: $0.path)) == .standardOutput } }

    /// Fails now, before probing, when a report could not be written later, or one would overwrite another.
    package func checkWritable() throws(WriteError) {
        var seen: [FileIdentity: String] = [:]
        for report in reports {
            let identity = ReportFile.identity(report.path)
            if let other = seen[identity] {
                let what = identity == .standardOutput ? "standard output" : identity == .standardError ? "standard error" : "the same file"
                throw WriteError(path: report.path, reason: "\(other) and \(report.option) name \(what): one report would overwrite the other")
            }
            seen[identity] = report.option
        }
        for report in reports {
            if report.path.trimmingCharacters(in: .whitespaces).isEmpty {
                throw WriteError(path: "''", reason: "\(report.option) is empty: was the variable it came from (e.g. GITHUB_STEP_SUMMARY) unset?")
            }
            let target: ReportTarget
            do { target = try ReportFile.target(for: report.path) } catch {
                let reason = error.reason.hasPrefix("it is a folder") ? "\(report.option) names a folder; name a file in it" : "\(report.option): \(error.reason)"
                throw WriteError(path: report.path, reason: reason)
            }
            switch target {
            case .standardOutput, .standardError: break
            case .writeThrough(let found):
                if access(found, W_OK) != 0 {
                    throw WriteError(path: report.path, reason: "\(report.option) cannot be opened for writing (\(String(cString: strerror(errno))))")
                }
            case .replace(let found):
                do { try ReportFile.checkWritable(found) } catch {
                    throw WriteError(path: report.path, reason: "its folder cannot be made or written (\(ReportFile.reason(error)))")
                }
            }
        }
    }

    /// Writes every report; one that cannot be written (a FIFO nobody reads, a full disk) never keeps the others
    /// from being written. The failures are thrown together at the end.
    package func write(_ report: GateReport) throws(WriteError) {
        var failures: [WriteError] = []
        for destination in reports {
            do { try ReportFile.write(try destination.render(report), to: destination.path) } catch {
                failures.append(WriteError(path: destination.path, reason: ReportFile.reason(error)))
            }
        }
        guard var first = failures.first else { return }
        first.others = Array(failures.dropFirst())
        throw first
    }
}
