import Dispatch
import Foundation
import GateKit

/// SIGINT and SIGTERM during a run. The first stops probing: calls in flight end as "interrupted", every report
/// asked for is written whole, the history records the run as interrupted, and the process exits 130 or 143.
/// A second signal exits at once (after erasing the progress line), for a person who will not wait.
final class SignalTrap: @unchecked Sendable {
    let interruption = RunInterruption()
    private var sources: [DispatchSourceSignal] = []
    /// Run before an immediate exit: the terminal is left clean.
    private let restoreTerminal: @Sendable () -> Void

    private init(restoreTerminal: @escaping @Sendable () -> Void) {
        self.restoreTerminal = restoreTerminal
    }

    /// Takes SIGINT and SIGTERM from their default action (an immediate exit that writes nothing).
    static func install(restoreTerminal: @escaping @Sendable () -> Void) -> SignalTrap {
        let trap = SignalTrap(restoreTerminal: restoreTerminal)
        for (number, signal) in [(SIGINT, InterruptSignal.interrupt), (SIGTERM, InterruptSignal.terminate)] {
            // Ignored as a signal, seen as an event: a Dispatch source reads it outside the signal handler's limits.
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInteractive))
            source.setEventHandler { [trap] in trap.received(signal) }
            source.resume()
            trap.sources.append(source)
        }
        return trap
    }

    private func received(_ signal: InterruptSignal) {
        guard !interruption.record(signal) else {
            // The progress line goes first: the message must not be written onto it.
            restoreTerminal()
            printError("gate-runner: \(signal.rawValue): stopping the run and writing the reports (send it again to exit at once)")
            return
        }
        restoreTerminal()
        _exit(interruption.signal?.exitCode ?? signal.exitCode)
    }
}
