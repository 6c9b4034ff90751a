import Foundation

/// Counts the tries of the calls within one check (a task-local box the arms set per check).
public final class TryCounter: @unchecked Sendable {
    // A lock, not an actor: retries read and bump it from synchronous code paths too.
    private let lock = NSLock()
    private var value = 1
    public init() {}
    @TaskLocal public static var current: TryCounter?
    /// The most tries any one call of the check took.
    public var tries: Int { lock.withLock { value } }
    func record(_ attempt: Int) { lock.withLock { value = max(value, attempt) } }
}
