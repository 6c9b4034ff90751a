extension LintRule {
    static let multipleStatements = LintRule(
        id: .multipleStatements, severity: .error,
        summary: "more than one statement (`;`, `GO`, or a second statement without a separator)",
        doc: "A dataset must be exactly one statement: Superset wraps it in a derived table.")

    static let writeStatement = LintRule(
        id: .writeStatement, severity: .error,
        summary: "INSERT, UPDATE, DELETE, MERGE, DROP, CREATE, ALTER, TRUNCATE, EXEC …",
        doc: "INSERT, UPDATE, DELETE, MERGE, DROP, CREATE, ALTER, TRUNCATE, EXEC and the like: the gate is read-only and a dataset must be a read-only SELECT.")

    static let selectInto = LintRule(
        id: .selectInto, severity: .error,
        summary: "SELECT … INTO",
        doc: "SELECT … INTO creates a table.")

    static let notASelect = LintRule(
        id: .notASelect, severity: .error,
        summary: "a statement that is not a SELECT (DECLARE, SET, …)",
        doc: "The statement is not a SELECT (or WITH … SELECT).")
}

extension SQLLint {
    /// MERGE is also a join hint (`INNER MERGE JOIN`, `OPTION (MERGE UNION)`), which reads.
    static func firstWriteKeyword(_ statement: [SQLToken]) -> SQLToken? {
        for (index, token) in statement.enumerated() {
            guard let keyword = token.keyword, SQLStatements.writeKeywords.contains(keyword) else { continue }
            if keyword == "MERGE", index + 1 < statement.count,
               statement[index + 1].isKeyword("JOIN") || statement[index + 1].isKeyword("UNION") { continue }
            // REPLACE(), COPY and CALL are only statements at a statement's start; REPLACE(...) is a function.
            if ["REPLACE", "UPSERT", "COPY", "CALL"].contains(keyword), index != 0 { continue }
            return token
        }
        return nil
    }

}

/// A second statement, at its first token.
enum MultipleStatementsRule: TextRule {
    static func check(_ text: LintedText, _ findings: inout LintFindings) {
        guard text.statements.count > 1 else { return }
        findings.report(text.code[text.statements[1].lowerBound], "a second statement starts here: a dataset must be exactly one SELECT statement",
                        .multipleStatements)
    }
}

/// INSERT, UPDATE, DELETE, … anywhere in the statement.
enum WriteStatementRule: StatementRule {
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool {
        guard let write = SQLLint.firstWriteKeyword(statement.tokens) else { return false }
        findings.report(write, "\(write.text.uppercased()) is not allowed: a dataset must be a read-only SELECT", .writeStatement)
        return true
    }
}

/// SELECT … INTO.
enum SelectIntoRule: StatementRule {
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool {
        guard let into = statement.tokens.first(where: { $0.isKeyword("INTO") }) else { return false }
        findings.report(into, "SELECT … INTO creates a table: a dataset must be a read-only SELECT", .selectInto)
        return true
    }
}

/// A statement that does not start a SELECT (or WITH, or a parenthesised query).
enum NotASelectRule: StatementRule {
    static func check(_ statement: LintedStatement, _ findings: inout LintFindings) -> Bool {
        guard let first = statement.tokens.first, !(first.isKeyword("SELECT") || first.isKeyword("WITH") || first.isSymbol("(")) else { return false }
        findings.report(first, "\(first.text) does not start a SELECT: a dataset must be one SELECT statement", .notASelect)
        return true
    }
}
