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
/// is `DeadlineTimer`'s own thread: neither a busy cooperative pool nor blocked threads can delay it.
/// Cancelling the caller (an interrupted run) answers at once with `CancellationError`.
public func onBlockingThread<T: Sendable>(until instant: ContinuousClock.Instant, onTimeout: @escaping @Sendable () -> any Error,
                                          _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await onBlockingThread(deadline: BlockingDeadline(instant), onTimeout: onTimeout) { _ in try body() }
}

/// The deadline of one blocking call, which the call may move as it goes (a connection made: now the
/// query's own timeout counts). Moving it never races the timer: whichever comes first wins.
public final class BlockingDeadline: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: ContinuousClock.Instant
    private var token: DeadlineTimer.Token?

    public init(_ instant: ContinuousClock.Instant) { self.instant = instant }

    public var current: ContinuousClock.Instant { lock.withLock { instant } }

    /// From now on the call must end by `instant`.
    public func move(to instant: ContinuousClock.Instant) {
        lock.withLock {
            self.instant = instant
            if let token { DeadlineTimer.shared.reschedule(token, to: instant) }
        }
    }

    fileprivate func arm(_ action: @escaping @Sendable () -> Void) {
        lock.withLock { token = DeadlineTimer.shared.schedule(at: instant, action) }
    }

    fileprivate func disarm() {
        lock.withLock { if let token { DeadlineTimer.shared.cancel(token) } }
    }
}

/// `onBlockingThread(until:)` with a deadline the body can move.
public func onBlockingThread<T: Sendable>(deadline: BlockingDeadline, onTimeout: @escaping @Sendable () -> any Error,
                                          _ body: @escaping @Sendable (BlockingDeadline) throws -> T) async throws -> T {
    let once = ResumeOnce()
    let box = ContinuationBox<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            box.set(continuation)
            deadline.arm {
                if once.claim() { box.resume(throwing: onTimeout()) }
            }
            Thread.detachNewThread {
                let result = Result { try body(deadline) }
                if once.claim() {
                    deadline.disarm()
                    box.resume(with: result)
                }
            }
        }
    } onCancel: {
        if once.claim() {
            deadline.disarm()
            box.resume(throwing: CancellationError())
        }
    }
}

/// Holds a continuation for racers that may try to resume it before it is stored (cancellation can come first).
private final class ContinuationBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var early: Result<T, any Error>?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        let pending: Result<T, any Error>? = lock.withLock {
            if let early { return early }
            self.continuation = continuation
            return nil
        }
        if let pending { continuation.resume(with: pending) }
    }

    func resume(with result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = lock.withLock {
            guard let continuation else {
                early = result
                return nil
            }
            self.continuation = nil
            return continuation
        }
        waiting?.resume(with: result)
    }

    func resume(throwing error: any Error) { resume(with: .failure(error)) }
}

/// Lets exactly one of two racers resume a continuation.
private final class ResumeOnce: @unchecked Sendable {
    // A lock: the racers are the body's thread, the deadline timer's thread and a cancellation handler, not tasks.
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
