import Foundation
import Testing
@testable import GateKit
@testable import Probes

@Suite("Command-line values", .offPool)
struct CommandLineValuesTests {
    @Test("--wait and --arm values", arguments: [
        ("90", 90.0), ("90s", 90), ("5m", 300), ("1m30s", 90), ("2h", 7200), ("0", 0), ("0.5", 0.5),
    ])
    func durations(_ text: String, _ seconds: Double) {
        #expect(CommandLineValues.duration(text) == .milliseconds(Int(seconds * 1000)))
    }

    @Test("bad --wait values are refused, never a crash", arguments: ["inf", "nan", "1e300", "-5", "", "soon", "5x", "25h", "5m3"])
    func badDurations(_ text: String) {
        #expect(CommandLineValues.duration(text) == nil)
    }

    @Test("--arm names, letters and lists; an empty name is an error")
    func arms() throws {
        #expect(try CommandLineValues.arms([]) == [.sentinel, .superset, .db])
        #expect(try CommandLineValues.arms(["db,sentinel"]) == [.db, .sentinel])
        #expect(try CommandLineValues.arms(["b", "c"]) == [.superset, .db])
        #expect(throws: CommandLineValues.ArmError.self) { try CommandLineValues.arms([""]) }
        #expect(throws: CommandLineValues.ArmError.self) { try CommandLineValues.arms(["db,"]) }
        #expect(throws: CommandLineValues.ArmError.self) { try CommandLineValues.arms(["render-farm"]) }
    }
}
