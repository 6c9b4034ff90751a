import Foundation
import Testing
@testable import Probes

/// Headless Chromium from Debian's packages (ci/install-packages installs it): renders a page as a viewer's browser does.
enum Browser {
    static let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Rendering: Sendable {
        /// The DOM after loading, serialized.
        let dom: String
        /// What the page wrote to its console, CSP violations included (Chromium logs them as CONSOLE lines).
        let consoleMessages: [String]
        /// The screenshot, a PNG.
        let png: Data
    }

    /// Renders a page given as text, from a temporary file.
    static func render(html: String) async throws -> Rendering {
        let folder = try TemporaryFolder.make("gate-html")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html").path
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        return try await render(page)
    }

    /// Loads `file` twice (Chromium takes one of --dump-dom and --screenshot per run), each bounded to 60 s.
    static func render(_ file: String, width: Int = 1280, height: Int = 2000) async throws -> Rendering {
        let chromium = try #require(binary, "headless Chromium is missing: run ci/install-packages (Debian package chromium)")
        let folder = try TemporaryFolder.make("gate-browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                      "--user-data-dir=\(folder.path)/profile", "--window-size=\(width),\(height)"]
        let url = URL(fileURLWithPath: file).absoluteString
        let (dom, domLog) = try await onBlockingThread { try run(chromium, common + ["--dump-dom", url]) }
        let png = folder.appendingPathComponent("page.png").path
        let (_, shotLog) = try await onBlockingThread { try run(chromium, common + ["--screenshot=\(png)", url]) }
        let messages = (domLog + "\n" + shotLog).split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Rendering(dom: dom, consoleMessages: messages, png: (try? Data(contentsOf: URL(fileURLWithPath: png))) ?? Data())
    }

    /// Runs a process, killed after 60 s; returns its standard output and standard error.
    static func run(_ executable: String, _ arguments: [String]) throws -> (String, String) {
        let finished = try Processes.runBlocking(executable, arguments, timeoutSeconds: 60)
        return (finished.output, finished.errors)
    }
}
