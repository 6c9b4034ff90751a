import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Values as a viewer reads them, from chart data as Superset's chart data API answers it.
@Suite("Value check")
struct ValueCheckTests {
    static func data(_ json: String) throws -> ChartData {
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return SupersetClient.chartData(result, limit: 100)
    }

    @Test("integers are read exactly (never through a Double); floats compare at the scale the expectation is written to")
    func numbers() throws {
        let big = try Self.data(#"{"colnames": ["n"], "coltypes": [0], "data": [{"n": 9007199254740993}]}"#)
        #expect(big.rows[0][0] == .integer(9_007_199_254_740_993), "2^53 + 1 survives: a Double would make it ...992")
        #expect(ValueCheck.judge(.single(.exact(Decimal(string: "9007199254740993")!, scale: 0)), big).problems.isEmpty)
        #expect(!ValueCheck.judge(.single(.exact(Decimal(string: "9007199254740992")!, scale: 0)), big).problems.isEmpty)

        let decimal = try Self.data(#"{"colnames": ["amount"], "coltypes": [0], "data": [{"amount": 1234.5678}]}"#)
        #expect(ValueCheck.judge(.single(.exact(Decimal(string: "1234.57")!, scale: 2)), decimal).problems.isEmpty, "rounded to 2 places")
        #expect(ValueCheck.judge(.single(.exact(Decimal(string: "1234.6")!, scale: 1)), decimal).problems.isEmpty, "rounded to 1 place")
        #expect(ValueCheck.judge(.single(.exact(Decimal(string: "1234.56")!, scale: 2)), decimal).problems == ["shows 1234.5678, expected 1234.56"])
        #expect(ValueCheck.judge(.single(.tolerance(1000, percent: 25)), decimal).problems.isEmpty)
        #expect(ValueCheck.judge(.single(.range(min: nil, max: 1000)), decimal).problems == ["shows 1234.5678, expected <= 1000"])
    }

    @Test("a single-number chart must answer one row with a number: none, several, or a null are each named")
    func singleShapes() throws {
        let wanted = ChartValueExpectation.single(.exact(515, scale: 0))
        #expect(ValueCheck.judge(wanted, try Self.data(#"{"colnames": ["n"], "coltypes": [0], "data": []}"#)).problems == ["shows no rows, expected 515"])
        #expect(ValueCheck.judge(wanted, try Self.data(#"{"colnames": ["n"], "coltypes": [0], "data": [{"n": 1}, {"n": 2}]}"#)).problems.first?
            .hasPrefix("shows 2 rows") == true)
        let null = ValueCheck.judge(wanted, try Self.data(#"{"colnames": ["n"], "coltypes": [0], "data": [{"n": null}]}"#))
        #expect(null.problems == ["shows null, expected 515"] && null.reading == .chartReading(.notANumber("null")))
        let text = try Self.data(#"{"colnames": ["s"], "coltypes": [1], "data": [{"s": "x"}]}"#)
        #expect(ValueCheck.judge(wanted, text).problems == ["shows x, expected 515"], "a single-number chart's one column, whatever its type")
        #expect(ValueCheck.judge(.grouped(["x": .exact(1, scale: 0)]), text).problems == ["has no numeric column to read a value from (columns: s)"])
    }

    @Test("groups: each wrong, missing and extra group is named with both numbers; temporal groups read as UTC dates")
    func groups() throws {
        let pie = try Self.data(#"{"colnames": ["status", "count"], "coltypes": [1, 0], "data": [{"status": "Failed", "count": 16}, {"status": "Complete", "count": 1}, {"status": "Retry", "count": 3}]}"#)
        let judged = ValueCheck.judge(.grouped(["Failed": .exact(8, scale: 0), "Complete": .exact(1, scale: 0), "Cancelled": .exact(2, scale: 0)]), pie)
        #expect(judged.problems == ["Cancelled: expected 2, missing", "Failed: expected 8, shows 16", "Retry: not expected, shows 3"])
        #expect(judged.reading == .chartReading(.groups(["Failed": 16, "Complete": 1, "Retry": 3])))

        let byDay = try Self.data(#"{"colnames": ["day", "n"], "coltypes": [2, 0], "data": [{"day": 1767225600000, "n": 4}, {"day": 1767229200000, "n": 5}]}"#)
        #expect(ValueCheck.judge(.grouped(["2026-01-01": .exact(4, scale: 0), "2026-01-01T01:00:00Z": .exact(5, scale: 0)]), byDay).problems.isEmpty)
    }

    @Test("a bar chart's pivoted dimension (count, Open / count, Pending Settle) is one group per cell drawn; empty cells are no group")
    func pivoted() throws {
        let bars = try Self.data(#"{"colnames": ["pool", "count, Open", "count, Pending Settle"], "coltypes": [1, 0, 0], "data": [{"pool": "P1", "count, Open": 10.0, "count, Pending Settle": null}, {"pool": "P2", "count, Open": null, "count, Pending Settle": 7.0}]}"#)
        let judged = ValueCheck.judge(.grouped(["P1, count, Open": .exact(10, scale: 0), "P2, count, Pending Settle": .exact(7, scale: 0)]), bars)
        #expect(judged.problems.isEmpty, "\(judged.problems)")
    }

    @Test("value and values in the expectations: every form reads; bad ones are errors at their line", arguments: [
        ("value: {local: lots}", "value of chart 'C'.local is not a number"),
        ("value: {nowhere: 1}", "names unknown environment 'nowhere'"),
        ("value: {local: {value: 1, tolerance_percent: 200}}", "tolerance_percent must be from 0 to 100"),
        ("value: {local: {min: 5, max: 1}}", "min 5 is above max 1"),
        ("value: {local: {tolerance_percent: 1}}", "tolerance_percent needs a value"),
        ("values: {local: {}}", "names no group"),
        ("values: {local: {a: x}}", "values of chart 'C'.local.a is not a number"),
        ("value: {local: 1}, values: {local: {a: 1}}", "has both 'value' and 'values'"),
    ])
    func badValues(_ keys: String, _ message: String) {
        expectLoadError("version: 1\nenvironments: {local: {}}\ndashboards:\n  - {slug: a, title: A, query: a.sql, rows: {local: 1}, charts: [{name: C, viz: pie, \(keys)}]}\n",
                        message, at: "e.yaml:4")
    }

    @Test("the forms read as written")
    func forms() throws {
        let yaml = """
            version: 1
            environments: {local: {}, staging: {}}
            dashboards:
              - slug: a
                title: A
                query: a.sql
                rows: {local: 1}
                charts:
                  - {name: K, viz: big_number_total, value: {local: 515, staging: {value: 1234.5, tolerance_percent: 1}}}
                  - {name: P, viz: pie, values: {local: {Failed: 8, "High Balance": {min: 1, max: 100}}}}
            """
        let expectations = try ExpectationsLoader.parse(yaml, file: "e.yaml") { _ in "SELECT 1 AS x" }
        let charts = expectations.dashboards[0].charts
        #expect(charts[0].values == ["local": .single(.exact(515, scale: 0)), "staging": .single(.tolerance(Decimal(string: "1234.5")!, percent: 1))])
        #expect(charts[1].values == ["local": .grouped(["Failed": .exact(8, scale: 0), "High Balance": .range(min: 1, max: 100)])])
    }
}
