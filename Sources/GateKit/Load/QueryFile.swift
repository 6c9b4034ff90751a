import Foundation
import Probes

/// Query files as editors save them: UTF-8 (with or without a BOM) or UTF-16 with a BOM (SSMS).
/// The gate and `gate-runner lint` read them the same way.
package enum QueryFile {
    /// Why a query file was not read: each names what to do.
    package enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case missing
        /// A FIFO, a device, a folder or a socket: reading it could block forever or never end.
        case notAFile(kind: String)
        case tooLarge(bytes: Int, cap: Int)
        case unreadable(reason: String)
        /// Neither UTF-8 nor UTF-16 with a BOM.
        case notText
        /// A NUL byte: a binary file, not SQL.
        case binary(offset: Int)
        /// Outside the expectations file's folder, after symlinks and `..` are resolved.
        case outsideFolder(resolved: String, folder: String)
        case deadlinePassed(CallDeadlineReason)

        package var description: String {
            switch self {
            case .missing: return "there is no file at that path"
            case .notAFile(let kind): return "it is \(kind), not a regular file; the gate does not read it"
            case .tooLarge(let bytes, let cap): return "it is \(bytes) bytes, over max_query_bytes (\(cap)); the gate does not read it"
            case .unreadable(let reason): return "it cannot be read: \(reason)"
            case .notText: return "it is not text (UTF-8, or UTF-16 with a BOM)"
            case .binary(let offset): return "it holds a NUL byte (at byte \(offset)): a binary file, not SQL"
            case .outsideFolder(let resolved, let folder): return "it resolves to \(resolved), outside the expectations file's folder \(folder)"
            case .deadlinePassed(let reason): return "\(reason.text) passed while the expectations were loading, before this file was read"
            }
        }

        package var hint: String {
            switch self {
            case .missing: return "paths are relative to the expectations file's folder"
            case .notAFile, .binary, .notText: return "point 'query' at the dataset's .sql file"
            case .tooLarge: return "make the query smaller, or raise max_query_bytes in the file's settings"
            case .unreadable: return "check the file's permissions"
            case .outsideFolder: return "keep query files under the expectations file's folder, or set allow_queries_outside: true at the top of the file"
            case .deadlinePassed: return "raise --deadline (run_deadline_seconds), or find what makes loading slow"
            }
        }
    }

    /// A deadline's reason, as `Problem` carries it (CallDeadline itself is not Equatable).
    package struct CallDeadlineReason: Sendable, Equatable {
        package let text: String
    }

    /// What the loader allows of a query file.
    package struct Rules: Sendable, Equatable {
        package var maxBytes: Int
        /// Whether a path may lead outside the expectations file's folder (`allow_queries_outside: true`).
        package var allowOutsideFolder: Bool

        package init(maxBytes: Int = Settings.defaults.maxQueryBytes, allowOutsideFolder: Bool = false) {
            self.maxBytes = maxBytes
            self.allowOutsideFolder = allowOutsideFolder
        }
    }

    /// The file's text, or nil when it is missing, unreadable, not text in one of those encodings, not a regular
    /// file or over the default cap.
    package static func read(_ path: String) -> String? {
        try? read(path, maxBytes: Settings.defaults.maxQueryBytes).get()
    }

    /// A query file written `written` in the expectations file `expectationsFile`: confined to that file's folder
    /// unless `rules` allow more, looked at before it is read, and read only when it is a regular file under the cap.
    package static func load(_ written: String, besideFile expectationsFile: String, rules: Rules) -> Result<String, Problem> {
        if let deadline = CallDeadline.current, ContinuousClock.now >= deadline.instant {
            return .failure(.deadlinePassed(CallDeadlineReason(text: deadline.reason)))
        }
        let path = Expectations.resolve(written, besideFile: expectationsFile)
        guard !rules.allowOutsideFolder else { return read(path, maxBytes: rules.maxBytes) }
        let folder = resolvedPath(URL(fileURLWithPath: expectationsFile).deletingLastPathComponent().path)
        // A missing file is reported as missing; a symlink or `..` out of the folder as outside it.
        guard FileManager.default.fileExists(atPath: path) else { return .failure(.missing) }
        let resolved = resolvedPath(path)
        guard resolved.hasPrefix(folder == "/" ? "/" : folder + "/") else {
            return .failure(.outsideFolder(resolved: resolved, folder: folder))
        }
        // The resolved path is what was checked: a link swapped in between is not followed out of the folder.
        return read(resolved, maxBytes: rules.maxBytes)
    }

    /// The path with every symlink and `..` resolved (realpath(3)); the path as given when that fails.
    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Stats the file first: a FIFO, a device or a folder is refused without being opened, a file over `maxBytes`
    /// without being read (a sparse file of a gigabyte would otherwise be read whole). Then at most `maxBytes + 1`
    /// bytes are read, in case the file grew in between.
    package static func read(_ path: String, maxBytes: Int) -> Result<String, Problem> {
        var status = stat()
        guard stat(path, &status) == 0 else {
            return .failure(errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(reason: String(cString: strerror(errno))))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFIFO: return .failure(.notAFile(kind: "a FIFO (named pipe)"))
        case S_IFCHR, S_IFBLK: return .failure(.notAFile(kind: "a device"))
        case S_IFDIR: return .failure(.notAFile(kind: "a folder"))
        case S_IFSOCK: return .failure(.notAFile(kind: "a socket"))
        default: return .failure(.notAFile(kind: "not a regular file"))
        }
        guard Int(status.st_size) <= maxBytes else { return .failure(.tooLarge(bytes: Int(status.st_size), cap: maxBytes)) }
        // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, opening it does not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var opened = stat()
        guard fstat(descriptor, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else { return .failure(.notAFile(kind: "not a regular file")) }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            return .failure(.unreadable(reason: error.localizedDescription))
        }
        guard data.count <= maxBytes else { return .failure(.tooLarge(bytes: data.count, cap: maxBytes)) }
        return text(data)
    }

    /// The text of a query file's bytes, or why they are not SQL text.
    package static func text(_ data: Data) -> Result<String, Problem> {
        let isUTF16 = data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF])
        // UTF-16 holds NUL bytes in every ASCII character; its NUL characters are found by the lint.
        if !isUTF16, let nul = data.firstIndex(of: 0) { return .failure(.binary(offset: nul - data.startIndex)) }
        guard let text = decode(data) else { return .failure(.notText) }
        return .success(text)
    }

    package static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xFF, 0xFE]) { return String(data: data, encoding: .utf16LittleEndian).map { String($0.drop { $0 == "\u{FEFF}" }) } }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(data: data, encoding: .utf16BigEndian).map { String($0.drop { $0 == "\u{FEFF}" }) } }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(data: data.dropFirst(3), encoding: .utf8) }
        return String(data: data, encoding: .utf8)
    }
}
