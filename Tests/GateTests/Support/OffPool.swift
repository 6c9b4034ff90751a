import Dispatch
import Testing

/// Runs a test's work on threads of its own, not on Swift's cooperative pool. On a 2-core machine the pool has two
/// threads: a synchronous test that blocks on a driver (ODBC) or computes for seconds (hostile texts, fuzzing) holds one
/// of them for its whole run, and two such tests starve every async test for as long (seconds-long "no hang" bounds
/// then fail for time the test never had). The suites that do such work carry `.offPool`.
struct OffPoolTrait: TestTrait, SuiteTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(OffPoolExecutor.shared) { try await function() }
    }
}

extension Trait where Self == OffPoolTrait {
    /// The test (or every test of the suite) runs off the cooperative pool.
    static var offPool: Self { OffPoolTrait() }
}

/// A task executor on one thread of its own (a serial dispatch queue): blocked or busy jobs here never hold the
/// cooperative pool's threads, and they take their turns one at a time, so they never outnumber the pool for the
/// machine's cores either (a concurrent queue, one thread per waiting test case, starved the pool worse).
final class OffPoolExecutor: TaskExecutor {
    static let shared = OffPoolExecutor()
    private let queue = DispatchQueue(label: "gate.tests.off-pool")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
