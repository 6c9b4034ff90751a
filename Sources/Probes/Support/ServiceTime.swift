import Foundation

/// The time one check spent in its calls: from the first byte sent to the last received, summed over its
/// calls, without the time it waited for a free slot or between retries. Set per check, like `TryCounter`.
public final class ServiceTime: @unchecked Sendable {
    // A lock, not an actor: calls add to it from blocking threads too.
    private let lock = NSLock()
    private var total = Duration.zero
    public init() {}
    @TaskLocal public static var current: ServiceTime?
    public var seconds: Double { lock.withLock { total.seconds } }
    public func add(_ duration: Duration) { lock.withLock { total += duration } }

    /// Runs one call and adds its duration to the current check's service time.
    public static func measure<T>(_ call: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { current?.add(.now - start) }
        return try await call()
    }
}
