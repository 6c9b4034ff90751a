import Logging
import Probes

/// The probe stage: the three arms against their targets, concurrently, each behind its own limiter
/// so a slow arm never starves the others.
package enum ProbeStage {
    package static func observe(_ plan: GatePlan, verdicts: [String: LintVerdict], targets: GateTargets) async -> Observations {
        let options = plan.options
        let dashboards = plan.dashboards
        let limit = plan.settings.concurrency
        // Content agreement needs both arms: `--skip-check content` or one arm alone spares both the reading.
        let agreementRows = plan.comparesContent ? plan.settings.maxAgreementRows : 0
        let sentinelArm: SentinelArm? = {
            guard options.arms.contains(.sentinel), let reader = targets.sentinel, let expectation = plan.expectations.sentinel else { return nil }
            return SentinelArm(sentinel: reader, expectation: expectation, wait: options.sentinelWait, logger: options.logger)
        }()
        // The sentinel is one check: share 1 of a sharded run reports it.
        let reportsSentinel = options.shard?.runsSentinel ?? true
        // With --wait the rollout must finish first, in every shard: the other arms would otherwise check the old build.
        let awaitedSentinel: SentinelObservation? = options.sentinelWait > .zero ? await sentinelArm?.observe() : nil
        if reportsSentinel, sentinelArm != nil { options.progress?.planned(.sentinel, 1) }
        async let sentinel: SentinelObservation? = {
            guard reportsSentinel else { return nil }
            if let awaitedSentinel { return awaitedSentinel }
            return await sentinelArm?.observe()
        }()
        async let superset = measured { () async -> (observations: [SupersetObservation], failure: ProbeFailure?, tries: Int) in
            guard options.arms.contains(.superset), !dashboards.isEmpty, let client = targets.superset else { return ([], nil, 1) }
            let (login, tries, _) = await asCheck(timeoutSeconds: plan.settings.checkTimeoutSeconds) { await capture { try await client.login() } }
            if case .failure(let failure) = login { return ([], failure, tries) }
            var arm = SupersetArm(superset: client, checkTimeoutSeconds: plan.settings.checkTimeoutSeconds,
                                  maxQueryBytes: plan.settings.maxQueryBytes)
            // `--skip-check viewer` spares the viewer's renders too, not only their verdicts.
            arm.viewer = options.skippedChecks.contains(ViewerCheck.family.code) ? nil : targets.viewer
            arm.agreementRows = agreementRows
            return (await arm.observe(dashboards, limiter: AsyncLimiter(limit: limit), progress: options.progress), nil, tries)
        }
        async let database = measured { () async -> (observations: [DatabaseObservation], failure: ProbeFailure?, tries: Int) in
            guard options.arms.contains(.db), !dashboards.isEmpty, let target = targets.database else { return ([], nil, 1) }
            // One connection first, so a missing driver or a refused login is one clear error, not eight.
            let (connected, tries, _) = await asCheck(timeoutSeconds: plan.settings.checkTimeoutSeconds) { await capture { try await target.count("SELECT 1") } }
            if case .failure(let failure) = connected {
                // Each dashboard the lint let through is an error of its own naming the cause: a report (and a JUnit
                // history) shows which dashboards went unchecked, not only that the arm failed.
                let unconnected = ProbeFailure(message: "the database arm could not connect to \(target.label): \(failure.message)", code: failure.code)
                let lintOnly = dashboards.map { dashboard in
                    let verdict = verdicts[dashboard.slug] ?? LintVerdict(findings: [])
                    var observation = DatabaseObservation(slug: dashboard.slug, lint: verdict.findings)
                    observation.databaseLabel = target.label
                    if !verdict.refuses { observation.count = .failure(unconnected) }
                    return observation
                }
                return (lintOnly, failure, tries)
            }
            var arm = DatabaseArm(database: target, fetchRows: options.fetchRows, checkTimeoutSeconds: plan.settings.checkTimeoutSeconds,
                                  logger: options.logger)
            arm.agreementRows = agreementRows
            return (await arm.observe(dashboards.map(\.expectation), verdicts: verdicts, limiter: AsyncLimiter(limit: limit), progress: options.progress), nil, tries)
        }
        var observations = Observations(sentinel: await sentinel)
        observations.supersetURL = targets.supersetURL
        if observations.sentinel != nil { options.progress?.finished(.sentinel) }
        let ((supersetObservations, supersetFailure, supersetTries), supersetSeconds) = await superset
        let ((databaseObservations, databaseFailure, databaseTries), databaseSeconds) = await database
        observations.superset = supersetObservations
        observations.database = databaseObservations
        if let waited = observations.sentinel?.waited { observations.armSeconds[.sentinel] = waited }
        if options.arms.contains(.superset) { observations.armSeconds[.superset] = supersetSeconds }
        if options.arms.contains(.db) { observations.armSeconds[.db] = databaseSeconds }
        if let supersetFailure {
            observations.armFailures[.superset] = supersetFailure
            observations.armTries[.superset] = supersetTries
        }
        if let databaseFailure {
            observations.armFailures[.db] = databaseFailure
            observations.armTries[.db] = databaseTries
        }
        return observations
    }
}
