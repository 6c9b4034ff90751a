import Dispatch
import Foundation

/// Runs blocking C work (ODBC calls) on a dispatch thread, so it never occupies one of the
/// few cooperative threads Swift concurrency has (two on a two-core machine).
public func onBlockingThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// Like `onBlockingThread`, but answers by `instant` at the latest: a C call that blocks past it (a driver
/// waiting on a silent network) is abandoned on its thread, and `onTimeout` is thrown on time. A task group
/// could not do this: it waits for every child, and a blocked thread does not answer cancellation.
public func onBlockingThread<T: Sendable>(until instant: ContinuousClock.Instant, onTimeout: @escaping @Sendable () -> any Error,
                                          _ body: @escaping @Sendable () throws -> T) async throws -> T {
    let once = ResumeOnce()
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        DispatchQueue.global(qos: .userInitiated).async {
            let result = Result { try body() }
            if once.claim() { continuation.resume(with: result) }
        }
        let delay = max(0, (instant - .now).seconds)
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
            if once.claim() { continuation.resume(throwing: onTimeout()) }
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
