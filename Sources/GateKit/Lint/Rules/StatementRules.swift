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
