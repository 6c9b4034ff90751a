import Probes

/// A counting semaphore for async tasks: at most `limit` holders at once.
package actor AsyncLimiter {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []
    package nonisolated let limit: Int

    package init(limit: Int) {
        self.limit = max(1, limit)
        available = max(1, limit)
    }

    package func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    package func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    package func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        await acquire()
        let value = await body()
        release()
        return value
    }
}

/// Maps concurrently and keeps the input order.
func concurrentMap<Element: Sendable, Value: Sendable>(_ items: [Element], _ transform: @escaping @Sendable (Element) async -> Value) async -> [Value] {
    await withTaskGroup(of: (Int, Value).self) { group in
        for (index, item) in items.enumerated() {
            group.addTask { (index, await transform(item)) }
        }
        var values = [Value?](repeating: nil, count: items.count)
        for await (index, value) in group { values[index] = value }
        return values.map { $0! }
    }
}

/// Runs `body` and returns its value with its wall time in seconds.
func measured<T: Sendable>(_ body: () async -> T) async -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = await body()
    return (value, (clock.now - start).seconds)
}

/// Runs `body` and turns a thrown error into a `ProbeFailure` value.
func capture<T: Sendable>(_ body: () async throws -> T) async -> Result<T, ProbeFailure> {
    do { return .success(try await body()) } catch {
        // Whatever a call threw once the run was stopped (a cancelled request, a timer cut short), the cause is the stop.
        return .failure(Task.isCancelled ? ProbeFailure.interrupted : ProbeFailure(error))
    }
}

/// Runs one check's calls under the check's own deadline (within the run's), counts the tries of its calls
/// (the most any one of them took), and sums their service time (without time queued for a slot).
func asCheck<T: Sendable>(timeoutSeconds: Int?, _ body: () async -> T) async -> (value: T, tries: Int, serviceSeconds: Double) {
    let counter = TryCounter()
    let service = ServiceTime()
    let value = await ServiceTime.$current.withValue(service) {
        await TryCounter.$current.withValue(counter) { () async -> T in
            guard let timeoutSeconds else { return await body() }
            return await CallDeadline.within(CallDeadline(seconds: Double(timeoutSeconds), reason: "the check deadline (\(timeoutSeconds) s)"), body)
        }
    }
    return (value, counter.tries, service.seconds)
}
