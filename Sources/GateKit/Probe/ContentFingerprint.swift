import Foundation
import Probes

/// An order-independent fingerprint of a query's rows, as data-diff and reladiff compare tables across engines: each
/// value in a canonical form both arms reach from their own types, each row hashed to 64 bits, the hashes summed (so
/// duplicates count and order does not), and one sum per column so a mismatch names the columns that differ.
package struct ContentFingerprint: Sendable, Equatable {
    /// The columns, lowercased and sorted: the order both arms hash a row in.
    package let columns: [String]
    package private(set) var rows = 0
    package private(set) var rowSum: UInt64 = 0
    package private(set) var columnSums: [UInt64]
    /// The canonical rows themselves while there are at most `keptRows` of them: a mismatch then shows the rows.
    package private(set) var kept: [[CanonicalValue]]? = []
    package static let keptRows = 2_000

    /// `columns` in the order the rows will come; they are hashed in sorted order.
    package init(columns: [String]) {
        let names = columns.map { $0.lowercased() }
        order = names.indices.sorted { names[$0] < names[$1] }
        self.columns = order.map { names[$0] }
        columnSums = Array(repeating: 0, count: names.count)
    }

    /// Row positions in sorted column order.
    private let order: [Int]

    /// Adds one row, its values in the order the columns were given.
    package mutating func add(_ values: [CanonicalValue]) {
        var rowHash = FNV1a()
        for (position, index) in order.enumerated() {
            let value = index < values.count ? values[index] : .null
            let hashed = value.hashed
            columnSums[position] &+= hashed
            rowHash.add(hashed)
        }
        rows += 1
        rowSum &+= rowHash.finished
        if kept != nil {
            if rows <= Self.keptRows { kept?.append(order.map { $0 < values.count ? values[$0].kept : .null }) } else { kept = nil }
        }
    }

    /// The whole fingerprint as 16 hex digits: rows and their sum.
    package var digest: String {
        var hash = FNV1a()
        hash.add(UInt64(rows))
        hash.add(rowSum)
        return String(hash.finished, radix: 16).leftPadded(to: 16)
    }
}

