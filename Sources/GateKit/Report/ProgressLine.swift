import Foundation

/// A progress line on standard error while a run works ("probing · superset 3/8 · database 8/8"), redrawn in
/// place at most ten times a second and erased when the run ends. Only on a terminal: logs and CI get none.
package final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawn = false
    /// Once erased, never drawn again: a late update must not leave a line above the report.
    private var finished = false
    private let write: @Sendable (String) -> Void

    package init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    /// Whether standard error is a terminal (where a redrawn line makes sense).
    package static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The progress to give `GateOptions.progress`: each change redraws the line.
    package func probeProgress() -> ProbeProgress {
        ProbeProgress { [self] state in draw(state) }
    }

    func draw(_ state: ProbeProgress.State) {
        lock.withLock {
            guard !finished else { return }
            let now = Date()
            let complete = state.planned.allSatisfy { state.done[$0.key, default: 0] >= $0.value }
            guard complete || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
            lastDrawn = now
            drawn = true
            // Carriage return and erase-line: the line is replaced, never appended to.
            write("\r\u{1B}[2Kprobing · " + state.line)
        }
    }

    /// Erases the line before the report is printed.
    package func finish() {
        lock.withLock {
            if drawn { write("\r\u{1B}[2K") }
            drawn = false
            finished = true
        }
    }
}
