import Probes

extension Evaluation {
    /// The layout a viewer sees (`position_json`) against the charts attached to the dashboard: every laid-out
    /// chart is attached and still exists (else a failure); every attached chart is laid out (else a warning).
    static func evaluateLayout(_ observation: SupersetObservation, _ dashboard: PlannedDashboard, base: CheckResult) -> [CheckResult] {
        var result = base
        let attached: [SupersetChart]
        switch observation.charts {
        case .success(let charts)?: attached = charts
        case .failure(let failure)?:
            result.outcome = outcome(for: failure)
            result.actual = .failure(failure.code)
            result.message = "listing the charts of \(dashboard.title) failed: \(failure.message)"
            return [result]
        case nil: return []
        }
        let entries = observation.layout?.charts ?? []
        result.expected = .quantity(attached.count, of: .attachedChartsLaidOut)
        result.actual = .quantity(entries.count, of: .chartEntries)
        var problems: [String] = []
        // Superset's dashboard page appends attached charts its layout lacks, in rows at the bottom: viewers see
        // them, outside the designed layout. That is reported, not failed; a stale entry is a failure.
        var notes: [String] = []
        if observation.layout == nil, !attached.isEmpty {
            notes.append("the dashboard has no layout (position_json is empty or not JSON): Superset lays out its \(attached.count) charts by itself")
        }
        let laidOut = Set(entries.compactMap(\.chartID))
        if observation.layout != nil {
            let hidden = attached.filter { !laidOut.contains($0.id) }
            if !hidden.isEmpty {
                notes.append("attached but not in the layout (Superset appends them at the bottom, outside the designed layout): "
                    + hidden.map { "'\($0.name)' (id \($0.id))" }.joined(separator: ", "))
            }
        }
        let attachedIDs = Set(attached.map(\.id))
        for entry in entries {
            let shown = entry.sliceName.map { " ('\($0)')" } ?? ""
            guard let id = entry.chartID else {
                problems.append("layout entry \(entry.key)\(shown) names no chart")
                continue
            }
            guard !attachedIDs.contains(id) else { continue }
            switch observation.definitions[id] {
            case .failure(let failure)? where failure.notFound:
                problems.append("layout entry \(entry.key) shows chart id \(id)\(shown), which no longer exists: the viewer sees an error in its place")
            default:
                problems.append("layout entry \(entry.key) shows chart id \(id)\(shown), which is not attached to the dashboard")
            }
        }
        if !problems.isEmpty {
            result.outcome = .failed
            result.message = "\(dashboard.title): " + (problems + notes).joined(separator: "; ")
        } else if !notes.isEmpty {
            result.outcome = .warning
            result.message = "\(dashboard.title): " + notes.joined(separator: "; ")
        }
        return [result]
    }
}
