import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The content fingerprint and its check, without a stack: canonical forms both arms reach from their own types, a
/// fingerprint blind to order but not to duplicates, and a mismatch that names the columns and the rows.
@Suite("Content agreement")
struct ContentCheckTests {
    /// What psqlODBC (and SQL Server's driver) hand the database arm, and what Superset's chart data sends for the same
    /// values: each pair must canonicalise equal.
    static let samePairs: [(text: String?, sqlType: Int, cell: ChartCell, kind: ChartData.ColumnKind)] = [
        ("515", 4, .integer(515), .numeric),                                   // integer
        ("19.840", 3, .number(19.84), .numeric),                               // decimal(18, 3) with a trailing zero
        ("558000.00", 2, .number(558000), .numeric),                           // numeric(12, 2), whole
        ("100.687500", 2, .number(100.6875), .numeric),                        // numeric(9, 6)
        ("9007199254740993", -5, .integer(9007199254740993), .numeric),       // bigint beyond 2^53, as a browser reads it
        ("2026-04-15 09:10:00", 93, .number(1776244200000), .temporal),       // timestamp, Superset's epoch milliseconds
        ("2026-04-15 09:10:00.1234567", 93, .number(1776244200123), .temporal), // datetime2(7)
        ("2026-04-15 11:10:00+02:00", -155, .number(1776244200000), .temporal), // datetimeoffset
        ("2026-05-13", 91, .number(1778630400000), .temporal),                // date
        ("B   ", 1, .text("B"), .string),                                     // char(4), padded by SQL Server
        ("6F9619FF-8B86-D011-B42D-00C04FC964FF", -11, .text("6f9619ff-8b86-d011-b42d-00c04fc964ff"), .string), // uniqueidentifier
        ("1", -7, .bool(true), .boolean),                                     // bit
        (nil, 12, .null, .string),                                            // NULL
    ]

    @Test("each database text and Superset cell of the same value canonicalise equal", arguments: samePairs.indices)
    func sameValue(_ index: Int) {
        let pair = Self.samePairs[index]
        #expect(CanonicalValue(databaseText: pair.text, sqlType: pair.sqlType) == CanonicalValue(superset: pair.cell, kind: pair.kind))
    }

    @Test("different values, and the same digits of different kinds, canonicalise apart")
    func differentValues() {
        #expect(CanonicalValue(databaseText: "515", sqlType: 4) != CanonicalValue(superset: .integer(0), kind: .numeric))
        #expect(CanonicalValue(databaseText: "1", sqlType: 12).hashed != CanonicalValue(databaseText: "1", sqlType: 4).hashed, "text '1' is not the number 1")
        #expect(CanonicalValue.null.hashed != CanonicalValue.text("").hashed, "NULL is not the empty text")
        #expect(CanonicalValue(databaseText: "2026-04-15 09:10:00", sqlType: 93) != CanonicalValue(superset: .number(1776244200001), kind: .temporal))
    }

    func fingerprint(_ columns: [String], _ rows: [[CanonicalValue]]) -> ContentFingerprint {
        var fingerprint = ContentFingerprint(columns: columns)
        rows.forEach { fingerprint.add($0) }
        return fingerprint
    }

    @Test("the fingerprint ignores row and column order, counts duplicates, and tells a swapped value apart")
    func orderAndDuplicates() {
        let rows: [[CanonicalValue]] = [[.text("Failed"), .number(8)], [.text("Complete"), .number(1)], [.text("Failed"), .number(8)]]
        let base = fingerprint(["status", "n"], rows)
        let reversed = fingerprint(["status", "n"], rows.reversed())
        #expect(base.digest == reversed.digest && base.columnSums == reversed.columnSums, "rows in another order")
        #expect(base.digest == fingerprint(["n", "status"], rows.map { $0.reversed() }).digest, "columns in another order")
        #expect(base.digest != fingerprint(["status", "n"], Array(rows.prefix(2)) + [[.text("Complete"), .number(1)]]).digest, "one duplicate swapped")
        // The same values per column, paired into other rows: each column's sum is equal, the rows' is not.
        let swapped = fingerprint(["status", "n"], [[.text("Failed"), .number(1)], [.text("Complete"), .number(8)], [.text("Failed"), .number(8)]])
        #expect(base.columnSums == swapped.columnSums && base.rowSum != swapped.rowSum)
    }

