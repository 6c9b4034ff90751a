/// Values a command line gives as text, parsed here so they are tested with the rest of the gate.
package enum CommandLineValues {
    /// The longest --wait accepted: a deploy gate that waits a day has hung.
    package static let longestWait: Double = 24 * 3600

    /// `90`, `90s`, `5m`, `1m30s`, `2h`: a finite, non-negative duration of at most a day.
    package static func duration(_ text: String) -> Duration? {
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

    package struct ArmError: Error, Sendable, CustomStringConvertible {
        package let description: String
    }

    /// `--arm sentinel,superset --arm db`; also a, b, c after the design's arm letters. Empty means all.
    package static func arms(_ values: [String]) throws(ArmError) -> Set<Arm> {
        guard !values.isEmpty else { return [.sentinel, .superset, .db] }
        var arms: Set<Arm> = []
        for value in values {
            let names = value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            for name in names {
                switch name {
                case "sentinel", "a": arms.insert(.sentinel)
                case "superset", "render", "b": arms.insert(.superset)
                case "db", "database", "c": arms.insert(.db)
                case "": throw ArmError(description: "--arm needs a name: sentinel, superset or db")
                default: throw ArmError(description: "unknown arm '\(name)'; use sentinel, superset or db")
                }
            }
        }
        return arms
    }
}

import Foundation
