import Probes

extension Evaluation {
    /// The layout a viewer sees (`position_json`) against the charts attached to the dashboard: every attached
    /// chart is laid out, and every laid-out chart is attached and still exists.
    static func evaluateLayout(_ observation: SupersetObservation, _ dashboard: DashboardExpectation, base: CheckResult) -> [CheckResult] {
        guard case .success(let attached)? = observation.charts else { return [] }
        var result = base
        let entries = observation.layout?.charts ?? []
        result.expected = "\(attached.count) attached charts laid out"
        result.actual = "\(entries.count) chart entries"
        var problems: [String] = []
        if observation.layout == nil, !attached.isEmpty {
            problems.append("the dashboard has no layout (position_json is empty or not JSON), so a viewer sees none of its \(attached.count) charts")
        }
        let laidOut = Set(entries.compactMap(\.chartID))
        if observation.layout != nil {
            let hidden = attached.filter { !laidOut.contains($0.id) }
            if !hidden.isEmpty {
                problems.append("attached but not in the layout, so a viewer never sees them: "
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
            result.message = "\(dashboard.title): " + problems.joined(separator: "; ")
        }
        return [result]
    }
}
