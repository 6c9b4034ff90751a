import Foundation
import Logging
import Probes

/// Arm (a): the API's status sentinel, polled with backoff until it matches or the deadline passes.
package struct SentinelArm: Sendable {
    package let sentinel: any SentinelReading
    package let expectation: SentinelExpectation
    /// How long to keep polling for the expected status (0: one try).
    package let wait: Duration
    let logger: Logger

    package init(sentinel: any SentinelReading, expectation: SentinelExpectation, wait: Duration = .zero,
                logger: Logger = Logger(label: "gate.sentinel")) {
        self.sentinel = sentinel
        self.expectation = expectation
        self.wait = wait
        self.logger = logger
    }

    package func observe() async -> SentinelObservation {
        let clock = ContinuousClock()
        let start = clock.now
        // Never past the run's deadline: the other arms still need their time.
        let deadline = min(start + wait, CallDeadline.current?.instant ?? start + wait)
        var attempts = 0
        var delay = Duration.milliseconds(250)
        while true {
            let sentinel = self.sentinel
            var answer: Result<SentinelAnswer, ProbeFailure>
            // Each poll's own retries (a refused connection, a timeout, a 5xx) are tries too: the report counts them all.
            let tries = TryCounter()
            if wait > .zero {
                // Polling: no try may run past the --wait deadline by more than one backoff step.
                let bound = CallDeadline(instant: max(deadline, clock.now) + delay,
                                         reason: "the --wait deadline (\(String(format: "%g", wait.seconds)) s, plus one backoff step)")
                answer = await TryCounter.$current.withValue(tries) { await CallDeadline.within(bound) { await capture { try await sentinel.read() } } }
            } else {
                answer = await TryCounter.$current.withValue(tries) { await capture { try await sentinel.read() } }
            }
            attempts += tries.tries
            // Judged on what the sentinel said: a secret that happens to equal part of the build ("ready") must not
            // change the verdict. Then masked whole, before anything cuts it: a secret cut in two would escape the mask.
            let met: Bool
            if case .success(let value) = answer { met = expectation.isMet(by: value) } else { met = false }
            answer = answer.map { SentinelAnswer(status: $0.status, body: Secrets.maskInScope($0.body)) }
            var observation = SentinelObservation(url: sentinel.displayURL, response: answer, attempts: attempts, waited: (clock.now - start).seconds)
            observation.expectationMet = met
            switch answer {
            case .success(let value): logger.debug("sentinel try \(attempts): HTTP \(value.status) \(value.body.prefix(120))")
            case .failure(let failure): logger.debug("sentinel try \(attempts): \(failure.code)")
            }
            if met { return observation }
            // Stopped while still waiting for the expected build: interrupted, not a wrong build.
            if Task.isCancelled {
                return SentinelObservation(url: observation.url, response: .failure(.interrupted), attempts: attempts, waited: observation.waited)
            }
            let remaining = deadline - clock.now
            guard remaining > .zero else { return observation }
            try? await Task.sleep(for: min(delay, remaining))
            delay = min(delay * 2, .seconds(5))
        }
    }
}

extension SentinelExpectation {
    /// HTTP 200 with a JSON object whose module is the expected one and whose status matches.
    package func isMet(by answer: SentinelAnswer) -> Bool {
        guard answer.status == 200, let fields = answer.fields, let status = fields.status else { return false }
        return fields.module == module && statusMatches(status)
    }
}
