import Foundation
import Testing
@testable import Probes

/// When a deadline fires on a busy machine. These assert an order and loose bounds, never a tight time:
/// CI is a loaded two-core machine.
@Suite("Deadlines on a busy machine")
struct DeadlineTests {
    struct Late: Error {}

    /// Instants recorded from any thread.
    final class Stamps: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: ContinuousClock.Instant] = [:]
        func mark(_ name: String) { lock.withLock { values[name] = values[name] ?? .now } }
        subscript(_ name: String) -> ContinuousClock.Instant? { lock.withLock { values[name] } }
    }

    /// Spins on every cooperative thread (more tasks than cores, none yielding) until `end`.
    static func saturateCooperativePool(until end: ContinuousClock.Instant) -> [Task<Void, Never>] {
        (0..<max(8, 4 * ProcessInfo.processInfo.activeProcessorCount)).map { _ in
            Task.detached(priority: .high) {
                var spins = 0
                while ContinuousClock.now < end { spins &+= 1 }
                _ = spins
            }
        }
    }

    @Test("a blocked call is abandoned at its deadline with the cooperative pool saturated and 24 blocking threads busy: the timeout comes before the call returns, within 1 s of the deadline")
    func blockedCallAbandonedUnderLoad() async throws {
        let stamps = Stamps()
        // Many other blocked calls at once (a stuck driver on every connection).
        let blockers = Task.detached {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<24 { group.addTask { _ = try? await onBlockingThread { Thread.sleep(forTimeInterval: 3); return 0 } } }
            }
        }
        // The deadline is set from the call's own thread once it runs: a test run that keeps the pool busy may start
        // the call late, and that is not the timer's lateness.
        let deadlines = Deadlines()
        let call = Task.detached {
            try await onBlockingThread(deadline: BlockingDeadline(.now + .seconds(3600)), onTimeout: { stamps.mark("timed out"); return Late() }) { deadline in
                let instant = ContinuousClock.now + .milliseconds(800)
                deadlines.set(instant)
                deadline.move(to: instant)
                stamps.mark("started")
                Thread.sleep(forTimeInterval: 20)
                stamps.mark("returned")
                return 1
            }
        }
        while stamps["started"] == nil { try await Task.sleep(for: .milliseconds(10)) }
        let deadline = try #require(deadlines.value)
        // The pool is taken from now until 2 s past the deadline: a timer that needs it fires 2 s late.
        let hogs = Self.saturateCooperativePool(until: max(deadline, .now) + .seconds(2))
        await #expect(throws: Late.self) { try await call.value }
        for hog in hogs { await hog.value }
        blockers.cancel()
        let timedOut = try #require(stamps["timed out"], "the deadline fired")
        #expect(stamps["returned"] == nil || timedOut < stamps["returned"]!, "the timeout arrived before the blocked call returned")
        #expect(timedOut - deadline < .seconds(1), "fired \(timedOut - deadline) after the deadline, with the pool busy")
        #expect(timedOut >= deadline, "never before the deadline")
    }

    final class Deadlines: @unchecked Sendable {
        private let lock = NSLock()
        private var instant: ContinuousClock.Instant?
        func set(_ value: ContinuousClock.Instant) { lock.withLock { instant = value } }
        var value: ContinuousClock.Instant? { lock.withLock { instant } }
    }

    @Test("a call that ends first gets its own answer, and its timer is dropped")
    func answerBeforeDeadline() async throws {
        let stamps = Stamps()
        let value = try await onBlockingThread(until: .now + .seconds(10), onTimeout: { stamps.mark("timed out"); return Late() }) { 42 }
        #expect(value == 42)
        try await Task.sleep(for: .milliseconds(50))
        #expect(stamps["timed out"] == nil)
    }

    @Test("a call may move its deadline as it goes (connected: now the query's timeout counts), later or earlier")
    func movedDeadline() async throws {
        let stamps = Stamps()
        // Moved later: a body slower than the first deadline but within the moved one answers.
        let later = try await onBlockingThread(deadline: BlockingDeadline(.now + .milliseconds(300)), onTimeout: { Late() }) { deadline in
            deadline.move(to: .now + .seconds(30))
            Thread.sleep(forTimeInterval: 0.6)
            return "answered"
        }
        #expect(later == "answered")
        // Moved earlier: the timeout comes before the body returns.
        let start = ContinuousClock.now
        await #expect(throws: Late.self) {
            try await onBlockingThread(deadline: BlockingDeadline(.now + .seconds(60)), onTimeout: { stamps.mark("timed out"); return Late() }) { deadline in
                deadline.move(to: .now + .milliseconds(100))
                Thread.sleep(forTimeInterval: 20)
                stamps.mark("returned")
                return "late"
            }
        }
        let timedOut = try #require(stamps["timed out"])
        #expect(stamps["returned"] == nil || timedOut < stamps["returned"]!)
        _ = start
    }

    @Test("a cancelled caller (an interrupted run) gets CancellationError before the blocked call returns")
    func cancelledCaller() async throws {
        let stamps = Stamps()
        let call = Task.detached {
            try await onBlockingThread(until: .now + .seconds(60), onTimeout: { Late() }) {
                stamps.mark("started")
                // Long enough that a test run keeping the pool busy for seconds still cancels first.
                Thread.sleep(forTimeInterval: 20)
                stamps.mark("returned")
                return 1
            }
        }
        while stamps["started"] == nil { try await Task.sleep(for: .milliseconds(10)) }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(stamps["returned"] == nil, "answered before the blocked call returned")
    }

    @Test("the timer thread keeps many deadlines in order: each fires once, none early")
    func manyDeadlines() async throws {
        let stamps = Stamps()
        let start = ContinuousClock.now
        var tokens: [DeadlineTimer.Token] = []
        for index in 0..<50 {
            tokens.append(DeadlineTimer.shared.schedule(at: start + .milliseconds(20 * (50 - index))) { stamps.mark("\(index)") })
        }
        // Every odd one cancelled: it must never fire.
        for index in stride(from: 1, to: 50, by: 2) { #expect(DeadlineTimer.shared.cancel(tokens[index])) }
        try await Task.sleep(until: start + .seconds(1) + .milliseconds(500), clock: .continuous)
        for index in 0..<50 {
            if index.isMultiple(of: 2) {
                let fired = try #require(stamps["\(index)"], "deadline \(index) fired")
                #expect(fired >= start + .milliseconds(20 * (50 - index)))
            } else {
                #expect(stamps["\(index)"] == nil, "cancelled deadline \(index) never fires")
            }
        }
    }
}
