import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// Paths and environment shared by the suites.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Tests/GateTests/Support/Repo.swift
        return url.path
    }()
    static var expectationsPath: String { root + "/expectations.yaml" }
    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The shipped expectations' text, readable from any folder: its query files and assets bundle by absolute path,
    /// with `allow_queries_outside: true` (the copy lives elsewhere). Without assets, the bundle comparison is off (for
    /// a copy whose query files differ from the bundle's SQL on purpose).
    static func relocatedExpectations(withAssets: Bool = true) throws -> String {
        let text = try String(contentsOfFile: expectationsPath, encoding: .utf8)
            .replacingOccurrences(of: "query: Fixtures/", with: "query: \(root)/Fixtures/")
        let assets = try #require(text.range(of: "assets: assets/"), "the shipped expectations name an assets bundle")
        let line = text.lineRange(for: assets)
        let relocated = text.replacingCharacters(in: line, with: withAssets ? text[line].replacingOccurrences(of: "assets: assets/", with: "assets: \(root)/assets/") : "")
        return "allow_queries_outside: true\n" + relocated
    }

    /// The shipped dataset queries, (file name, text), in file order.
    static func fixtureQueries() throws -> [(file: String, sql: String)] {
        let directory = path("Fixtures/queries")
        return try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted().map {
            ($0, try String(contentsOfFile: directory + "/" + $0, encoding: .utf8))
        }
    }
}

enum Env {
    static let variables = ProcessInfo.processInfo.environment
    static func value(_ name: String) -> String? { variables[name].flatMap { $0.isEmpty ? nil : $0 } }
    /// The environment the gate-arm suites run against (`GATE_ENV=local swift test`).
    static let gateEnvironment = value("GATE_ENV")
    static var hasLocalStack: Bool { gateEnvironment == "local" && value("GATE_ODBC") != nil }
    static let localStackReason: Comment = "needs the local stack: run ci/test (or `source ci/env.sh && GATE_ENV=local swift test`)"
}
