import Foundation
import ArgumentParser
import GateKit

/// Command-line values, parsed once by argument-parser through these transforms; each error names its option and
/// its real limits (a setting's from the settings' own table).
enum ArgumentValues {
    /// The longest --wait or --deadline accepted: a deploy gate that waits a day has hung.
    static let longestWait: Double = 24 * 3600

    /// `--arm sentinel,superset`: one option's value, a comma-separated list.
    static func arms(_ text: String) throws -> Set<Arm> {
        try arms([text])
    }

    /// `--arm sentinel,superset --arm db`; also a, b, c after the design's arm letters. Empty means all.
    static func arms(_ values: [String]) throws -> Set<Arm> {
        guard !values.isEmpty else { return [.sentinel, .superset, .db] }
        var arms: Set<Arm> = []
        for value in values {
            let names = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            for name in names {
                switch name {
                case "sentinel", "a": arms.insert(.sentinel)
                case "superset", "render", "b": arms.insert(.superset)
                case "db", "database", "c": arms.insert(.db)
                case "": throw ValidationError("--arm needs a name: sentinel, superset or db")
                default: throw ValidationError("unknown arm '\(name)'; use sentinel, superset or db")
                }
            }
        }
        return arms
    }

    /// `--wait 5m`, `--deadline 2m`: a duration of at most a day, named by its option when it is not one.
    /// `--skip-check definition`: the code of a family `--skip-check` may switch off.
    static func skippableCheck(_ text: String) throws -> String {
        let codes = CheckRegistry.skippable.map(\.code)
        guard codes.contains(text) else {
            throw ValidationError("--skip-check '\(text)' is not a check --skip-check can switch off; use one of " + codes.joined(separator: ", "))
        }
        return text
    }

    static func duration(_ option: String) -> @Sendable (String) throws -> Duration {
        { text in
            guard let duration = parseDuration(text) else {
                throw ValidationError("\(option) '\(text)' is not a duration of at most a day; write e.g. 30s, 5m or 1m30s")
            }
            return duration
        }
    }

    /// `90`, `90s`, `5m`, `1m30s`, `2h`: a finite, non-negative duration of at most a day.
    static func parseDuration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var total = 0.0
        if trimmed.allSatisfy({ $0.isNumber || $0 == "." }) {
            guard let seconds = Double(trimmed) else { return nil }
            total = seconds
        } else {
            var number = ""
            for character in trimmed {
                if character.isNumber || character == "." {
                    number.append(character)
                    continue
                }
                guard let value = Double(number) else { return nil }
                switch character {
                case "h": total += value * 3600
                case "m": total += value * 60
                case "s": total += value
                default: return nil
                }
                number = ""
            }
            guard number.isEmpty else { return nil }
        }
        guard total.isFinite, total >= 0, total <= longestWait else { return nil }
        return .milliseconds(Int((total * 1000).rounded()))
    }

    /// `--shard 2/3`.
    static func shard(_ text: String) throws -> Shard {
        guard let shard = Shard(text) else { throw ValidationError("--shard '\(text)' is not I/N with 1 ≤ I ≤ N, e.g. 2/3") }
        return shard
    }

    /// `history --runs`.
    static func runs(_ text: String) throws -> Int {
        guard let value = Int(text), (1...1000).contains(value) else { throw ValidationError("--runs must be a whole number from 1 to 1000, not '\(text)'") }
        return value
    }

    /// An option that overrides a setting (`--concurrency` is `concurrency`): a whole number within that setting's own
    /// limits, from the settings' table, and an error that names the option.
    static func setting(_ key: String, option: String) -> @Sendable (String) throws -> Int {
        guard let field = SettingsOverride.fields.first(where: { $0.key == key }) else { preconditionFailure("no setting '\(key)'") }
        return { text in
            guard let value = Int(text), (field.minimum...field.maximum).contains(value) else {
                throw ValidationError("\(option) must be a whole number from \(field.minimum) to \(field.maximum), not '\(text)'")
            }
            return value
        }
    }
}
