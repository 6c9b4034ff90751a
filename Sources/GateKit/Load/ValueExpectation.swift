import Foundation

/// What a chart's number must be, as the expectations write it: `515` (exact), `{min: 1, max: 1000}`, or
/// `{value: 515, tolerance_percent: 1}`. Numbers are decimals as written: an exact `1234.57` compares a float Superset
/// sends rounded to the two places written, and an integer is never read through a Double.
public enum ValueExpectation: Sendable, Hashable, Codable, CustomStringConvertible {
    case exact(Decimal, scale: Int)
    case range(min: Decimal?, max: Decimal?)
    case tolerance(Decimal, percent: Decimal)

    /// Whether `actual` meets it; a float is first rounded to the scale the expectation is written to.
    public func accepts(_ actual: Decimal) -> Bool {
        switch self {
        case .exact(let value, let scale): return Self.rounded(actual, scale) == value
        case .range(let low, let high):
            return low.map { actual >= $0 } ?? true && high.map { actual <= $0 } ?? true
        case .tolerance(let value, let percent):
            let allowed = abs(value) * percent / 100
            return abs(actual - value) <= allowed
        }
    }

    public var description: String {
        switch self {
        case .exact(let value, _): return Self.words(value)
        case .range(let low?, let high?): return "\(Self.words(low))..\(Self.words(high))"
        case .range(let low?, nil): return ">= \(Self.words(low))"
        case .range(nil, let high?): return "<= \(Self.words(high))"
        case .range(nil, nil): return "any"
        case .tolerance(let value, let percent): return "\(Self.words(value)) ±\(Self.words(percent))%"
        }
    }

    static func rounded(_ value: Decimal, _ scale: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    /// A decimal as written (`515`, `1234.57`, `-0.5`).
    static func words(_ value: Decimal) -> String { NSDecimalNumber(decimal: value).stringValue }

    /// A number as the YAML writes it, with its scale (digits after the point); nil when it is not a plain decimal.
    static func number(_ text: String) -> (Decimal, scale: Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.range(of: #"^[+-]?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil,
              let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        let scale = trimmed.split(separator: ".").dropFirst().first?.count ?? 0
        return (value, scale)
    }
}

/// A chart's expected value or values in one environment: `value:` for a single-number chart, `values:` for a grouped
/// one (group → value; a group missing or extra fails).
public enum ChartValueExpectation: Sendable, Hashable, Codable, CustomStringConvertible {
    case single(ValueExpectation)
    case grouped([String: ValueExpectation])

    var isSingle: Bool { if case .single = self { true } else { false } }

    public var description: String {
        switch self {
        case .single(let value): return value.description
        case .grouped(let groups):
            return groups.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
    }
}

/// What a chart's render showed, read for a value check.
public enum ChartValueReading: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Decimal)
    /// Group → its number; a group whose cell is not a number is left out (the message names it).
    case groups([String: Decimal])
    /// The cell held no number: what it held, in words.
    case notANumber(String)

    enum NumberCodingKeys: String, CodingKey { case _0 = "value" }
    enum GroupsCodingKeys: String, CodingKey { case _0 = "values" }
    enum NotANumberCodingKeys: String, CodingKey { case _0 = "cell" }

    public var description: String {
        switch self {
        case .number(let value): return ValueExpectation.words(value)
        case .groups(let groups):
            return groups.isEmpty ? "no groups" : groups.sorted { $0.key < $1.key }.map { "\($0.key): \(ValueExpectation.words($0.value))" }.joined(separator: ", ")
        case .notANumber(let cell): return cell
        }
    }
}
