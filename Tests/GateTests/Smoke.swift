import Testing
@testable import GateKit
@Test func smoke() { #expect(RowExpectation.exact(1).accepts(1)) }
