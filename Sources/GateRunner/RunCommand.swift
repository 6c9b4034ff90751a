import ArgumentParser
import Foundation
import GateKit
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gate against an environment and report (the default command).")

    @OptionGroup var plan: PlanOptions

    @OptionGroup var output: ReportOptions

    @Flag(name: .long, help: "Also stream every row of each query, sqlcmd-style, and report rows and seconds.")
    var fetch = false

    @Option(name: .long, help: "Poll the sentinel until it matches or this much time passes (e.g. 90s, 5m).", transform: ArgumentValues.duration("--wait"))
    var wait: Duration?

    @Option(name: .long, help: "How many checks run at once within an arm.",
            transform: ArgumentValues.setting("concurrency", option: "--concurrency"))
    var concurrency: Int?

    @Option(name: .customLong("login-timeout"), help: "Database login timeout, seconds: connecting, per try.",
            transform: ArgumentValues.setting("login_timeout_seconds", option: "--login-timeout"))
    var loginTimeout: Int?

    @Option(name: .customLong("query-timeout"), help: ArgumentHelp("Query timeout, seconds: a database query with its whole answer, per try; also Superset's chart data when larger than the HTTP timeout.",
            discussion: "Worst case of one database call: tries × (login + query timeout + 2 s) + backoff, cut at the check deadline (180 s by default)."),
            transform: ArgumentValues.setting("query_timeout_seconds", option: "--query-timeout"))
    var queryTimeout: Int?

    @Option(name: .customLong("http-timeout"), help: ArgumentHelp("HTTP request timeout, seconds, the whole request per try: the sentinel, Superset's login and lookups.",
            discussion: "Worst case of one call: tries × timeout + backoff (defaults: 3 × 15 s + 1.1 s = 46 s), cut at the check and run deadlines; the JSON report's limits lists each."),
            transform: ArgumentValues.setting("http_timeout_seconds", option: "--http-timeout"))
    var httpTimeout: Int?

    @Option(name: .long, help: "End the whole run by then (e.g. 2m); calls still running become errors and the report is written. Default: run_deadline_seconds.",
            transform: ArgumentValues.duration("--deadline"))
    var deadline: Duration?

    @Option(name: .long, help: "Extra tries for a transient failure (refused or lost connection, 429, 5xx, SQLSTATE 08xxx, a timeout).",
            transform: ArgumentValues.setting("retries", option: "--retries"))
    var retries: Int?

    @Option(name: .customLong("ca-file"), help: "PEM file of CA certificates trusted for https, beside the system's.")
    var caFile: String?

    @Option(name: .long, help: "Run only share I of N of the checks (CI parallel jobs); combine the JSON reports with `gate-runner merge`.",
            transform: ArgumentValues.shard)
    var shard: Shard?

    @Option(name: .long, help: "Keep this run in this SQLite history file and compare its counts with the recent runs (default: the expectations' history.path, else off).")
    var history: String?

    @Flag(name: .customLong("no-history"), help: "Keep no history, even when the expectations name a file.")
    var noHistory = false

    @Option(name: .long, help: "The deployed revision, kept with the run (default: GATE_REVISION, GITHUB_SHA, CI_COMMIT_SHA, or git HEAD).")
    var revision: String?

    @Flag(name: .long, help: "Log every probe call with its timing to standard error (never secrets).")
    var verbose = false

    func validate() throws {
        if history != nil && noHistory { throw ValidationError("--history and --no-history contradict each other: give one") }
        if let history, history.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--history is empty: name a file, e.g. .gate/history.sqlite (was the variable it came from unset?)")
        }
        // A folder given as the history is a mistake in the command, caught before anything runs (as a report path's is).
        var isFolder: ObjCBool = false
        if let history, FileManager.default.fileExists(atPath: history, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("--history \(history) is a folder: name a file in it, e.g. \(history)/history.sqlite")
        }
    }

    func run() async throws {
        // Before any Logger exists: a logger keeps the handler it was made with.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .warning
            return handler
        }
        var options = GateOptions(arms: plan.arms, fetchRows: fetch,
                                  sentinelWait: wait ?? .zero,
                                  settings: SettingsOverride(loginTimeoutSeconds: loginTimeout, queryTimeoutSeconds: queryTimeout,
                                                             httpTimeoutSeconds: httpTimeout, concurrency: concurrency,
                                                             runDeadlineSeconds: deadline.map { max(1, Int($0.seconds.rounded(.up))) },
                                                             retries: retries),
                                  only: plan.only)
        options.caFile = caFile
        options.shard = shard
        plan.apply(to: &options)
        options.history = HistoryOptions(path: history, disabled: noHistory, revision: revision)
        options.history.reportPaths = output.destinations.paths
        // A progress line only where a person watches: a terminal, and not with --verbose's log lines.
        let progressLine = ProgressLine.standardErrorIsTerminal && !verbose ? ProgressLine() : nil
        options.progress = progressLine?.probeProgress()
        let trap = SignalTrap.install { progressLine?.finish() }
        options.interruption = trap.interruption
        let gate = Task { [options, expectations = plan.expectations, env = plan.env] () throws(ConfigurationError) -> GateReport in
            try await Gate.run(expectationsPath: expectations, environment: env, options: options)
        }
        // The first signal stops probing: the run then ends with what it has, and its reports are written whole.
        trap.interruption.whenInterrupted { gate.cancel() }
        var report: GateReport
        do {
            report = try await gate.value
        } catch {
            progressLine?.finish()
            printError(String(describing: error))
            throw ExitCode(trap.interruption.signal?.exitCode ?? ExitCodes.configuration)
        }
        progressLine?.finish()
        // A signal that came after the probes ended (while the history was written) still marks the run: it was said
        // to stop, so its exit code says so.
        if report.interruptedBy == nil, let signal = trap.interruption.signal { report.interruptedBy = signal }
        try output.finish(report, command: "gate-runner")
    }
}
