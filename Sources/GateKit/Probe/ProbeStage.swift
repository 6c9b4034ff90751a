import Logging
import Probes

/// The probe stage: the three arms against their targets, concurrently, each behind its own limiter
/// so a slow arm never starves the others.
public enum ProbeStage {
    public static func observe(_ plan: GatePlan, verdicts: [String: LintVerdict], targets: GateTargets) async -> Observations {
        let options = plan.options
        let dashboards = plan.dashboards
        let limit = plan.settings.concurrency
        let sentinelArm: SentinelArm? = {
            guard options.arms.contains(.sentinel), let reader = targets.sentinel, let expectation = plan.expectations.sentinel else { return nil }
            return SentinelArm(sentinel: reader, expectation: expectation, wait: options.sentinelWait, logger: options.logger)
        }()
        // With --wait the rollout must finish first: the other arms would otherwise check the old build.
        let awaitedSentinel: SentinelObservation? = options.sentinelWait > .zero ? await sentinelArm?.observe() : nil
        async let sentinel: SentinelObservation? = {
            if let awaitedSentinel { return awaitedSentinel }
            return await sentinelArm?.observe()
        }()
        async let superset = measured { () async -> (observations: [SupersetObservation], failure: ProbeFailure?) in
            guard options.arms.contains(.superset), let client = targets.superset else { return ([], nil) }
            if case .failure(let failure) = await capture({ try await client.login() }) { return ([], failure) }
            let arm = SupersetArm(superset: client, environment: plan.environmentName, checkTimeoutSeconds: plan.settings.checkTimeoutSeconds)
            return (await arm.observe(dashboards, limiter: AsyncLimiter(limit: limit)), nil)
        }
        async let database = measured { () async -> (observations: [DatabaseObservation], failure: ProbeFailure?) in
            guard options.arms.contains(.db), let target = targets.database else { return ([], nil) }
            // One connection first, so a missing driver or a refused login is one clear error, not eight.
            if case .failure(let failure) = await capture({ try await target.count("SELECT 1") }) {
                let lintOnly = dashboards.map {
                    DatabaseObservation(slug: $0.slug, lint: verdicts[$0.slug]?.findings ?? [],
                                        notRunReason: "not run: the database arm could not connect (see its error)")
                }
                return (lintOnly, failure)
            }
            let arm = DatabaseArm(database: target, fetchRows: options.fetchRows, checkTimeoutSeconds: plan.settings.checkTimeoutSeconds,
                                  logger: options.logger)
            return (await arm.observe(dashboards, verdicts: verdicts, limiter: AsyncLimiter(limit: limit)), nil)
        }
        var observations = Observations(sentinel: await sentinel)
        let ((supersetObservations, supersetFailure), supersetSeconds) = await superset
        let ((databaseObservations, databaseFailure), databaseSeconds) = await database
        observations.superset = supersetObservations
        observations.database = databaseObservations
        if let waited = observations.sentinel?.waited { observations.armSeconds[.sentinel] = waited }
        if options.arms.contains(.superset) { observations.armSeconds[.superset] = supersetSeconds }
        if options.arms.contains(.db) { observations.armSeconds[.db] = databaseSeconds }
        if let supersetFailure { observations.armFailures[.superset] = supersetFailure }
        if let databaseFailure { observations.armFailures[.db] = databaseFailure }
        return observations
    }
}
