import Foundation

/// The signal that stopped a run: SIGINT from a person at a terminal, SIGTERM from a cancelled or timed-out CI job.
public enum InterruptSignal: String, Sendable, Codable, Equatable {
    case interrupt = "SIGINT"
    case terminate = "SIGTERM"

    /// 128 + the signal's number, as shells report a process a signal ended.
    public var exitCode: Int32 { self == .interrupt ? ExitCodes.interrupted : ExitCodes.terminated }
}

/// Set by the CLI when a signal arrives; the gate reads it to mark its report, and what runs stops.
/// A class shared between the signal handler and the run: the first signal wins.
package final class RunInterruption: @unchecked Sendable {
    // A lock: the signal handler runs on a Dispatch queue, the run on tasks.
    private let lock = NSLock()
    private var received: InterruptSignal?
    private var actions: [@Sendable () -> Void] = []

    package init() {}

    /// The first signal received, if any.
    package var signal: InterruptSignal? { lock.withLock { received } }

    /// Records `signal`; true when it is the first (the run is to stop), false when one came before (exit now).
    @discardableResult
    package func record(_ signal: InterruptSignal) -> Bool {
        let toRun: [@Sendable () -> Void]? = lock.withLock {
            guard received == nil else { return nil }
            received = signal
            defer { actions = [] }
            return actions
        }
        guard let toRun else { return false }
        toRun.forEach { $0() }
        return true
    }

    /// Runs `action` when the first signal arrives (at once if it has arrived already).
    package func whenInterrupted(_ action: @escaping @Sendable () -> Void) {
        let already: Bool = lock.withLock {
            if received != nil { return true }
            actions.append(action)
            return false
        }
        if already { action() }
    }
}
