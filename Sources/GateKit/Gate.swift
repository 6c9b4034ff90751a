import Foundation
import Logging
import Probes

/// The gate's pipeline, each stage a folder of GateKit and a value-in, value-out step:
///
/// | stage | folder | input → output |
/// |---|---|---|
/// | load | `Load/` | expectations file, environment, `GateOptions` → `GatePlan` (settings resolved once) |
/// | lint | `Lint/` | the plan's queries → a `LintVerdict` per dashboard (a refused query never runs) |
/// | probe | `Probe/` | plan, verdicts, `GateTargets` → `Observations` (the three arms, concurrently) |
/// | | | (the Superset arm lints the SQL it reads from Superset with `LintStage.deployed` before running any) |
/// | evaluate | `Evaluate/` | plan, `Observations` → `[CheckResult]` (pure: no I/O) |
/// | report | `Report/` | results → `GateReport` (exit code, every known secret masked) |
/// | history | `History/` | `GateReport`, the history file → trend checks added, the run recorded (only with a history file) |
/// | | | the report is then rendered as console, JUnit, JSON, HTML and a Markdown summary (`Report/`) |
///
/// `Gate.run` is the only place the stages are called in order; the CLI and the test suites call it.
public enum Gate {
    /// The whole gate from files: loads the expectations, builds the real targets from the environment's
    /// variables, and runs the pipeline. A configuration problem is thrown (exit 2); anything that goes
    /// wrong while probing is a check result in the report.
    ///
    /// ```swift
    /// import GateKit
    ///
    /// let report = try await Gate.run(expectationsPath: "expectations.yaml", environment: "staging",
    ///                                 options: GateOptions(arms: [.superset, .db]))
    /// print(report.verdict)                      // "PASS", "FAIL", "ERROR" or "INTERRUPTED"
    /// for problem in report.problems { print(problem.place, problem.message) }
    /// try JUnitReport.render(report).write(toFile: "gate.xml", atomically: true, encoding: .utf8)
    /// exit(report.exitCode)                      // 0, 1, 3, 130 or 143 (a thrown ConfigurationError is 2)
    /// ```
    ///
    /// - Parameters:
    ///   - expectationsPath: the expectations file; query files and the history are found beside it.
    ///   - environment: one of its environments.
    ///   - options: what to run beyond the file (arms, dashboards, overrides of its settings).
    ///   - variables: where the environment's variables (connection string, Superset login) are read; the process's own
    ///     by default. Every value read from them is masked in the report.
    public static func run(expectationsPath: String, environment: String, options: GateOptions,
                           variables: [String: String] = ProcessInfo.processInfo.environment) async throws(ConfigurationError) -> GateReport {
        try await run(try load(expectationsPath: expectationsPath, options: options), expectationsPath: expectationsPath,
                      environment: environment, options: options, variables: variables)
    }

