import Foundation
import Logging
import Probes

/// Arm (c): each dashboard's SQL, linted, then counted straight against the tenant database.
package struct DatabaseArm: Sendable {
    package let database: any TenantDatabase
    package let fetchRows: Bool
    /// Each dashboard's calls (count, fetch, their retries) end within this; nil: only the run's deadline.
    package let checkTimeoutSeconds: Int?
    /// The content check reads every row of a query with at most this many (0: the check is off).
    package var agreementRows = 0
    let logger: Logger

    package init(database: any TenantDatabase, fetchRows: Bool = false, checkTimeoutSeconds: Int? = nil, logger: Logger = Logger(label: "gate.db")) {
        self.database = database
        self.fetchRows = fetchRows
        self.checkTimeoutSeconds = checkTimeoutSeconds
        self.logger = logger
    }

    package func observe(_ dashboards: [DashboardExpectation], verdicts: [String: LintVerdict], limiter: AsyncLimiter,
                        progress: ProbeProgress? = nil) async -> [DatabaseObservation] {
        progress?.planned(.db, dashboards.count)
        return await concurrentMap(dashboards) { dashboard in
            let observation = await limiter.run { await self.observe(dashboard, verdict: verdicts[dashboard.slug] ?? LintVerdict(findings: [])) }
            progress?.finished(.db)
            return observation
        }
    }

    /// Counts one dashboard's query, unless the lint stage refused it.
    package func observe(_ dashboard: DashboardExpectation, verdict: LintVerdict) async -> DatabaseObservation {
        let clock = ContinuousClock()
        let start = clock.now
        var observation = DatabaseObservation(slug: dashboard.slug, lint: verdict.findings)
        observation.databaseLabel = database.label
        // A query the lint refused is never wrapped or executed.
        guard !verdict.refuses else { return observation }
        let database = self.database, fetchRows = self.fetchRows, agreementRows = self.agreementRows
        let (probed, tries, service) = await asCheck(timeoutSeconds: checkTimeoutSeconds) { () async -> DatabaseObservation in
            var observation = observation
            do {
                let probe = try ProbeWrapper.countProbe(for: dashboard.sql)
                observation.probeSQL = probe.sql
                observation.count = await capture { try await database.count(probe.sql) }
                if agreementRows > 0, case .success(let rows)? = observation.count {
                    observation.content = rows > agreementRows ? .overLimit(rows: rows, limit: agreementRows)
                        : await ContentProbe.reading(limit: agreementRows) { try await database.fingerprint(probe.fetchSQL, maxRows: agreementRows) }
                }
                if fetchRows {
                    observation.fetchSQL = probe.fetchSQL
                    observation.fetch = await capture { try await database.fetchAll(probe.fetchSQL) }
                }
            } catch {
                observation.count = .failure(ProbeFailure(error))
            }
            return observation
        }
        observation = probed
        observation.tries = tries
        observation.serviceSeconds = service
        observation.seconds = (clock.now - start).seconds
        switch observation.count {
        case .success(let count)?: logger.debug("db \(dashboard.slug): \(count) rows in \((clock.now - start).milliseconds) ms")
        case .failure(let failure)?: logger.debug("db \(dashboard.slug): failed after \((clock.now - start).milliseconds) ms: \(failure.code)")
        case nil: break
        }
        return observation
    }
}
