/// `--shard I/N`: this job's share of the checks, for CI's own parallel jobs. Dashboards are dealt by
/// weight (one for the dashboard, one per chart) to the lightest share so far, heaviest first: stable for the
/// same expectations, and balanced. The sentinel, one check, belongs to share 1.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    package let index: Int
    package let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `2/3`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    package var runsSentinel: Bool { index == 1 }

    /// This share of `dashboards`, in their own order.
    package func select(_ dashboards: [DashboardExpectation]) -> [DashboardExpectation] {
        var load = [Int](repeating: 0, count: count)
        var owner: [String: Int] = [:]
        let heaviestFirst = dashboards.enumerated().sorted { left, right in
            let (a, b) = (1 + left.element.charts.count, 1 + right.element.charts.count)
            return a != b ? a > b : left.offset < right.offset
        }
        for (_, dashboard) in heaviestFirst {
            let lightest = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
            owner[dashboard.slug] = lightest + 1
            load[lightest] += 1 + dashboard.charts.count
        }
        return dashboards.filter { owner[$0.slug] == index }
    }
}