    /// The expectations file loaded as a run loads it: within the run deadline (the command line's, or the default: the
    /// file's own is not known yet).
    package static func load(expectationsPath: String, options: GateOptions) throws(ConfigurationError) -> Expectations {
        let loadDeadline = Settings.runDeadline(seconds: options.settings.runDeadlineSeconds ?? Settings.defaults.runDeadlineSeconds, from: options.started)
        do {
            return try CallDeadline.$current.withValue(loadDeadline) { try ExpectationsLoader.load(path: expectationsPath) }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: expectationsPath, line: nil, column: nil, message: "\(error)", hint: nil)
        }
    }

    /// The whole gate over expectations already loaded from `expectationsPath`.
    package static func run(_ expectations: Expectations, expectationsPath: String, environment: String, options: GateOptions,
                            variables: [String: String] = ProcessInfo.processInfo.environment) async throws(ConfigurationError) -> GateReport {
        let spec = try expectations.environment(named: environment)
        // Before probing: a report that would overwrite one of the gate's inputs (the expectations, a query file, the
        // history) is a usage error, not a lost input.
        let historyPath = HistoryStage.path(expectations, environment: spec, options: options.history)
        let inputs = [GateInput(name: "the expectations file", path: expectationsPath)]
            + expectations.dashboards.map { GateInput(name: "the query file of dashboard '\($0.slug)'", path: Expectations.resolve($0.queryPath, besideFile: expectations.file)) }
            + (historyPath.map { [GateInput(name: "the run history", path: $0)] } ?? [])
            + ((options.caFile ?? spec.caFile).map { [GateInput(name: "the CA file", path: $0)] } ?? [])
        if let clash = ReportFile.overwrittenInput(by: options.history.reportPaths, inputs: inputs) {
            throw ConfigurationError(file: expectationsPath, line: nil, column: nil,
                                     message: "\(clash.input.name) \(clash.input.path) is also a report's path (\(clash.report.option) \(clash.report.path)): the report would overwrite the gate's input",
                                     hint: "give each report its own file, apart from the gate's inputs")
        }
        let runs = try plannedRuns(expectations, environment: spec, options: options, variables: variables)
        var report = spec.tenants.isEmpty ? await run(runs[0].plan, targets: runs[0].targets)
            : await runTenants(runs, environment: spec, options: options)
        // A signal that came before the history is written marks the run: unfinished checks already say "interrupted".
        report.interruptedBy = options.interruption?.signal
        guard let historyPath else { return report }
        let folder = URL(fileURLWithPath: expectationsPath).deletingLastPathComponent().path
        // git runs as a process: off the cooperative threads.
        var revision = options.history.revision
        if revision == nil { revision = (try? await onBlockingThread { RunRevision.current(variables: variables, folder: folder) }) ?? nil }
        return await HistoryStage.apply(report, path: historyPath, expectations: expectations, environment: spec, revision: revision)
    }

    /// The runs an environment makes, each planned and its targets built from the variables: one per tenant (the
    /// sentinel, one for the API, with the first only), or the environment's own. `run` probes them, `check` lists them.
    static func plannedRuns(_ expectations: Expectations, environment spec: EnvironmentSpec, options: GateOptions,
                            variables: [String: String]) throws(ConfigurationError) -> [PlannedTargets] {
        guard !spec.tenants.isEmpty else {
            // --tenant on an environment without tenants: an error naming it.
            if !options.tenants.isEmpty { _ = try expectations.tenants(of: spec, named: options.tenants) }
            let plan = try GatePlan(expectations, environment: spec, tenant: nil, options: options)
            return [PlannedTargets(tenant: nil, plan: plan, targets: try TargetFactory.targets(for: plan, variables: variables))]
        }
        var runs: [PlannedTargets] = []
        for (index, tenant) in try expectations.tenants(of: spec, named: options.tenants).enumerated() {
            var tenantOptions = options
            if index > 0 { tenantOptions.arms.remove(.sentinel) }
            let plan = try GatePlan(expectations, environment: spec, tenant: tenant, options: tenantOptions)
            runs.append(PlannedTargets(tenant: tenant, plan: plan, targets: try TargetFactory.targets(for: plan, variables: variables)))
        }
        return runs
    }

    /// A run's plan and the targets it probes.
    struct PlannedTargets: Sendable {
        let tenant: TenantSpec?
        let plan: GatePlan
        let targets: GateTargets
    }

    /// One run per tenant, up to `concurrency` side by side, each the whole pipeline over the tenant's plan; the sentinel, one for the API, runs with the first. Results are tagged with their tenant, in the
    /// file's order.
    static func runTenants(_ runs: [PlannedTargets], environment spec: EnvironmentSpec, options: GateOptions) async -> GateReport {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let planned = runs
        // Tenants share the one Superset: at most `concurrency` of them run at once. The run deadline bounds all of
        // them, not each tenant's turn: a tenant that starts after it ends at once, its checks errors naming it.
        let settings = runs.first?.plan.settings ?? .defaults
        let turns = AsyncLimiter(limit: settings.concurrency)
        let reports = await CallDeadline.within(settings.runDeadline(from: options.started)) {
            await concurrentMap(Array(planned.indices)) { index in
                await turns.run { await run(planned[index].plan, targets: planned[index].targets) }
            }
        }
        var results: [CheckResult] = []
        var armSeconds: [Arm: Double] = [:]
        for (index, report) in reports.enumerated() {
            results += report.results.map { result in
                var result = result
                result.tenant = runs[index].tenant?.name
                return result
            }
            armSeconds.merge(report.armSeconds, uniquingKeysWith: max)
        }
        var report = GateReport(environment: spec.name, startedAt: startedAt, seconds: (clock.now - start).seconds, results: results, armSeconds: armSeconds)
        report.limits = reports.first?.limits
        return report
    }

    /// The pipeline over loaded expectations and given targets (tests swap in fakes).
    package static func run(_ expectations: Expectations, environment: String, targets: GateTargets,
                           options: GateOptions) async throws(ConfigurationError) -> GateReport {
        await run(try GatePlan(expectations, environment: environment, options: options), targets: targets)
    }

    /// lint → probe → evaluate → report.
    package static func run(_ plan: GatePlan, targets: GateTargets) async -> GateReport {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let logger = plan.options.logger
        logger.debug("gate: environment \(plan.environmentName), arms \(plan.options.arms.map(\.rawValue).sorted().joined(separator: ",")), \(plan.dashboards.count) dashboards, concurrency \(plan.settings.concurrency)")

        // Lint and every call of every arm end by the run deadline: what is still running then ends as an error naming
        // its call or query, and the report is still made.
        // (Within an enclosing run's deadline, the earlier holds: see `runTenants`.)
        let observations = await Secrets.$inScope.withValue(targets.secrets) {
            await CallDeadline.within(plan.settings.runDeadline(from: plan.options.started)) {
                let verdicts = LintStage.lint(plan)
                return await ProbeStage.observe(plan, verdicts: verdicts, targets: targets)
            }
        }
        for (arm, seconds) in observations.armSeconds.sorted(by: { $0.key < $1.key }) {
            logger.debug("gate: \(arm.title) arm took \(String(format: "%.3f", seconds)) s")
        }
        let results = Evaluation.evaluate(observations, plan)
        var report = GateReport(environment: plan.environmentName, startedAt: startedAt, seconds: (clock.now - start).seconds,
                                results: results, armSeconds: observations.armSeconds)
        report.limits = CallLimits(plan.settings)
        return report.masking(targets.secrets + (await targets.superset?.sessionSecrets ?? []) + (await targets.viewer?.superset.sessionSecrets ?? []))
    }
}

