import Foundation

/// The latest instant any call may run to, and what set it: the run's `--deadline` or a check's own.
/// The gate sets it around its stages (a task-local value, inherited by every child task); every HTTP and
/// ODBC call bounds itself by the earlier of its own timeout and this, so nothing outlives the run.
public struct CallDeadline: Sendable, CustomStringConvertible {
    public let instant: ContinuousClock.Instant
    /// What set it, for messages: "the run deadline (300 s)".
    public let reason: String

    public init(instant: ContinuousClock.Instant, reason: String) {
        self.instant = instant
        self.reason = reason
    }

    public init(seconds: Double, reason: String) {
        self.init(instant: .now + .milliseconds(Int((seconds * 1000).rounded())), reason: reason)
    }

    @TaskLocal public static var current: CallDeadline?

    public var description: String { reason }

    public var remaining: Duration { instant - .now }

    /// Runs `body` under the earlier of the current deadline and this one.
    public static func within<T>(_ deadline: CallDeadline, _ body: () async throws -> T) async rethrows -> T {
        let effective = current.map { $0.instant <= deadline.instant ? $0 : deadline } ?? deadline
        return try await $current.withValue(effective, operation: body)
    }

    /// For a call with its own `timeout`: the instant it must end by, and the scope deadline when that is the earlier.
    public static func bound(timeout: Duration) -> (instant: ContinuousClock.Instant, scope: CallDeadline?) {
        let own = ContinuousClock.now + timeout
        guard let current, current.instant < own else { return (own, nil) }
        return (current.instant, current)
    }
}

/// A call ran out of time: its own timeout, or the run's or the check's deadline.
public struct DeadlineExceeded: Error, Sendable, CustomStringConvertible {
    public let call: String
    public let waited: Duration
    /// Set when the run's or the check's deadline cut the call short.
    public let scope: CallDeadline?
    public let timeout: Duration

    public init(call: String, waited: Duration, scope: CallDeadline?, timeout: Duration) {
        self.call = call
        self.waited = waited
        self.scope = scope
        self.timeout = timeout
    }

    public var description: String {
        let seconds = String(format: "%.1f", waited.seconds)
        if let scope {
            return waited < .milliseconds(50) ? "\(scope.reason) had passed before \(call) could start"
                : "\(scope.reason) passed during \(call), after \(seconds) s"
        }
        return "\(call) did not finish within its timeout of \(String(format: "%.0f", timeout.seconds)) s (the whole call, not per byte)"
    }
}

/// Races `body` against `instant`: the body is cancelled when the instant passes, and `onTimeout` is thrown.
public func withDeadline<T: Sendable>(_ instant: ContinuousClock.Instant, onTimeout: @escaping @Sendable () -> any Error,
                                      _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try? await Task.sleep(until: instant, clock: .continuous)
            return nil
        }
        defer { group.cancelAll() }
        for try await value in group {
            if let value { return value }
            throw onTimeout()
        }
        throw CancellationError()
    }
}
