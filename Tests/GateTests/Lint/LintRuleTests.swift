import Foundation
import Testing
@testable import GateKit

/// The rule registry is the single source of truth: the README, `--help` and every finding derive from it.
@Suite("Lint rule registry", .offPool)
struct LintRuleTests {
    @Test("every rule id is registered exactly once, with a summary and a doc")
    func registry() {
        #expect(LintRule.all.map(\.id) == LintRule.ID.allCases)
        for rule in LintRule.all {
            #expect(!rule.summary.isEmpty && !rule.doc.isEmpty, "\(rule) is not documented")
            #expect(LintRule[rule.id] == rule)
        }
        #expect(LintRule.warnings.map(\.id) == [.orderByInSubquery, .batchSeparator, .unnamedColumn, .duplicateColumn])
    }

    @Test("the README's rule tables are the registry's, word for word")
    func readmeTables() throws {
        let readme = try String(contentsOfFile: Repo.path("README.md"), encoding: .utf8)
        for severity in [Diagnostic.Severity.error, .warning] {
            let table = LintRule.markdownTable(severity)
            #expect(readme.contains(table), "regenerate the README's \(severity) table from LintRule.markdownTable:\n\(table)")
        }
    }

    @Test("a finding takes its severity from its rule")
    func severityFromRule() throws {
        let findings = SQLLint.check("SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY a", file: "q.sql")
        #expect(findings.map(\.rule) == [.unnamedColumn, .outerOrderBy])
        for finding in findings {
            #expect(finding.severity == LintRule[try #require(finding.rule)].severity)
        }
    }
}
