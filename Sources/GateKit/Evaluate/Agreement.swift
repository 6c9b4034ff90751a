import Foundation
import Probes

extension Evaluation {
    static func evaluateAgreement(_ dashboard: DashboardExpectation, superset: Result<Int, ProbeFailure>?, database: Result<Int, ProbeFailure>?) -> CheckResult? {
        guard case .success(let viaSuperset)? = superset, case .success(let viaDatabase)? = database else { return nil }
        var result = CheckResult(arm: .agreement, slug: dashboard.slug, dashboard: dashboard.title, check: .agreement,
                                 outcome: .passed, expected: "\(viaDatabase) (database)", actual: "\(viaSuperset) (superset)")
        if viaSuperset != viaDatabase {
            result.outcome = .failed
            result.message = "\(dashboard.title): Superset counted \(viaSuperset) rows but the database counted \(viaDatabase)"
        }
        return result
    }
}
