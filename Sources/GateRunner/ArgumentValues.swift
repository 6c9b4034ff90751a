import ArgumentParser
import GateKit

/// Command-line values parsed once, by argument-parser, with GateKit's own parsers (tested there).
enum ArgumentValues {
    /// `--arm sentinel,superset`: one option's value, a comma-separated list.
    static func arms(_ text: String) throws -> Set<Arm> {
        do { return try CommandLineValues.arms([text]) } catch { throw ValidationError(error.description) }
    }

    /// `--wait 5m`.
    static func wait(_ text: String) throws -> Duration {
        guard let duration = CommandLineValues.duration(text) else {
            throw ValidationError("--wait '\(text)' is not a duration of at most a day; write e.g. 30s, 5m or 1m30s")
        }
        return duration
    }

    /// `--shard 2/3`.
    static func shard(_ text: String) throws -> Shard {
        guard let shard = Shard(text) else { throw ValidationError("--shard '\(text)' is not I/N with 1 ≤ I ≤ N, e.g. 2/3") }
        return shard
    }

    /// `--retries`: zero or more.
    static func count(_ text: String) throws -> Int {
        guard let value = Int(text), (0...20).contains(value) else { throw ValidationError("--retries must be a whole number from 0 to 20, not '\(text)'") }
        return value
    }

    /// `history --runs`.
    static func runs(_ text: String) throws -> Int {
        guard let value = Int(text), (1...1000).contains(value) else { throw ValidationError("--runs must be a whole number from 1 to 1000, not '\(text)'") }
        return value
    }

    /// Timeouts and --concurrency.
    static func positive(_ text: String) throws -> Int {
        guard let value = Int(text), (1...86_400).contains(value) else {
            throw ValidationError("timeouts and --concurrency must be whole numbers from 1 to 86400, not '\(text)'")
        }
        return value
    }
}
