import ArgumentParser
import GateKit

/// Command-line values parsed once, by argument-parser, with GateKit's own parsers (tested there).
enum ArgumentValues {
    /// `--arm sentinel,superset`: one option's value, a comma-separated list.
    static func arms(_ text: String) throws -> Set<Arm> {
        do { return try CommandLineValues.arms([text]) } catch { throw ValidationError(error.description) }
    }

    /// `--wait 5m`, `--deadline 2m`: a duration of at most a day, named by its option when it is not one.
    static func duration(_ option: String) -> @Sendable (String) throws -> Duration {
        { text in
            guard let duration = CommandLineValues.duration(text) else {
                throw ValidationError("\(option) '\(text)' is not a duration of at most a day; write e.g. 30s, 5m or 1m30s")
            }
            return duration
        }
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