/// One value as both arms write it: a number as the IEEE double both hold (Superset's JSON carries doubles; a decimal
/// is exact to 15 significant digits, an integer to 2^53, as a browser shows it), a time as UTC milliseconds, text
/// trimmed (SQL Server pads `CHAR`), a GUID in lower case, a boolean, or NULL.
package enum CanonicalValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case number(Double)
    case time(milliseconds: Int64)
    case text(String)
    case boolean(Bool)

    /// From text a database driver gave for a column of `sqlType` (ODBC's codes).
    package init(databaseText text: String?, sqlType: Int) {
        guard let text else { self = .null; return }
        switch sqlType {
        case 2, 3, 4, 5, 6, 7, 8, -5, -6:
            // SQL_NUMERIC, SQL_DECIMAL, SQL_INTEGER, SQL_SMALLINT, SQL_FLOAT, SQL_REAL, SQL_DOUBLE, SQL_BIGINT, SQL_TINYINT
            self = Double(text.trimmingCharacters(in: .whitespaces)).map(CanonicalValue.number) ?? .text(text)
        case -7:
            // SQL_BIT (SQL Server's bit; PostgreSQL's boolean with psqlODBC's BoolsAsChar=0)
            let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
            self = ["1", "t", "true"].contains(trimmed) ? .boolean(true) : ["0", "f", "false"].contains(trimmed) ? .boolean(false) : .text(text)
        case 9, 11, 91, 93, -154, -155:
            // SQL_DATE, SQL_TIMESTAMP, SQL_TYPE_DATE, SQL_TYPE_TIMESTAMP, SQL Server's time and datetimeoffset
            self = Self.milliseconds(text).map { .time(milliseconds: $0) } ?? .text(text)
        default:
            self = Self.trimmed(text)
        }
    }

    /// From a cell of Superset's chart data answer in a column of `kind` (temporal columns come as epoch milliseconds).
    package init(superset cell: ChartCell, kind: ChartData.ColumnKind) {
        switch (cell, kind) {
        case (.null, _): self = .null
        case (.integer(let number), .temporal): self = .time(milliseconds: number)
        case (.number(let number), .temporal): self = .time(milliseconds: Int64(number.rounded()))
        case (.text(let text), .temporal): self = Self.milliseconds(text).map { .time(milliseconds: $0) } ?? Self.trimmed(text)
        case (.integer(let number), _): self = .number(Double(number))
        case (.number(let number), _): self = .number(number)
        case (.bool(let flag), _): self = .boolean(flag)
        case (.text(let text), _): self = Self.trimmed(text)
        }
    }

    private static func trimmed(_ text: String) -> CanonicalValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return .text(isGUID(trimmed) ? trimmed.lowercased() : trimmed)
    }

    /// `6F9619FF-8B86-D011-B42D-00C04FC964FF`: SQL Server's drivers write it in upper case, Python's uuid in lower.
    private static func isGUID(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return false }
        for (index, byte) in utf8.enumerated() {
            if [8, 13, 18, 23].contains(index) { if byte != UInt8(ascii: "-") { return false } } else if !byte.isHexDigit { return false }
        }
        return true
    }

    /// `2026-04-15`, `2026-04-15 09:10:00`, `2026-04-15T09:10:00.1234567`, with an optional `+02`, `+02:00` or `Z`:
    /// milliseconds since 1970 in UTC (a time without an offset is read as UTC, as Superset reads it).
    static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard byte.isDigit else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip(UInt8(ascii: "-")), let month = number(2), skip(UInt8(ascii: "-")), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var (hour, minute, second, fraction) = (0, 0, 0, 0.0)
        if skip(UInt8(ascii: " ")) || skip(UInt8(ascii: "T")) {
            guard let h = number(2), skip(UInt8(ascii: ":")), let m = number(2) else { return nil }
            (hour, minute) = (h, m)
            if skip(UInt8(ascii: ":")) {
                guard let s = number(2) else { return nil }
                second = s
                if skip(UInt8(ascii: ".")) {
                    var scale = 0.1
                    while index < bytes.count, bytes[index].isDigit {
                        fraction += Double(bytes[index] - 48) * scale
                        scale /= 10
                        index += 1
                    }
                }
            }
        }
        var offsetMinutes = 0
        if skip(UInt8(ascii: "Z")) {
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let h = number(2) else { return nil }
            var m = 0
            if skip(UInt8(ascii: ":")) || (index < bytes.count && bytes[index].isDigit) {
                guard let minutes = number(2) else { return nil }
                m = minutes
            }
            offsetMinutes = sign * (h * 60 + m)
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offsetMinutes * 60)
        return seconds * 1_000 + Int64((fraction * 1_000).rounded())
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm): no calendar, no time zone.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The bytes hashed: a kind tag, then the value, so NULL, the number 1, the text '1' and true all differ.
    var canonical: String {
        switch self {
        case .null: return "\u{0}"
        case .number(let number):
            if number == number.rounded(), abs(number) < 9.2e18 { return "n" + String(Int64(number)) }
            return "n" + String(number)
        case .time(let milliseconds): return "t" + String(milliseconds)
        case .text(let text): return "s" + text
        case .boolean(let flag): return flag ? "b1" : "b0"
        }
    }

    /// As a kept row holds it: a long text as its start and its hash, so 2,000 kept rows stay small and still compare.
    var kept: CanonicalValue {
        guard case .text(let text) = self, text.utf8.count > 120 else { return self }
        return .text(String(text.prefix(80)) + "…#" + String(hashed, radix: 16))
    }

    var hashed: UInt64 {
        var hash = FNV1a()
        hash.add(bytes: canonical.utf8)
        return hash.finished
    }

    /// How a differing row shows it: `515`, `19.84`, `2026-04-15T09:10:00Z`, `'Failed'`, `true`, `NULL`.
    package var description: String {
        switch self {
        case .null: return "NULL"
        case .number: return String(canonical.dropFirst())
        case .time(let milliseconds):
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
            var style = Date.ISO8601FormatStyle(timeZone: .gmt)
            if milliseconds % 1_000 != 0 { style = style.time(includingFractionalSeconds: true) }
            return date.formatted(style)
        case .text(let text): return "'" + (text.count > 60 ? String(text.prefix(59)) + "…" : text) + "'"
        case .boolean(let flag): return flag ? "true" : "false"
        }
    }
}

/// 64-bit FNV-1a with a final mix (splitmix64's), so sums of hashes of near-equal values spread over all 64 bits. The
/// same on every machine and run, unlike Swift's seeded `Hasher`: fingerprints can be compared across reports.
struct FNV1a {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<Bytes: Sequence<UInt8>>(bytes: Bytes) {
        for byte in bytes {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01b3
        }
        // A terminator, so "ab" + "c" and "a" + "bc" hash apart.
        state ^= 0xff
        state &*= 0x0000_0100_0000_01b3
    }

    mutating func add(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { add(bytes: $0) }
    }

    var finished: UInt64 {
        var z = state &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

private extension UInt8 {
    var isDigit: Bool { (48...57).contains(self) }
    var isHexDigit: Bool { isDigit || (65...70).contains(self) || (97...102).contains(self) }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// What an arm got of a dashboard's rows for the content check.
package enum ContentProbe: Sendable, Equatable {
    case fingerprint(ContentFingerprint)
    /// More rows than `max_agreement_rows`: only the counts are compared.
    case overLimit(rows: Int, limit: Int)
    case failed(ProbeFailure)
}

extension ContentProbe {
    /// A fingerprint read by `read`; more rows than `limit` (the data grew since the count) is over the limit.
    static func reading(limit: Int, _ read: @Sendable () async throws -> ContentFingerprint) async -> ContentProbe {
        do {
            return .fingerprint(try await read())
        } catch let cap as FetchCap {
            return .overLimit(rows: cap.cap + 1, limit: limit)
        } catch {
            return .failed(ProbeFailure(error))
        }
    }
}

extension ContentFingerprint {
    /// The rows of Superset's chart data answer, each cell canonicalised by its column's kind.
    package init(superset data: ChartData) {
        self.init(columns: data.columns)
        for row in data.rows {
            add(row.enumerated().map { index, cell in
                CanonicalValue(superset: cell, kind: index < data.kinds.count ? data.kinds[index] : .unknown)
            })
        }
    }
}
