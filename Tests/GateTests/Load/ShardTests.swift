import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// `--shard I/N` and `gate-runner merge`: shares that cover every dashboard once, balanced by weight, and a
/// merged report equal to an unsharded run's.
@Suite("Shards", .offPool)
struct ShardTests {
    let expectations = Sample.expectations

    @Test("I/N parses only with 1 ≤ I ≤ N")
    func parsing() {
        #expect(Shard("2/3") == Shard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "a/b", "3", "1/0", "-1/2", "1/2/3", ""] {
            #expect(Shard(bad) == nil, "\(bad)")
        }
    }

    @Test("shares cover every dashboard exactly once, stay stable, and balance dashboards by their charts", arguments: [1, 2, 3, 5, 8, 12])
    func shares(_ count: Int) {
        let shares = (1...count).map { Shard(index: $0, count: count)!.select(expectations.dashboards) }
        let slugs = shares.flatMap { $0.map(\.slug) }
        #expect(slugs.count == expectations.dashboards.count && Set(slugs) == Set(expectations.dashboards.map(\.slug)))
        #expect(shares == (1...count).map { Shard(index: $0, count: count)!.select(expectations.dashboards) }, "stable")
        let loads = shares.map { $0.reduce(0) { $0 + 1 + $1.charts.count } }
        let heaviest = expectations.dashboards.map { 1 + $0.charts.count }.max()!
        #expect(loads.max()! - loads.min()! <= heaviest, "\(loads)")
    }

    func run(_ shard: Shard?, database: FakeDatabase = FakeDatabase(counts: ["pfill_run_history": 11])) async throws -> GateReport {
        var options = GateOptions()
        options.shard = shard
        let targets = GateTargets(database: database, superset: FakeSuperset.matching(expectations, environment: "local"),
                                  sentinel: FakeSentinel(answer: .success(SentinelAnswer(status: 200, body: #"{"module":"PowerFill","status":"phase-8-superset-ready"}"#))))
        return try await Gate.run(expectations, environment: "local", targets: targets, options: options)
    }

    /// What a check says, without its timing.
    struct Verdict: Hashable {
        let arm: Arm, slug: String?, check: CheckKind, outcome: Outcome, expected: CheckValue?, actual: CheckValue?, message: String
        init(_ result: CheckResult) {
            (arm, slug, check, outcome, expected, actual, message) =
                (result.arm, result.slug, result.check, result.outcome, result.expected, result.actual, result.message)
        }
    }

    @Test("the merged report of 3 shards has the unsharded run's checks and exit code, passing and failing", arguments: [false, true])
    func merge(_ failing: Bool) async throws {
        let database = failing ? FakeDatabase(counts: ["pfill_run_history": 5, "pfill_cash_market_map": 688]) : FakeDatabase(counts: ["pfill_run_history": 11])
        let whole = try await run(nil, database: database)
        var shards: [GateReport] = []
        for index in 1...3 {
            // Each shard's report goes through JSON, as CI jobs hand them over.
            let report = try await run(Shard(index: index, count: 3), database: database)
            shards.append(try JSONReport.parse(Data(try JSONReport.render(report).utf8)))
        }
        #expect(shards.filter { $0.results.contains { $0.arm == .sentinel } }.count == 1, "the sentinel runs in one shard")
        let merged = try ReportMerge.merge(shards)
        #expect(merged.results.count == whole.results.count)
        #expect(Set(merged.results.map(Verdict.init)) == Set(whole.results.map(Verdict.init)))
        #expect(merged.exitCode == whole.exitCode && merged.exitCode == (failing ? 1 : 0))
        #expect(throws: ReportMerge.MergeError.self) { try ReportMerge.merge([shards[0], shards[0]]) }
    }

    @Test("an arm that cannot start is one error in the merged report, as in an unsharded run")
    func armErrorOnce() async throws {
        let down = FakeDatabase(failure: ProbeFailure(message: "ODBC connect failed [SQLSTATE 08001]", code: .sqlState("08001")))
        let whole = try await run(nil, database: down)
        var shards: [GateReport] = []
        for index in 1...3 { shards.append(try await run(Shard(index: index, count: 3), database: down)) }
        let merged = try ReportMerge.merge(shards)
        #expect(merged.results.filter { $0.check == .arm }.map(\.outcome) == [.passed, .error], "each arm's check once: Superset's passed, the database's the error")
        #expect(Set(merged.results.map(Verdict.init)) == Set(whole.results.map(Verdict.init)))
        #expect(merged.exitCode == whole.exitCode && merged.exitCode == 3)
    }
}
