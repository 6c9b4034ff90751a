import Foundation
import Probes

/// `value:` and `values:` on a chart: the number a viewer reads on a single-number chart, or each group's number on a
/// grouped one (a pie's slices, a bar's bars), as the chart's render answers it. Counts stay equal when a KPI shows 0
/// instead of 515 or a metric doubles every slice; this check does not.
package enum ValueCheck: DashboardCheck {
    package static let family = CheckFamily(code: "value", title: "value")

    package static func planned(_ dashboard: PlannedDashboard, in plan: GatePlan) -> [CheckKind] {
        dashboard.charts.filter { $0.value != nil }.map { CheckKind(family: family, chart: $0.name) }
    }

    package static func judge(_ context: DashboardCheckContext) -> [CheckResult] {
        var results: [CheckResult] = []
        for chart in context.dashboard.charts {
            guard let expectation = chart.value else { continue }
            var result = context.result(family)
            result.check = CheckKind(family: family, chart: chart.name)
            result.expected = .chartValue(expectation)
            guard let id = context.observation.chart(named: chart.name)?.id else {
                result.outcome = .skipped
                result.message = "chart '\(chart.name)' is not on the dashboard once (see its chart check)"
                results.append(result)
                continue
            }
            // What a viewer sees first: under the dashboard's default filters where one reaches the chart.
            let underDefaults = context.observation.dashboardRenders[id]
            guard let data = context.observation.firstView(of: id)?.data else {
                result.outcome = .skipped
                result.message = "chart '\(chart.name)' (id \(id)) did not render (see its chart check)"
                results.append(result)
                continue
            }
            let judged = judge(expectation, data)
            result.actual = judged.reading
            if !judged.problems.isEmpty {
                result.outcome = .failed
                result.message = "\(context.dashboard.title): chart '\(chart.name)' " + judged.problems.joined(separator: "; ")
                    + (underDefaults.map { " (under the dashboard's default filters: " + $0.filters.joined(separator: "; ") + ")" } ?? "")
            }
            results.append(result)
        }
        return results
    }

    /// What the rows show against what is expected: the reading, and each way they differ in words.
    static func judge(_ expectation: ChartValueExpectation, _ data: ChartData) -> (reading: CheckValue?, problems: [String]) {
        // A single-number chart whose one cell is null has no numeric type to find its column by: its one column.
        let single = data.columns.count == 1 ? 0 : nil
        guard let column = ChartValues.valueColumn(data) ?? (expectation.isSingle ? single : nil) else {
            return (nil, ["has no numeric column to read a value from (columns: \(data.columns.joined(separator: ", ")))"])
        }
        switch expectation {
        case .single(let wanted):
            guard data.rows.count == 1 else {
                return (nil, [data.rows.isEmpty ? "shows no rows, expected \(wanted)"
                              : "shows \(data.rows.count) rows: a value is read from a single-number chart (one row); use values: by group"])
            }
            guard let number = ChartValues.number(data.rows[0][column]) else {
                let cell = ChartValues.words(data.rows[0][column], kind: data.kinds[safe: column])
                return (.chartReading(.notANumber(cell)), ["shows \(cell), expected \(wanted)"])
            }
            let reading = CheckValue.chartReading(.number(number))
            return wanted.accepts(number) ? (reading, []) : (reading, ["shows \(ValueExpectation.words(number)), expected \(wanted)"])
        case .grouped(let wanted):
            let (groups, unreadable) = ChartValues.groups(data, valueColumn: column)
            var problems: [String] = unreadable.map { "\($0.group): shows \($0.cell), not a number" }
            for (group, expected) in wanted.sorted(by: { $0.key < $1.key }) {
                guard let number = groups[group] else {
                    if !unreadable.contains(where: { $0.group == group }) { problems.append("\(group): expected \(expected), missing") }
                    continue
                }
                if !expected.accepts(number) { problems.append("\(group): expected \(expected), shows \(ValueExpectation.words(number))") }
            }
            for (group, number) in groups.sorted(by: { $0.key < $1.key }) where wanted[group] == nil {
                problems.append("\(group): not expected, shows \(ValueExpectation.words(number))")
            }
            return (.chartReading(.groups(groups)), problems)
        }
    }
}

/// Reading numbers and groups from a chart's rows the way a viewer reads the chart.
enum ChartValues {
    /// The value is the last numeric column: Superset puts a query's metrics after its group-by columns.
    static func valueColumn(_ data: ChartData) -> Int? {
        if let index = data.kinds.lastIndex(of: .numeric), index < data.columns.count { return index }
        // Without coltypes: the last column every row holds a number in.
        return data.columns.indices.last { index in
            !data.rows.isEmpty && data.rows.allSatisfy { number($0[safe: index] ?? .null) != nil }
        }
    }

    /// A cell as a decimal: an integer exactly, a float by its shortest decimal form (what Superset's JSON wrote).
    static func number(_ cell: ChartCell?) -> Decimal? {
        switch cell {
        case .integer(let value)?: return Decimal(value)
        case .number(let value)? where value.isFinite: return Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
        case .text(let text)?: return ValueExpectation.number(text)?.0
        default: return nil
        }
    }

    /// Group → number. The group is the other columns' cells in words, joined by ", "; where a chart answers several
    /// numeric columns (two metrics, or a bar chart's dimension pivoted into `count, Open`, `count, Pending Settle`),
    /// each column is its own group, its name appended, and an empty (null) cell is a bar not drawn, so no group.
    static func groups(_ data: ChartData, valueColumn: Int) -> ([String: Decimal], unreadable: [(group: String, cell: String)]) {
        let numeric = data.kinds.indices.filter { data.kinds[$0] == .numeric && $0 < data.columns.count }
        let valueColumns = numeric.count > 1 ? numeric : [valueColumn]
        var groups: [String: Decimal] = [:]
        var unreadable: [(group: String, cell: String)] = []
        for row in data.rows {
            let names = row.indices.filter { !valueColumns.contains($0) }.map { words(row[$0], kind: data.kinds[safe: $0]) }
            for column in valueColumns {
                let group = (names + (valueColumns.count > 1 ? [data.columns[column]] : [])).joined(separator: ", ")
                let cell = row[safe: column] ?? .null
                if valueColumns.count > 1, cell == .null { continue }
                guard let number = number(cell) else {
                    unreadable.append((group, words(cell, kind: data.kinds[safe: column])))
                    continue
                }
                groups[group, default: 0] += number
            }
        }
        return (groups, unreadable)
    }

    /// A cell as a group name: a temporal column's epoch milliseconds as a UTC date (and time when not midnight).
    static func words(_ cell: ChartCell?, kind: ChartData.ColumnKind?) -> String {
        switch cell {
        case nil, .null?: return "null"
        case .text(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .integer(let value)? where kind == .temporal: return date(milliseconds: Double(value))
        case .number(let value)? where kind == .temporal: return date(milliseconds: value)
        case .integer(let value)?: return "\(value)"
        case .number(let value)?: return number(.number(value)).map(ValueExpectation.words) ?? "\(value)"
        }
    }

    static func date(milliseconds: Double) -> String {
        let date = Date(timeIntervalSince1970: milliseconds / 1000)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let midnight = milliseconds.truncatingRemainder(dividingBy: 86_400_000) == 0
        formatter.formatOptions = midnight ? [.withFullDate] : [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
