import Foundation
import Probes

/// Arm (b): every dashboard and chart exists in Superset and renders through its engine.
package struct SupersetArm: Sendable {
    package let superset: any SupersetReading
    /// Each dashboard's calls end within this; nil: only the run's deadline.
    package let checkTimeoutSeconds: Int?
    /// The largest dataset SQL the lint reads; a larger one is refused and never run.
    package let maxQueryBytes: Int
    /// The environment's viewer: every chart is rendered again as them.
    package var viewer: Viewer?
    /// The content check reads a dataset's raw rows when it has at most this many (0: the check is off).
    package var agreementRows = 0
    /// The viewer's roles and the rules that apply to them on any dataset (nil without a viewer).
    var security: Result<ViewerSecurity, ProbeFailure>?

    package init(superset: any SupersetReading, checkTimeoutSeconds: Int? = nil,
                maxQueryBytes: Int = Settings.defaults.maxQueryBytes) {
        self.maxQueryBytes = maxQueryBytes
        self.superset = superset
        self.checkTimeoutSeconds = checkTimeoutSeconds
    }

    package func observe(_ dashboards: [PlannedDashboard], limiter: AsyncLimiter, progress: ProbeProgress? = nil) async -> [SupersetObservation] {
        // A dashboard's check deadline starts when its turn comes, not while it waits behind the others.
        let turns = AsyncLimiter(limit: limiter.limit)
        progress?.planned(.superset, dashboards.count)
        // With a viewer: their roles and every row-level-security rule, read once, to say why a viewer sees less.
        var arm = self
        if let viewer {
            let superset = self.superset
            async let rules = capture { try await superset.rowLevelSecurity() }
            async let roles = capture { try await viewer.superset.roles() }
            arm.security = await Self.security(rules: rules, roles: roles)
        }
        return await concurrentMap(dashboards) { [arm] dashboard in
            let observation = await turns.run { await arm.observe(dashboard, limiter: limiter) }
            progress?.finished(.superset)
            return observation
        }
    }

    /// One dashboard as a check: all its calls within the check deadline, their tries counted.
    package func observe(_ dashboard: PlannedDashboard, limiter: AsyncLimiter) async -> SupersetObservation {
        var (observation, tries, service) = await asCheck(timeoutSeconds: checkTimeoutSeconds) { await self.probe(dashboard, limiter: limiter) }
        observation.tries = tries
        observation.serviceSeconds = service
        return observation
    }

    func probe(_ dashboard: PlannedDashboard, limiter: AsyncLimiter) async -> SupersetObservation {
        let clock = ContinuousClock()
        let start = clock.now
        let superset = self.superset
        let lookup = dashboard.pinnedID.map(String.init) ?? dashboard.slug
        let found = await limiter.run { await capture { try await superset.dashboard(lookup) } }
        var observation = SupersetObservation(slug: dashboard.slug, lookup: lookup, dashboard: found)
        guard case .success(let info) = found else { return observation }

        // A pinned id: the slug must lead to the same dashboard (a redeploy may have made a new one).
        async let bySlug: Result<SupersetDashboard, ProbeFailure>? = lookup == dashboard.slug ? nil
            : limiter.run { await capture { try await superset.dashboard(dashboard.slug) } }
        async let charts = limiter.run { await capture { try await superset.charts(dashboardID: info.id) } }
        async let datasets = limiter.run { await capture { try await superset.datasets(dashboardID: info.id) } }
        observation.charts = await charts
        observation.datasets = await datasets
        observation.bySlug = await bySlug
        observation.layout = info.positionJSON.flatMap(SupersetLayout.init(positionJSON:))
        let listed = (try? observation.datasets?.get()) ?? []
        // Read-only by construction: the SQL Superset would run is linted first; a refused text is never run.
        if listed.count == 1, let dataset = listed.first, let sql = dataset.sql {
            observation.deployedLint = LintStage.deployed(sql: sql, slug: dashboard.slug, table: dataset.tableName, maxQueryBytes: maxQueryBytes)
        }
        let refused = observation.deployedLint?.refuses == true

        let datasetID = listed.first?.id
        let databaseID = listed.first?.databaseID
        // The dataset whole, for comparing with the repository's bundle; only when the bundle defines the dashboard.
        let compared = dashboard.definition != nil && listed.count == 1
        async let datasetDefinition: Result<SupersetDataset, ProbeFailure>? = {
            guard let datasetID, compared else { return nil }
            return await limiter.run { await capture { try await superset.dataset(id: datasetID) } }
        }()
        async let databaseEntry: Result<SupersetDatabaseEntry, ProbeFailure>? = {
            guard compared, let databaseID else { return nil }
            return await limiter.run { await capture { try await superset.databaseEntry(id: databaseID) } }
        }()
        let columns = listed.count == 1 ? listed.first?.physicalColumns ?? [] : []
        async let counted: (count: Result<(count: Int, sql: String?), ProbeFailure>, content: ContentProbe?)? = {
            guard let datasetID, !refused else { return nil }
            return await limiter.run { await self.count(datasetID: datasetID, columns: columns) }
        }()
        let chartIDs = (try? observation.charts?.get())?.map(\.id) ?? []
        // Every chart attached or laid out: how it is saved tells what a viewer gets, and whether a layout entry is stale.
        let definedIDs = Array(Set(chartIDs + (observation.layout?.chartIDs ?? []))).sorted()
        async let definitions = concurrentMap(definedIDs) { id in
            await limiter.run { (id, await capture { try await superset.chart(id: id) }) }
        }
        // The rows themselves only for the charts whose value is expected: the rest need only their count.
        let valued = Set(dashboard.charts.filter { $0.value != nil || $0.viewerValue != nil }.map(\.name))
        let kept = RowsKept(ids: Set(((try? observation.charts?.get()) ?? []).filter { valued.contains($0.name) }.map(\.id)))
        let renders = await concurrentMap(chartIDs) { id in
            if refused {
                let notRun = ProbeFailure(message: "not rendered: the dataset's SQL in Superset is refused by the lint (see sql lint), "
                    + "so the gate does not ask Superset to run it", code: .refusedByLint)
                return (id, Result<ChartRender, ProbeFailure>.failure(notRun), 0.0, 1)
            }
            return await limiter.run {
                // Each render counts its own tries: it is its own check in the report.
                let (result, tries, service) = await asCheck(timeoutSeconds: nil) {
                    await capture { try await superset.renderChart(id: id, keepingRows: kept.rows(id)) }
                }
                return (id, result, service, tries)
            }
        }
        observation.definitions = Dictionary(await definitions, uniquingKeysWith: { first, _ in first })
        observation.renders = Dictionary(renders.map { ($0.0, $0.1.map(\.rowCount)) }, uniquingKeysWith: { first, _ in first })
        observation.renderData = Dictionary(renders.compactMap { id, result, _, _ in (try? result.get())?.data.map { (id, $0) } },
                                            uniquingKeysWith: { first, _ in first })
        observation.renderSeconds = Dictionary(renders.map { ($0.0, $0.2) }, uniquingKeysWith: { first, _ in first })
        observation.renderTries = Dictionary(renders.map { ($0.0, $0.3) }, uniquingKeysWith: { first, _ in first })
        observation.datasetDefinition = await datasetDefinition
        observation.databaseEntry = await databaseEntry
        if !refused {
            let defaults = DashboardDefaults(jsonMetadata: info.jsonMetadata)
            observation.firstValueFilters = defaults.firstValue
            observation.dashboardRenders = await dashboardRenders(defaults, observation, keeping: kept, limiter: limiter)
        }
        if let viewer, !refused {
            observation.viewer = await viewerObservation(viewer, lookup: observation.lookup, observation, keeping: kept, limiter: limiter)
        }
        let count = await counted
        observation.content = count?.content
        switch count?.count {
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

    /// The dataset's rows counted and, with the content check on, fingerprinted: one request for both (its raw rows,
    /// up to one more than the limit) while the dataset is within the limit; above it, or where Superset capped the
    /// answer lower (its `SQL_MAX_ROW`), a COUNT(*) request counts it.
    func count(datasetID: Int, columns: [String]) async -> (count: Result<(count: Int, sql: String?), ProbeFailure>, content: ContentProbe?) {
        let superset = self.superset, limit = agreementRows
        let countOnly = { await capture { try await superset.countRows(datasetID: datasetID) } }
        guard limit > 0, !columns.isEmpty else { return (await countOnly(), nil) }
        switch await capture({ try await superset.datasetRows(datasetID: datasetID, columns: columns, limit: limit + 1) }) {
        case .success(let render):
            let sql = render.sql
            // The requested limit in the SQL Superset ran: it did not lower it, so fewer rows are all of them.
            let limited = sql?.contains(String(limit + 1)) == true
            if render.rowCount <= limit, limited, let data = render.data {
                return (.success((render.rowCount, sql)), .fingerprint(ContentFingerprint(superset: data)))
            }
            let count = await countOnly()
            guard case .success(let (rows, _)) = count else { return (count, nil) }
            if rows > limit { return (count, .overLimit(rows: rows, limit: limit)) }
            return (count, .failed(ProbeFailure(message: "Superset answered \(render.rowCount) of the dataset's \(rows) rows: it caps chart data "
                + "below max_agreement_rows (\(limit)); lower max_agreement_rows under Superset's SQL_MAX_ROW", code: .responseTooLarge)))
        case .failure(let failure):
            let count = await countOnly()
            // A dataset that cannot be queried at all is the rows check's finding, not also the content check's.
            guard case .success = count else { return (count, nil) }
            return (count, .failed(failure))
        }
    }

    /// Each chart a native filter's default reaches, rendered again with those defaults merged into its saved query:
    /// what a viewer sees first. A chart no default reaches is rendered once.
    func dashboardRenders(_ defaults: DashboardDefaults, _ observation: SupersetObservation, keeping kept: RowsKept,
                          limiter: AsyncLimiter) async -> [Int: DashboardRender] {
        guard !defaults.filters.isEmpty else { return [:] }
        var parents: [Int: [[String]]] = [:]
        for entry in observation.layout?.charts ?? [] {
            if let id = entry.chartID { parents[id, default: []].append(entry.parents) }
        }
        let planned = ((try? observation.charts?.get()) ?? []).compactMap { chart -> (Int, [DashboardDefaults.Filter], Data)? in
            let reaching = defaults.filters(reaching: chart.id, parents: parents[chart.id] ?? [])
            guard !reaching.isEmpty, case .success(let definition)? = observation.definitions[chart.id], let saved = definition.queryContext,
                  let composed = DashboardDefaults.applying(reaching, to: saved) else { return nil }
            return (chart.id, reaching, composed)
        }
        let superset = self.superset
        let renders = await concurrentMap(planned) { id, filters, composed in
            await limiter.run {
                let (result, _, _) = await asCheck(timeoutSeconds: nil) {
                    await capture { try await superset.renderQuery(composed, keepingRows: kept.rows(id)) }
                }
                return (id, DashboardRender(filters: filters.map(\.words), result: result.map(\.rowCount), data: try? result.get().data,
                                            query: composed))
            }
        }
        return Dictionary(renders, uniquingKeysWith: { first, _ in first })
    }

    /// The dashboard the gate's login checked (by the same slug or pinned id) as the viewer opens it, and each chart
    /// the gate's login rendered, rendered the same way with the viewer's login: what their role and row-level
    /// security let them see.
    func viewerObservation(_ viewer: Viewer, lookup: String, _ observation: SupersetObservation, keeping kept: RowsKept,
                           limiter: AsyncLimiter) async -> ViewerObservation {
        let superset = viewer.superset
        let found = await limiter.run { await capture { try await superset.dashboard(lookup) } }
        var seen = ViewerObservation(name: viewer.name, dashboard: found)
        let datasetID = ((try? observation.datasets?.get()) ?? []).first?.id
        seen.security = security.map { result in
            result.map { ViewerSecurity(roles: $0.roles, rules: $0.rules.filter { rule in datasetID.map(rule.datasetIDs.contains) ?? false }) }
        }
        guard case .success = found else { return seen }
        let chartIDs = ((try? observation.charts?.get()) ?? []).map(\.id)
        let dashboardRenders = observation.dashboardRenders
        let renders = await concurrentMap(chartIDs) { id in
            await limiter.run {
                let keep = kept.rows(id)
                let (result, _, _) = await asCheck(timeoutSeconds: nil) {
                    await capture {
                        if let query = dashboardRenders[id]?.query { return try await superset.renderQuery(query, keepingRows: keep) }
                        return try await superset.renderChart(id: id, keepingRows: keep)
                    }
                }
                return (id, result)
            }
        }
        seen.renders = Dictionary(renders, uniquingKeysWith: { first, _ in first })
        return seen
    }
}

extension SupersetArm {
    /// The rules that apply to the viewer's roles (the dataset is picked per dashboard).
    static func security(rules: Result<[SupersetRLSRule], ProbeFailure>, roles: Result<[String], ProbeFailure>) -> Result<ViewerSecurity, ProbeFailure> {
        // Without the roles the rules are still worth naming: each that may apply, with its roles.
        rules.map { rules in ViewerSecurity(roles: roles, rules: (try? roles.get()).map { roles in rules.filter { $0.applies(to: roles) } } ?? rules) }
    }
}

/// Which charts' rows a render keeps (those whose value the expectations give; the rest need only their count), and
/// how many.
struct RowsKept: Sendable {
    let ids: Set<Int>
    /// A grouped chart's groups are written out in the expectations, so more than this is not a chart whose values
    /// anyone pins.
    static let most = 10_000

    func rows(_ id: Int) -> Int { ids.contains(id) ? Self.most : 0 }
}
