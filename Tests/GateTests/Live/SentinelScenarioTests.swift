import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import GateKit
@testable import Probes

/// The real sentinel stub, started on a port of its own so the shared one is never switched under other suites.
@Suite("Sentinel stub scenarios", .serialized, .enabled(if: Env.hasLocalStack, Env.localStackReason))
struct SentinelScenarioTests {

    let expectation: SentinelExpectation
    init() throws { expectation = try #require(try Expectations.repository().sentinel) }

    func sentinel(_ stub: Stub) -> HTTPSentinel {
        // These tests are about answers, not timeouts: room for a loaded machine (the slow-sentinel test sets its own).
        HTTPSentinel(url: stub.base.appendingPathComponent("api/powerfill/status"), http: HTTPClient(timeoutSeconds: 30))
    }

    @Test("the sentinel at an old value fails, showing expected and actual; the expected value passes")
    func oldValue() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["status_code": 200, "body": ["module": "PowerFill", "status": "phase-7-read-apis"]])
        let old = Evaluation.evaluateSentinel(await SentinelArm(sentinel: sentinel(stub), expectation: expectation).observe(), expectation)
        #expect(old.outcome == .failed)
        #expect(old.actual == .reportedBuild(module: "PowerFill", status: "phase-7-read-apis"))
        #expect(old.message.contains("expected PowerFill phase-8-superset-ready (prefix)"))
        try await stub.set(["status_code": 200, "body": ["module": "PowerFill", "status": "phase-8-superset-ready-a54-fixed"]])
        let fixed = Evaluation.evaluateSentinel(await SentinelArm(sentinel: sentinel(stub), expectation: expectation).observe(), expectation)
        #expect(fixed.outcome == .passed, "\(fixed.message)")
    }

    @Test("--wait passes when the stub switches to the expected value before the deadline")
    func waitForRollout() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["status_code": 503, "raw": "rolling out"])
        try await stub.set(["status_code": 200, "body": ["module": "PowerFill", "status": "phase-8-superset-ready"], "after_seconds": 2])
        let observation = await SentinelArm(sentinel: sentinel(stub), expectation: expectation, wait: .seconds(60)).observe()
        let result = Evaluation.evaluateSentinel(observation, expectation)
        #expect(result.outcome == .passed, "\(result.message)")
        #expect(observation.attempts > 1)
        #expect(observation.waited >= 1.5)
    }

    @Test("a sentinel slower than the HTTP timeout is an error, not a hang")
    func slowSentinel() async throws {
        let stub = try Stub()
        try await stub.waitUntilUp()
        try await stub.set(["status_code": 200, "body": ["module": "PowerFill", "status": "phase-8-superset-ready"], "delay_ms": 3000])
        let reader = HTTPSentinel(url: stub.base.appendingPathComponent("api/powerfill/status"), http: HTTPClient(timeoutSeconds: 1))
        let result = Evaluation.evaluateSentinel(await SentinelArm(sentinel: reader, expectation: expectation).observe(), expectation)
        #expect(result.outcome == .error)
        #expect(result.message.contains("did not answer within"))
    }
}
