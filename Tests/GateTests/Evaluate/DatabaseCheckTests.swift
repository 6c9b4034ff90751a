import Foundation
import Testing
@testable import GateKit
@testable import Probes

@Suite("Database checks: hard cases")
struct DatabaseCheckTests {
    let expectations = Sample.expectations

    @Test("--fetch without a count still answers to the expected rows")
    func fetchAgainstExpectation() throws {
        let dashboard = try GatePlan(expectations, environment: "local", options: GateOptions()).dashboards[Sample.index(of: Sample.cashTradeSlotting)]
        let observation = DatabaseObservation(slug: dashboard.slug, lint: [], count: .failure(ProbeFailure(message: "x", code: .sqlState("57014"))),
                                              fetch: .success(FetchStats(rows: 688, columns: 9, seconds: 0.1)))
        let fetch = try #require(Evaluation.evaluateDatabase(observation, dashboard).first { $0.check == .fetch })
        #expect(fetch.outcome == .failed)
        #expect(fetch.message.contains("streamed 688 rows, expected 0"))
    }
}
