import Foundation
import Yams

/// When a row count has moved too far from the same count in the recent runs of the run history
/// (`history:` at the top, in an environment, and `trend:` in a dashboard, each overriding the one before).
package struct TrendRule: Sendable, Equatable {
    /// How many earlier runs of the same environment and tenant form the baseline.
    package var runs: Int
    /// A change of more than this share of the baseline (the median of those runs) is an anomaly; nil: no share limit.
    package var maxChangePercent: Double?
    /// A count more than this many standard deviations from the runs' mean is an anomaly (with at least 3 earlier runs
    /// whose counts differ); nil: no deviation limit.
    package var maxDeviations: Double?
    /// An anomaly is a warning (the default: data moves between deploys) or, when the expectations say so, a failure.
    package var level: CheckLevel

    package static let defaults = TrendRule(runs: 5, maxChangePercent: 5, maxDeviations: nil, level: .warn)

    package init(runs: Int, maxChangePercent: Double?, maxDeviations: Double?, level: CheckLevel) {
        self.runs = runs
        self.maxChangePercent = maxChangePercent
        self.maxDeviations = maxDeviations
        self.level = level
    }

    package func overridden(by override: TrendRuleOverride) -> TrendRule {
        var rule = self
        if let runs = override.runs { rule.runs = runs }
        if let share = override.maxChangePercent { rule.maxChangePercent = share.value }
        if let deviations = override.maxDeviations { rule.maxDeviations = deviations.value }
        if let level = override.level { rule.level = level }
        return rule
    }
}

/// A limit written as a number or `off`.
package struct Limit: Sendable, Equatable {
    package var value: Double?
    package static let off = Limit(value: nil)
}

/// What one `history:` or `trend:` block sets; the rest comes from the block before it.
package struct TrendRuleOverride: Sendable, Equatable {
    /// The history file (`history:` blocks only), relative to the expectations file's folder.
    package var path: String?
    package var runs: Int?
    package var maxChangePercent: Limit?
    package var maxDeviations: Limit?
    package var level: CheckLevel?

    package init(path: String? = nil, runs: Int? = nil, maxChangePercent: Limit? = nil, maxDeviations: Limit? = nil, level: CheckLevel? = nil) {
        self.path = path
        self.runs = runs
        self.maxChangePercent = maxChangePercent
        self.maxDeviations = maxDeviations
        self.level = level
    }

    /// Reads a `history:` block (with `path`) or a dashboard's `trend:` block (without).
    static func read(_ node: Node, _ reader: NodeReader, _ what: String, allowsPath: Bool) throws(ConfigurationError) -> TrendRuleOverride {
        let keys: Set<String> = ["runs", "max_change_percent", "max_deviations", "level"]
        let map = try reader.mapping(node, what, keys: allowsPath ? keys.union(["path"]) : keys)
        var rule = TrendRuleOverride()
        if let path = map["path"] {
            rule.path = try reader.string(path, "\(what).path")
        }
        if let runs = map["runs"] {
            let number = try reader.int(runs, "\(what).runs")
            guard (1...1000).contains(number) else { throw reader.error(runs, "\(what).runs must be a whole number from 1 to 1000") }
            rule.runs = number
        }
        func limit(_ key: String, _ range: ClosedRange<Double>) throws(ConfigurationError) -> Limit? {
            guard let value = map[key] else { return nil }
            let text = try reader.string(value, "\(what).\(key)")
            if text == "off" { return .off }
            guard let number = Double(text), range.contains(number) else {
                throw reader.error(value, "\(what).\(key) '\(text)' is not a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)), or off")
            }
            return Limit(value: number)
        }
        rule.maxChangePercent = try limit("max_change_percent", 0...100_000)
        rule.maxDeviations = try limit("max_deviations", 0...1000)
        if let level = map["level"] {
            let text = try reader.string(level, "\(what).level")
            guard let parsed = CheckLevel(rawValue: text) else { throw reader.error(level, "\(what).level '\(text)' is not one of fail, warn") }
            rule.level = parsed
        }
        return rule
    }
}
