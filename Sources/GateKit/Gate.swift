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
/// | report | `Report/` | results → `GateReport` (exit code, every known secret masked), rendered as console, JUnit and JSON |
///
/// `Gate.run` is the only place the stages are called in order; the CLI and the test suites call it.
public enum Gate {
    /// The whole gate from files: loads the expectations, builds the real targets from the environment's
    /// variables, and runs the pipeline. A configuration problem is thrown (exit 2); anything that goes
    /// wrong while probing is a check result in the report.
    public static func run(expectationsPath: String, environment: String, options: GateOptions,
                           variables: [String: String] = ProcessInfo.processInfo.environment) async throws(ConfigurationError) -> GateReport {
        let plan = try GatePlan.load(path: expectationsPath, environment: environment, options: options)
        return await run(plan, targets: try TargetFactory.targets(for: plan, variables: variables))
    }

    /// The pipeline over loaded expectations and given targets (tests swap in fakes).
    public static func run(_ expectations: Expectations, environment: String, targets: GateTargets,
                           options: GateOptions) async throws(ConfigurationError) -> GateReport {
        await run(try GatePlan(expectations, environment: environment, options: options), targets: targets)
    }

    /// lint → probe → evaluate → report.
    public static func run(_ plan: GatePlan, targets: GateTargets) async -> GateReport {
        let startedAt = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let logger = plan.options.logger
        logger.debug("gate: environment \(plan.environmentName), arms \(plan.options.arms.map(\.rawValue).sorted().joined(separator: ",")), \(plan.dashboards.count) dashboards, concurrency \(plan.settings.concurrency)")

        let verdicts = LintStage.lint(plan.dashboards)
        // Every call of every arm ends by the run deadline: what is still running then ends as an error naming
        // its call, and the report is still made.
        let deadline = CallDeadline(seconds: Double(plan.settings.runDeadlineSeconds), reason: "the run deadline (\(plan.settings.runDeadlineSeconds) s)")
        let observations = await Secrets.$inScope.withValue(targets.secrets) {
            await CallDeadline.within(deadline) { await ProbeStage.observe(plan, verdicts: verdicts, targets: targets) }
        }
        for (arm, seconds) in observations.armSeconds.sorted(by: { $0.key < $1.key }) {
            logger.debug("gate: \(arm.title) arm took \(String(format: "%.3f", seconds)) s")
        }
        let results = Evaluation.evaluate(observations, plan)
        return GateReport(environment: plan.environmentName, startedAt: startedAt, seconds: (clock.now - start).seconds,
                          results: results, armSeconds: observations.armSeconds)
            .masking(targets.secrets + (await targets.superset?.sessionSecrets ?? []))
    }
}
