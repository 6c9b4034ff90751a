import Foundation
import Testing
import ArgumentParser
import GateKit
@testable import GateRunner

@Suite("Command-line values", .offPool)
struct ArgumentValuesTests {
    @Test("--wait and --deadline durations", arguments: [
        ("90", 90.0), ("90s", 90), ("5m", 300), ("1m30s", 90), ("2h", 7200), ("0", 0), ("0.5", 0.5),
    ])
    func durations(_ text: String, _ seconds: Double) {
        #expect(ArgumentValues.parseDuration(text) == .milliseconds(Int(seconds * 1000)))
    }

    @Test("bad --wait values are refused, never a crash", arguments: ["inf", "nan", "1e300", "-5", "", "soon", "5x", "25h", "5m3"])
    func badDurations(_ text: String) {
        #expect(ArgumentValues.parseDuration(text) == nil)
    }

    @Test("--arm names, letters and lists; an empty name is an error")
    func arms() throws {
        #expect(try ArgumentValues.arms([]) == [.sentinel, .superset, .db])
        #expect(try ArgumentValues.arms(["db,sentinel"]) == [.db, .sentinel])
        #expect(try ArgumentValues.arms(["b", "c"]) == [.superset, .db])
        #expect(throws: ValidationError.self) { try ArgumentValues.arms([""]) }
        #expect(throws: ValidationError.self) { try ArgumentValues.arms(["db,"]) }
        #expect(throws: ValidationError.self) { try ArgumentValues.arms(["render-farm"]) }
    }
}
