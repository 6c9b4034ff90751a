import Foundation

/// `gate-runner history`: the recorded runs of an environment as a table for a terminal.
package enum HistoryTable {
    /// Without a slug: one row per count (a dashboard's rows, a chart's), its values over the runs, oldest first, and
    /// the last change. With a slug: one row per run (when, revision, sentinel, verdict) and a column per count.
    package static func render(_ runs: [HistoryRun], environment: String, tenant: String? = nil, path: String, slug: String?) -> String {
        guard !runs.isEmpty else {
            return Terminal.safe("no runs of \(environment)\(tenant.map { " tenant \($0)" } ?? "")\(slug.map { " checking \($0)" } ?? "") in \(path)\n")
        }
        // A dashboard's rows first, then its charts.
        let keys = Set(runs.flatMap(\.counts.keys)).sorted {
            ($0.tenant ?? "", $0.slug, $0.check.chartName ?? "", $0.arm) < ($1.tenant ?? "", $1.slug, $1.check.chartName ?? "", $1.arm)
        }
        let count = runs.count == 1 ? "1 run (\(runs[0].id))" : "\(runs.count) runs (\(runs.first!.id)–\(runs.last!.id))"
        var out = "history · environment \(environment)\(tenant.map { " · tenant \($0)" } ?? "") · \(count) · \(path)\n\n"
        if let slug {
            let countKeys = keys.filter { $0.slug == slug }
            // The verdict is the whole run's, whichever dashboard decided it.
            let header = ["RUN", "STARTED", "REVISION", "SENTINEL", "RUN VERDICT"] + countKeys.map(label)
            let rows = runs.map { run in
                [String(run.id), ConsoleReport.timestamp(run.startedAt), ConsoleReport.clip(ConsoleReport.oneLine(run.revision ?? "-"), 12), ConsoleReport.clip(ConsoleReport.oneLine(run.sentinel ?? "-"), 32),
                 ExitCodes.verdict(run.exitCode)] + countKeys.map { key in run.counts[key].map(String.init) ?? "-" }
            }
            out += ConsoleReport.columns([header] + rows)
        } else {
            let header = ["DASHBOARD", "COUNT", "RUNS \(runs.first!.id)→\(runs.last!.id) (oldest first)", "LAST CHANGE"]
            let rows = keys.map { key -> [String] in
                let values = runs.compactMap { $0.counts[key] }
                let change: String
                if values.count >= 2 {
                    let difference = Double(values[values.count - 1]) - Double(values[values.count - 2])
                    change = difference == 0 ? "0" : (difference > 0 ? "+" : "−") + String(format: "%.0f", abs(difference))
                } else {
                    change = "-"
                }
                return [(key.tenant.map { "[\($0)] " } ?? "") + key.slug, label(key), runs.map { $0.counts[key].map(String.init) ?? "·" }.joined(separator: " "), change]
            }
            out += ConsoleReport.columns([header] + rows)
        }
        return Terminal.safe(out)
    }

    static func label(_ key: SeriesKey) -> String {
        key.check.chartName.map { "chart \($0)" } ?? "\(key.check) (\(key.arm.title))"
    }
}
