import Foundation
import Probes

extension Evaluation {
    /// Superset's count equals the database's; the result says where each arm counted, so a dataset
    /// pointed at another tenant's database is visible even when the two counts happen to agree.
    static func evaluateAgreement(_ dashboard: PlannedDashboard, superset: SupersetObservation?, database: DatabaseObservation?) -> CheckResult? {
        guard case .success(let viaSuperset)? = superset?.count, case .success(let viaDatabase)? = database?.count else { return nil }
        let datasets = (try? superset?.datasets?.get()) ?? []
        let supersetDatabase = datasets.count == 1 ? datasets[0].databaseName.map { "Superset database '\($0)'" } : nil
        let databaseLabel = database?.databaseLabel
        var result = CheckResult(arm: .agreement, slug: dashboard.slug, dashboard: dashboard.title, check: .agreement,
                                 outcome: .passed, expected: .countedBy(viaDatabase, arm: .db), actual: .countedBy(viaSuperset, arm: .superset))
        result.detail = "superset counted in \(supersetDatabase ?? "its dataset's database"); the database arm in \(databaseLabel ?? "its ODBC database")"
        if viaSuperset != viaDatabase {
            result.outcome = .failed
            result.message = "\(dashboard.title): Superset counted \(viaSuperset) rows but the database counted \(viaDatabase) ("
                + (result.detail ?? "") + ")"
        }
        return result
    }
}
