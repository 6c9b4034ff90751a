import Foundation

/// How transient failures are retried: exponential backoff with jitter, bounded by attempts and by the
/// current `CallDeadline`. What is transient is the caller's call: a wrong answer is never retried.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (1: no retry).
    public var attempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(5)) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let none = RetryPolicy(attempts: 1)

    /// The pause before attempt `attempt + 1`: base × 2^(attempt-1), capped, with ±50 % jitter so that
    /// many gates retrying at once do not arrive together.
    func delay(after attempt: Int) -> Duration {
        let exponential = baseDelay * (1 << min(attempt - 1, 16))
        let capped = min(exponential, maxDelay)
        return capped * Double.random(in: 0.5...1.5)
    }
}

public enum Retry {
    /// Runs `operation`, retrying while `transient` says the failure is transient (returning the wait the
    /// server asked for, such as Retry-After, or nil for the policy's backoff) and time is left.
    public static func run<T>(_ policy: RetryPolicy, transient: (any Error) -> Duration??,
                              _ operation: (Int) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            TryCounter.current?.record(attempt)
            do {
                return try await operation(attempt)
            } catch {
                guard attempt < policy.attempts, !Task.isCancelled, let asked = transient(error) else { throw error }
                let pause = asked.map { min($0, policy.maxDelay) } ?? policy.delay(after: attempt)
                // No time for the pause and one more try: the failure stands.
                if let deadline = CallDeadline.current, deadline.remaining <= pause { throw error }
                try? await Task.sleep(for: pause)
                attempt += 1
            }
        }
    }
}