extension Gate {
    /// `gate-runner check`: everything a run validates before it probes (the expectations, the environment, every
    /// variable it reads), with nothing probed. Returns each plan (one per tenant)
    /// for the caller to list; a problem is thrown as a run would throw it (exit 2).
    public static func check(expectationsPath: String, environment: String, options: GateOptions,
                             variables: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> [PlannedRun] {
        let expectations = try load(expectationsPath: expectationsPath, options: options)
        let spec = try expectations.environment(named: environment)
        return try plannedRuns(expectations, environment: spec, options: options, variables: variables).map {
            PlannedRun(tenant: $0.tenant?.name, plan: $0.plan)
        }
    }
}

/// One run `check` validated: its tenant, and what it would check.
public struct PlannedRun: Sendable {
    public let tenant: String?
    let plan: GatePlan

    /// The checks it would run, in words: per dashboard its query file and expected rows, its charts, and the check
    /// families each arm judges.
    public var listing: [String] {
        var lines: [String] = []
        for dashboard in plan.dashboards {
            var head = "\(dashboard.slug)  \"\(dashboard.title)\"  rows \(dashboard.rows)  query \(dashboard.queryPath)"
            if let line = dashboard.expectation.line { head += "  (\(plan.expectations.file):\(line))" }
            lines.append(head)
            for chart in dashboard.charts {
                var words = "    chart \(chart.name) (\(chart.viz))"
                if let rows = chart.rows { words += ", rows \(rows)" }
                if let value = chart.value { words += ", value \(CheckValue.chartValue(value))" }
                if let rows = chart.viewerRows { words += ", the viewer's rows \(rows)" }
                lines.append(words)
            }
        }
        // Each arm's families as the plan has them (those switched off, or asked for by no dashboard, left out), titled as
        // every report titles them.
        let planned = plan.plannedChecks
        let families = [Arm.superset, .db, .agreement, .sentinel].compactMap { arm -> String? in
            var titles: [String] = []
            for check in planned where check.arm == arm && check.kind.family != .arm && !titles.contains(check.kind.family.title) {
                titles.append(check.kind.family.title)
            }
            return titles.isEmpty ? nil : "\(arm.title): " + titles.joined(separator: ", ")
        }
        return lines + ["\(planned.count) checks: " + families.joined(separator: "; ")]
    }

    public var dashboards: Int { plan.dashboards.count }
    public var charts: Int { plan.dashboards.map(\.charts.count).reduce(0, +) }
}
