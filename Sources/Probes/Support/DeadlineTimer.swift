import Foundation

/// Fires deadlines from one thread of its own. A timer that is a task waits for a free cooperative thread
/// (two on a two-core machine) and a Dispatch timer for a free worker: on a busy machine either fired
/// seconds late. A dedicated thread only waits for the kernel's scheduler.
public final class DeadlineTimer: @unchecked Sendable {
    public static let shared = DeadlineTimer()

    /// A scheduled action; cancel it when the work it bounds ends first.
    public struct Token: Sendable, Hashable {
        fileprivate let id: UInt64
    }

    private struct Entry {
        var instant: ContinuousClock.Instant
        let action: @Sendable () -> Void
    }

    // NSCondition: the timer thread sleeps until the earliest instant or until the schedule changes.
    private let condition = NSCondition()
    private var entries: [UInt64: Entry] = [:]
    private var nextID: UInt64 = 0
    private var started = false

    private init() {}

    /// Runs `action` on the timer's thread at `instant` (at once if it has passed), unless cancelled first.
    /// Actions must be short: they resume a continuation or cancel a task, nothing more.
    @discardableResult
    public func schedule(at instant: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> Token {
        condition.lock()
        defer { condition.unlock() }
        if !started {
            started = true
            let thread = Thread { [unowned self] in self.loop() }
            thread.name = "gate.deadline-timer"
            thread.qualityOfService = .userInteractive
            thread.start()
        }
        nextID += 1
        entries[nextID] = Entry(instant: instant, action: action)
        condition.signal()
        return Token(id: nextID)
    }

    /// Moves a scheduled action to another instant; false when it has fired or was cancelled.
    @discardableResult
    public func reschedule(_ token: Token, to instant: ContinuousClock.Instant) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard entries[token.id] != nil else { return false }
        entries[token.id]?.instant = instant
        condition.signal()
        return true
    }

    /// Drops a scheduled action; false when it has already fired.
    @discardableResult
    public func cancel(_ token: Token) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return entries.removeValue(forKey: token.id) != nil
    }

    private func loop() {
        condition.lock()
        while true {
            guard let (id, earliest) = entries.min(by: { $0.value.instant < $1.value.instant }).map({ ($0.key, $0.value) }) else {
                condition.wait()
                continue
            }
            let now = ContinuousClock.now
            if earliest.instant <= now {
                entries.removeValue(forKey: id)
                condition.unlock()
                earliest.action()
                condition.lock()
            } else {
                // NSCondition waits on the wall clock: convert the interval, and look again when woken.
                _ = condition.wait(until: Date(timeIntervalSinceNow: (earliest.instant - now).seconds))
            }
        }
    }
}
