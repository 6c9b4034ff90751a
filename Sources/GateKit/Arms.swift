import Foundation
import Logging
import Probes

/// Arm (c): each dashboard's SQL, linted, then counted straight against the tenant database.
public struct DatabaseArm: Sendable {
    public let database: any TenantDatabase
    public let fetchRows: Bool
    let logger: Logger

    public init(database: any TenantDatabase, fetchRows: Bool = false, logger: Logger = Logger(label: "gate.db")) {
        self.database = database
        self.fetchRows = fetchRows
        self.logger = logger
    }

    public func observe(_ dashboards: [DashboardExpectation], limiter: AsyncLimiter) async -> [DatabaseObservation] {
        await concurrentMap(dashboards) { dashboard in
            await limiter.run { await self.observe(dashboard) }
        }
    }

    public func observe(_ dashboard: DashboardExpectation) async -> DatabaseObservation {
        let clock = ContinuousClock()
        let start = clock.now
        let findings = SQLLint.check(dashboard.sql, file: dashboard.queryPath)
        var observation = DatabaseObservation(slug: dashboard.slug, lint: findings)
        // A query the lint refused is never wrapped or executed.
        guard !findings.contains(where: { $0.severity == .error }) else { return observation }
        do {
            let probe = try ProbeWrapper.countProbe(for: dashboard.sql)
            observation.probeSQL = probe.sql
            observation.count = await capture { try await database.count(probe.sql) }
            if fetchRows {
                observation.fetchSQL = probe.fetchSQL
                observation.fetch = await capture { try await database.fetchAll(probe.fetchSQL) }
            }
        } catch {
            observation.count = .failure(ProbeFailure(error))
        }
        observation.seconds = (clock.now - start).seconds
        switch observation.count {
        case .success(let count)?: logger.debug("db \(dashboard.slug): \(count) rows in \((clock.now - start).milliseconds) ms")
        case .failure(let failure)?: logger.debug("db \(dashboard.slug): failed after \((clock.now - start).milliseconds) ms: \(failure.code ?? "")")
        case nil: break
        }
        return observation
    }
}

/// Arm (b): every dashboard and chart exists in Superset and renders through its engine.
public struct SupersetArm: Sendable {
    public let superset: any SupersetReading
    public let environment: String

    public init(superset: any SupersetReading, environment: String) {
        self.superset = superset
        self.environment = environment
    }

    public func observe(_ dashboards: [DashboardExpectation], limiter: AsyncLimiter) async -> [SupersetObservation] {
        await concurrentMap(dashboards) { dashboard in await self.observe(dashboard, limiter: limiter) }
    }

    public func observe(_ dashboard: DashboardExpectation, limiter: AsyncLimiter) async -> SupersetObservation {
        let clock = ContinuousClock()
        let start = clock.now
        let superset = self.superset
        let lookup = dashboard.ids[environment].map(String.init) ?? dashboard.slug
        let found = await limiter.run { await capture { try await superset.dashboard(lookup) } }
        var observation = SupersetObservation(slug: dashboard.slug, lookup: lookup, dashboard: found)
        guard case .success(let info) = found else { return observation }

        async let charts = limiter.run { await capture { try await superset.charts(dashboardID: info.id) } }
        async let datasets = limiter.run { await capture { try await superset.datasets(dashboardID: info.id) } }
        observation.charts = await charts
        observation.datasets = await datasets

        let datasetID = (try? observation.datasets?.get())?.first?.id
        async let count: Result<(count: Int, sql: String?), ProbeFailure>? = {
            guard let datasetID else { return nil }
            return await limiter.run { await capture { try await superset.countRows(datasetID: datasetID) } }
        }()
        let chartIDs = (try? observation.charts?.get())?.map(\.id) ?? []
        let renders = await concurrentMap(chartIDs) { id in
            await limiter.run {
                let (result, seconds) = await measured { await capture { try await superset.renderChart(id: id) } }
                return (id, result, seconds)
            }
        }
        observation.renders = Dictionary(renders.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        observation.renderSeconds = Dictionary(renders.map { ($0.0, $0.2) }, uniquingKeysWith: { first, _ in first })
        switch await count {
        case .success(let (rows, sql))?:
            observation.count = .success(rows)
            observation.generatedSQL = sql
        case .failure(let failure)?:
            observation.count = .failure(failure)
        case nil:
            break
        }
        observation.seconds = (clock.now - start).seconds
        return observation
    }
}

/// Arm (a): the API's status sentinel, polled with backoff until it matches or the deadline passes.
public struct SentinelArm: Sendable {
    public let sentinel: any SentinelReading
    public let expectation: SentinelExpectation
    /// How long to keep polling for the expected status (0: one try).
    public let wait: Duration
    let logger: Logger

    public init(sentinel: any SentinelReading, expectation: SentinelExpectation, wait: Duration = .zero,
                logger: Logger = Logger(label: "gate.sentinel")) {
        self.sentinel = sentinel
        self.expectation = expectation
        self.wait = wait
        self.logger = logger
    }

    public func observe() async -> SentinelObservation {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + wait
        var attempts = 0
        var delay = Duration.milliseconds(250)
        while true {
            attempts += 1
            let answer = await capture { try await sentinel.read() }
            let observation = SentinelObservation(url: sentinel.displayURL, response: answer, attempts: attempts, waited: (clock.now - start).seconds)
            switch answer {
            case .success(let value): logger.debug("sentinel try \(attempts): HTTP \(value.status) \(value.body.prefix(120))")
            case .failure(let failure): logger.debug("sentinel try \(attempts): \(failure.code ?? "failed")")
            }
            if case .success(let value) = answer, Evaluation.sentinelMatches(value, expectation) { return observation }
            let remaining = deadline - clock.now
            guard remaining > .zero else { return observation }
            try? await Task.sleep(for: min(delay, remaining))
            delay = min(delay * 2, .seconds(5))
        }
    }
}
