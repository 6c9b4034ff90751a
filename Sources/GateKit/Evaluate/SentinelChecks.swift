import Foundation
import Probes

extension Evaluation {
    static func evaluateSentinel(_ observation: SentinelObservation, _ expectation: SentinelExpectation) -> CheckResult {
        let expected = "\(expectation.module) \(expectation.status) (\(expectation.match.rawValue))"
        var result = CheckResult(arm: .sentinel, dashboard: "API status sentinel", check: .sentinelStatus, outcome: .passed, expected: expected,
                                 seconds: observation.waited)
        let tries = observation.attempts > 1 ? " after \(observation.attempts) tries over \(String(format: "%.1f", observation.waited)) s" : ""
        switch observation.response {
        case .failure(let failure):
            result.outcome = .error
            result.actual = failure.code.description
            result.message = "GET \(observation.url) failed\(tries): \(failure.message)"
        case .success(let answer):
            let body = String(answer.body.prefix(500))
            result.detail = "HTTP \(answer.status)\n\(body)"
            if answer.status != 200 {
                result.outcome = .failed
                result.actual = "HTTP \(answer.status) \(body)"
                result.message = "GET \(observation.url) answered HTTP \(answer.status)\(tries), expected 200 with \(expected); body: \(body)"
            } else if let fields = answer.fields {
                let module = fields.module ?? "<no module>"
                let status = fields.status ?? "<no status>"
                result.actual = "\(module) \(status)"
                if !(observation.expectationMet ?? expectation.isMet(by: answer)) {
                    result.outcome = .failed
                    result.message = "sentinel at \(observation.url) reports \(module) \(status)\(tries); expected \(expected)"
                }
            } else {
                result.outcome = .failed
                result.actual = body
                result.message = "sentinel at \(observation.url) did not answer a JSON object with module and status\(tries); body: \(body)"
            }
        }
        return result
    }
}