    func dashboard() throws -> PlannedDashboard {
        let expectations = Sample.expectations
        return PlannedDashboard(try #require(expectations.dashboards.first), in: try expectations.environment(named: "local"), keys: ["local"])
    }

    func judge(_ database: ContentProbe, _ superset: ContentProbe) throws -> CheckResult? {
        let planned = try dashboard()
        var fromSuperset = SupersetObservation(slug: planned.slug, lookup: planned.slug, dashboard: .failure(ProbeFailure(message: "unused")))
        fromSuperset.content = superset
        var fromDatabase = DatabaseObservation(slug: planned.slug, lint: [])
        fromDatabase.content = database
        return Evaluation.evaluateContent(planned, superset: fromSuperset, database: fromDatabase)
    }

    @Test("equal fingerprints pass; other rows of the same count fail naming the column and the rows each arm alone has")
    func otherRows() throws {
        let rows: [[CanonicalValue]] = [[.text("R1"), .text("scheduler")], [.text("R2"), .text("scheduler")]]
        let same = try #require(try judge(.fingerprint(fingerprint(["run_id", "triggered_by"], rows)),
                                          .fingerprint(fingerprint(["run_id", "triggered_by"], rows.reversed()))))
        #expect(same.outcome == .passed && same.check == .content)
        #expect(same.expected == .content(rows: 2, digest: fingerprint(["run_id", "triggered_by"], rows).digest, arm: .db))

        let other = fingerprint(["run_id", "triggered_by"], [rows[0], [.text("R2"), .text("replica")]])
        let result = try #require(try judge(.fingerprint(fingerprint(["run_id", "triggered_by"], rows)), .fingerprint(other)))
        #expect(result.outcome == .failed)
        #expect(result.message.contains("Superset's rows are not the database's: values differ in triggered_by; 1 row(s) only in the database, 1 only in Superset; "
                                        + "e.g. the database has (triggered_by='scheduler'), Superset (triggered_by='replica')"), "\(result.message)")
        #expect(result.detail == "only in the database (1):\n  (triggered_by='scheduler')\nonly in Superset (1):\n  (triggered_by='replica')")
    }

    @Test("columns only one arm has are named; too many rows to list says so; over the limit compares counts only; a failed read is an error")
    func otherCases() throws {
        let columns = try #require(try judge(.fingerprint(fingerprint(["a", "b"], [[.number(1), .number(2)]])),
                                             .fingerprint(fingerprint(["a", "c"], [[.number(1), .number(2)]]))))
        #expect(columns.outcome == .failed)
        #expect(columns.message.contains("the columns differ (only the database's query returns b; only Superset's dataset lists c)"), "\(columns.message)")

        let many = (0...ContentFingerprint.keptRows).map { [CanonicalValue.number(Double($0))] }
        let big = try #require(try judge(.fingerprint(fingerprint(["a"], many)), .fingerprint(fingerprint(["a"], many.dropLast() + [[.number(-1)]]))))
        #expect(big.outcome == .failed && big.message.contains("values differ in a; too many rows to list the differing ones"), "\(big.message)")

        let over = try #require(try judge(.overLimit(rows: 9_000, limit: 5_000), .fingerprint(fingerprint(["a"], []))))
        #expect(over.outcome == .skipped && over.message.contains("compared counts only: 9000 rows is above max_agreement_rows (5000)"))

        let failed = try #require(try judge(.fingerprint(fingerprint(["a"], [])), .failed(ProbeFailure(message: "HTTP 500", code: .httpStatus(500)))))
        #expect(failed.outcome == .error && failed.message.contains("reading them from Superset failed: HTTP 500"), "\(failed.message)")

        // Rows too wide for the answer cap are not a finding: counts only, and the setting to change.
        let wide = try #require(try judge(.failed(ProbeFailure(ValueTooLarge(limit: 8_388_608))), .fingerprint(fingerprint(["a"], []))))
        #expect(wide.outcome == .skipped && wide.message.contains("compared counts only: the rows' text passed 8388608 bytes")
                && wide.message.hasSuffix("lower max_agreement_rows or raise max_response_bytes"), "\(wide.message)")
    }

    @Test("a kept row holds a long text as its start and hash: small, and still equal only to the same text")
    func longTextKept() {
        let long = String(repeating: "x", count: 1_000_000)
        var one = ContentFingerprint(columns: ["t"]), other = ContentFingerprint(columns: ["t"])
        one.add([.text(long)])
        other.add([.text(long + "y")])
        let kept = one.kept?.first?.first
        #expect(kept.map { "\($0)".utf8.count < 100 } == true)
        #expect(kept != other.kept?.first?.first && one.rowSum != other.rowSum)
    }

    @Test("timestamps parse to UTC milliseconds in the forms drivers write; other text is not a time")
    func times() {
        #expect(CanonicalValue.milliseconds("1970-01-01") == 0)
        #expect(CanonicalValue.milliseconds("1969-12-31 23:59:59") == -1_000)
        #expect(CanonicalValue.milliseconds("2000-02-29T12:00:00Z") == 951_825_600_000)
        #expect(CanonicalValue.milliseconds("2026-04-15 09:10:00-0130") == 1_776_249_600_000, "10:40 UTC")
        #expect(CanonicalValue.milliseconds("2026-13-01") == nil && CanonicalValue.milliseconds("soon") == nil
                && CanonicalValue.milliseconds("2026-04-15 09:10:00 extra") == nil)
    }
}
