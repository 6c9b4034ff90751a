import Foundation
import Probes

extension Evaluation {
    static func evaluateSentinel(_ observation: SentinelObservation, _ expectation: SentinelExpectation) -> CheckResult {
        let expected = CheckValue.build(module: expectation.module, status: expectation.status, match: expectation.match.rawValue)
        var result = CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: .sentinelStatus, outcome: .passed, expected: expected,
                                 seconds: observation.waited)
        let tries = observation.attempts > 1 ? " after \(observation.attempts) tries over \(String(format: "%.1f", observation.waited)) s" : ""
        switch observation.response {
        case .failure(let failure):
            result.outcome = .error
            result.actual = .failure(failure.code)
            result.message = "GET \(observation.url) failed\(tries): \(failure.message)"
        case .success(let answer):
            let body = String(answer.body.prefix(500))
            result.detail = "HTTP \(answer.status)\n\(body)"
            if answer.status != 200 {
                result.outcome = .failed
                result.actual = .httpAnswer(status: answer.status, body: body)
                result.message = "GET \(observation.url) answered HTTP \(answer.status)\(tries), expected 200 with \(expected); body: \(body)"
            } else if let fields = answer.fields {
                let reported = CheckValue.reportedBuild(module: fields.module, status: fields.status)
                result.actual = reported
                if !(observation.expectationMet ?? expectation.isMet(by: answer)) {
                    result.outcome = .failed
                    result.message = "sentinel at \(observation.url) reports \(reported)\(tries); expected \(expected)"
                }
            } else {
                result.outcome = .failed
                result.actual = .text(body)
                result.message = "sentinel at \(observation.url) did not answer a JSON object with module and status\(tries); body: \(body)"
            }
        }
        return result
    }
}
