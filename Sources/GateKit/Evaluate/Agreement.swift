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

extension Evaluation {
    /// Superset's rows are the database's rows: the two arms' content fingerprints are equal. Counts prove nothing about
    /// content (a dataset on another database, or stale rows, can have the same count); a mismatch names the columns
    /// whose values differ and up to five rows each arm has that the other lacks.
    static func evaluateContent(_ dashboard: PlannedDashboard, superset: SupersetObservation?, database: DatabaseObservation?) -> CheckResult? {
        guard let viaSuperset = superset?.content, let viaDatabase = database?.content else { return nil }
        var result = CheckResult(arm: .agreement, slug: dashboard.slug, dashboard: dashboard.title, check: .content, outcome: .passed)
        switch (viaDatabase, viaSuperset) {
        case (.failed(let failure), _) where failure.code == .responseTooLarge, (_, .failed(let failure)) where failure.code == .responseTooLarge:
            // Rows too wide to read within the answer cap: not a finding, and not a reason to fail the run.
            result.outcome = .skipped
            result.message = "\(dashboard.title): compared counts only: \(failure.message); lower max_agreement_rows or raise max_response_bytes"
        case (.failed(let failure), _), (_, .failed(let failure)):
            let arm = if case .failed = viaDatabase { "the database" } else { "Superset" }
            result.outcome = outcome(for: failure)
            result.actual = .failure(failure.code)
            result.message = "\(dashboard.title): the rows could not be compared: reading them from \(arm) failed: \(failure.message)"
        case (.overLimit(let rows, let limit), _), (_, .overLimit(let rows, let limit)):
            result.outcome = .skipped
            result.actual = .count(rows)
            result.message = "\(dashboard.title): compared counts only: \(rows) rows is above max_agreement_rows (\(limit))"
        case (.fingerprint(let fromDatabase), .fingerprint(let fromSuperset)):
            result.expected = .content(rows: fromDatabase.rows, digest: fromDatabase.digest, arm: .db)
            result.actual = .content(rows: fromSuperset.rows, digest: fromSuperset.digest, arm: .superset)
            if let difference = ContentDifference(database: fromDatabase, superset: fromSuperset) {
                result.outcome = .failed
                result.message = "\(dashboard.title): Superset's rows are not the database's: " + difference.summary
                result.detail = difference.detail
            }
        }
        return result
    }
}

/// How two fingerprints differ, in words: the columns, then the rows when both arms kept theirs.
struct ContentDifference {
    let summary: String
    let detail: String?

    init?(database: ContentFingerprint, superset: ContentFingerprint) {
        guard database.columns != superset.columns || database.rows != superset.rows || database.rowSum != superset.rowSum else { return nil }
        guard database.columns == superset.columns else {
            let onlyDatabase = database.columns.filter { !superset.columns.contains($0) }
            let onlySuperset = superset.columns.filter { !database.columns.contains($0) }
            var parts: [String] = []
            if !onlyDatabase.isEmpty { parts.append("only the database's query returns " + onlyDatabase.joined(separator: ", ")) }
            if !onlySuperset.isEmpty { parts.append("only Superset's dataset lists " + onlySuperset.joined(separator: ", ")) }
            let common = database.columns.filter(superset.columns.contains)
            let differing = common.filter { column in
                database.columnSums[database.columns.firstIndex(of: column)!] != superset.columnSums[superset.columns.firstIndex(of: column)!]
            }
            if !differing.isEmpty { parts.append("values differ in " + differing.joined(separator: ", ")) }
            summary = "the columns differ (" + parts.joined(separator: "; ") + "): sync the dataset's columns in Superset with its SQL"
            detail = nil
            return
        }
        let columns = database.columns
        let differing = columns.indices.filter { database.columnSums[$0] != superset.columnSums[$0] }
        var words = differing.isEmpty ? "the same values per column, in other rows"
            : "values differ in " + differing.map { columns[$0] }.joined(separator: ", ")
        if database.rows != superset.rows { words += " (\(database.rows) rows in the database, \(superset.rows) in Superset)" }
        guard let fromDatabase = database.kept, let fromSuperset = superset.kept else {
            summary = words + "; too many rows to list the differing ones (more than \(ContentFingerprint.keptRows))"
            detail = nil
            return
        }
        var remaining = Dictionary(fromSuperset.map { ($0, 1) }, uniquingKeysWith: +)
        var onlyDatabase: [[CanonicalValue]] = []
        for row in fromDatabase {
            if let left = remaining[row], left > 0 { remaining[row] = left - 1 } else { onlyDatabase.append(row) }
        }
        var onlySuperset: [[CanonicalValue]] = []
        for row in fromSuperset where (remaining[row] ?? 0) > 0 {
            remaining[row]! -= 1
            onlySuperset.append(row)
        }
        // A row shows the differing columns (all of them when no column's values differ as a whole).
        let shown = differing.isEmpty ? Array(columns.indices) : differing
        func describe(_ row: [CanonicalValue]) -> String {
            "(" + shown.map { "\(columns[$0])=\(row[$0])" }.joined(separator: ", ") + ")"
        }
        // A row a line: a report in a terminal wraps one row, not five.
        func listed(_ place: String, _ rows: [[CanonicalValue]]) -> String {
            guard !rows.isEmpty else { return "only in \(place): none" }
            return "only in \(place) (\(rows.count)):\n" + rows.prefix(5).map { "  " + describe($0) }.joined(separator: "\n")
                + (rows.count > 5 ? "\n  and \(rows.count - 5) more" : "")
        }
        summary = words + "; \(onlyDatabase.count) row(s) only in the database, \(onlySuperset.count) only in Superset"
            + (onlyDatabase.first.map { "; e.g. the database has \(describe($0))" } ?? "")
            + (onlySuperset.first.map { ", Superset \(describe($0))" } ?? "")
        detail = listed("the database", onlyDatabase) + "\n" + listed("Superset", onlySuperset)
    }
}
