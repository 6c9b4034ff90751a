import Dispatch
import Foundation

/// Runs blocking work (ODBC calls, waiting on a process) on a thread of its own, so it never occupies one of
/// the few cooperative threads Swift concurrency has (two on a two-core machine), nor Dispatch's shared pool,
/// which blocked calls could exhaust.
public func onBlockingThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// Like `onBlockingThread`, but answers by `instant` at the latest: a C call that blocks past it (a driver
/// waiting on a silent network) is abandoned on its thread, and `onTimeout` is thrown on time. A task group
/// could not do this: it waits for every child, and a blocked thread does not answer cancellation. The timer
/// is a task, not a Dispatch block: blocked threads cannot starve it.
public func onBlockingThread<T: Sendable>(until instant: ContinuousClock.Instant, onTimeout: @escaping @Sendable () -> any Error,
                                          _ body: @escaping @Sendable () throws -> T) async throws -> T {
    let once = ResumeOnce()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let timer = Task {
            try? await Task.sleep(until: instant, clock: .continuous)
            if !Task.isCancelled, once.claim() { continuation.resume(throwing: onTimeout()) }
        }
        Thread.detachNewThread {
            let result = Result { try body() }
            if once.claim() {
                timer.cancel()
                continuation.resume(with: result)
            }
        }
    }
}

/// Lets exactly one of two racers resume a continuation.
private final class ResumeOnce: @unchecked Sendable {
    // A lock: the racers are Dispatch blocks, not tasks.
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}

extension Duration {
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    public var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
