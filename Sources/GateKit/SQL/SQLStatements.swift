/// Where one T-SQL statement ends and the next begins, and the batch separator `GO`: shared by the lint
/// (a dataset must be one statement) and the count probe (a trailing `GO` is not part of the query).
enum SQLStatements {
    static let writeKeywords: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "DROP", "CREATE", "ALTER",
                                             "TRUNCATE", "EXEC", "EXECUTE", "GRANT", "REVOKE", "DENY",
                                             "BACKUP", "RESTORE", "DBCC", "REPLACE", "UPSERT", "COPY", "CALL"]
    /// Keywords that can only start a statement, so one at depth 0 mid-statement starts another.
    static let statementKeywords: Set<String> = ["DECLARE", "SET", "USE", "PRINT", "IF", "WHILE", "BEGIN",
                                                 "COMMIT", "ROLLBACK", "RETURN", "WAITFOR", "RAISERROR",
                                                 "THROW", "GO"]
    /// T-SQL's set operators (MINUS is Oracle's and not reserved in T-SQL, so it can be a column name).
    static let setOperators: Set<String> = ["UNION", "EXCEPT", "INTERSECT"]
    /// Statements whose body or source is a SELECT: `INSERT … SELECT`, `CREATE VIEW … AS SELECT`, `GRANT SELECT`.
    static let selectHosts: Set<String> = ["INSERT", "CREATE", "ALTER", "GRANT", "REVOKE", "DENY"]
    /// Object kinds after which `IF EXISTS` belongs to a DROP (`DROP TABLE IF EXISTS #t`).
    static let droppable: Set<String> = ["TABLE", "VIEW", "PROCEDURE", "PROC", "FUNCTION", "INDEX", "SCHEMA", "DATABASE",
                                         "TRIGGER", "SEQUENCE", "SYNONYM", "TYPE", "USER", "ROLE", "STATISTICS",
                                         "COLUMN", "CONSTRAINT", "ASSEMBLY", "DEFAULT", "RULE", "LOGIN"]


    /// Splits code tokens into statements at `;`, `GO`, and where a keyword can only start a new one.
    static func split(_ code: [SQLToken]) -> [Range<Int>] {
        let depths = SQLStructure.depths(code)
        var ranges: [Range<Int>] = []
        var start = 0
        var mainStart = 0   // first token of the statement's main query (after any CTE list)
        var index = 0
        var hostScan = HostScan()

        func beginStatement(at position: Int) {
            var position = position
            // GO (or `GO 5`, a repeat count) is a batch separator, not part of any statement.
            while let next = batchSeparatorEnd(code, position) { position = next }
            start = position
            mainStart = position
            if position < code.count, code[position].isKeyword("WITH") {
                if let end = SQLStructure.cteListEnd(code, position) {
                    mainStart = end
                } else if let select = code[position...].indices.first(where: { depths[$0] == 0 && code[$0].isKeyword("SELECT") }) {
                    // A malformed WITH list (a `syntax` finding): its SELECT is not a second statement.
                    mainStart = select
                }
            }
        }
        beginStatement(at: 0)
        while index < code.count {
            let token = code[index]
            if depths[index] == 0 {
                if token.isSymbol(";") {
                    if index > start { ranges.append(start..<index) }
                    beginStatement(at: index + 1)
                    index += 1
                    continue
                }
                if index > start, index >= mainStart, startsNewStatement(code, index, start: start, mainStart: mainStart, hostScan: &hostScan) {
                    ranges.append(start..<index)
                    beginStatement(at: index)
                    index = max(start, mainStart)
                    continue
                }
            }
            index += 1
        }
        if start < code.count { ranges.append(start..<code.count) }
        return ranges
    }

    /// For a `GO` batch separator at `index` (alone on its line, optionally with a repeat count), the index
    /// of the token after it; nil when there is none at `index` (`GO` after code on its line is an alias).
    /// `textStart` is where the text begins for this question (tokens before it count as removed).
    static func batchSeparatorEnd(_ code: [SQLToken], _ index: Int, textStart: Int = 0) -> Int? {
        guard index < code.count, code[index].isKeyword("GO") else { return nil }
        let line = code[index].line
        guard index == textStart || code[index - 1].line < line else { return nil }
        var end = index + 1
        if end < code.count, code[end].kind == .number, code[end].line == line { end += 1 }
        guard end == code.count || code[end].line > line else { return nil }
        return end
    }

    static func startsNewStatement(_ code: [SQLToken], _ index: Int, start: Int, mainStart: Int) -> Bool {
        var hostScan = HostScan()
        return startsNewStatement(code, index, start: start, mainStart: mainStart, hostScan: &hostScan)
    }

    static func startsNewStatement(_ code: [SQLToken], _ index: Int, start: Int, mainStart: Int, hostScan: inout HostScan) -> Bool {
        guard let keyword = code[index].keyword else { return false }
        let previous = index > 0 ? code[index - 1] : nil
        switch keyword {
        case "SELECT":
            guard index != mainStart, let previous else { return false }
            if let word = previous.keyword, setOperators.contains(word) || word == "ALL" || word == "DISTINCT" { return false }
            // `DECLARE c CURSOR FOR SELECT …` is one statement.
            if previous.isKeyword("FOR") { return false }
            // INSERT … SELECT and CREATE VIEW … AS SELECT are one (write) statement.
            return !hostsSelect(code, start, index, scan: &hostScan)
        case "WITH":
            // CREATE VIEW v AS WITH c AS (…) SELECT … is one (write) statement.
            return SQLStructure.startsCTEList(code, index) && !hostsSelect(code, start, index, scan: &hostScan)
        case "GO":
            return batchSeparatorEnd(code, index) != nil
        case "SET":
            // UPDATE … SET, MERGE … UPDATE SET and ALTER … SET are part of their statement.
            return !code[start..<index].contains { $0.isKeyword("UPDATE") || $0.isKeyword("ALTER") }
        case "IF":
            // DROP TABLE IF EXISTS #t is one statement.
            if let word = previous?.keyword, droppable.contains(word) { return false }
            return true
        default:
            if statementKeywords.contains(keyword) { return true }
            if writeKeywords.contains(keyword), !["REPLACE", "UPSERT", "COPY", "CALL"].contains(keyword) {
                if keyword == "MERGE", index + 1 < code.count, code[index + 1].isKeyword("JOIN") || code[index + 1].isKeyword("UNION") { return false }
                // MERGE … WHEN MATCHED THEN UPDATE / DELETE, WHEN NOT MATCHED THEN INSERT is one statement.
                if previous?.isKeyword("THEN") == true { return false }
                // CREATE OR ALTER VIEW is one statement.
                if keyword == "ALTER", previous?.isKeyword("OR") == true { return false }
                // GRANT INSERT, UPDATE ON t, GRANT EXECUTE ON p, DENY CREATE TABLE: permissions, not statements.
                if let first = code[start].keyword, ["GRANT", "REVOKE", "DENY"].contains(first), let previous,
                   previous.isSymbol(",") || previous.keyword.map(["GRANT", "REVOKE", "DENY", "FOR"].contains) == true { return false }
                // INSERT INTO t EXEC sp_x is one statement.
                if keyword == "EXEC" || keyword == "EXECUTE", code[start..<index].contains(where: { $0.isKeyword("INSERT") }) { return false }
                // DELETE/UPDATE/INSERT right after a statement's main query begins a new statement.
                return index != mainStart
            }
            return false
        }
    }

    /// Object kinds whose CREATE (or ALTER, but for TABLE) takes a query: `CREATE VIEW v AS SELECT …`, a procedure,
    /// function or trigger body, `CREATE SCHEMA s CREATE VIEW …`, and CTAS (`CREATE [EXTERNAL] TABLE … AS SELECT`).
    static let queryHostingObjects: Set<String> = ["VIEW", "PROC", "PROCEDURE", "FUNCTION", "TRIGGER", "SCHEMA", "TABLE",
                                                   "EXTERNAL", "MATERIALIZED", "REMOTE"]

    /// Whether the statement from `start` takes the SELECT (or WITH) at `index` as its own query, rather than ending
    /// before it: `INSERT … SELECT` (but not after the INSERT's VALUES list), `CREATE VIEW … AS SELECT` and the other
    /// `queryHostingObjects` (but not `CREATE INDEX …` or `ALTER TABLE …`), and the permission list of `GRANT SELECT, …`.
    static func hostsSelect(_ code: [SQLToken], _ start: Int, _ index: Int) -> Bool {
        var scan = HostScan()
        return hostsSelect(code, start, index, scan: &scan)
    }

    /// What `hostsSelect` has read of one statement, so that asking again at a later index reads on from where it
    /// stopped: `INSERT … SELECT … SELECT …` is linear, not quadratic, in its length.
    struct HostScan {
        var start = -1
        var searchedTo = 0
        var host: Int?
        var scannedTo = 0
        var depth = 0
        var sawValues = false
    }

    static func hostsSelect(_ code: [SQLToken], _ start: Int, _ index: Int, scan: inout HostScan) -> Bool {
        // A new statement, or a question about an earlier index (the split steps back to a main query's start): read afresh.
        if scan.start != start || scan.searchedTo > index || scan.scannedTo > index { scan = HostScan(start: start, searchedTo: start) }
        while scan.host == nil, scan.searchedTo < index {
            if code[scan.searchedTo].keyword.map(selectHosts.contains) ?? false { scan.host = scan.searchedTo }
            scan.searchedTo += 1
        }
        guard let host = scan.host, host < index, let keyword = code[host].keyword else { return false }
        switch keyword {
        case "CREATE", "ALTER":
            var kind = host + 1
            // CREATE OR ALTER VIEW, CREATE OR REPLACE VIEW.
            if kind + 1 < index, code[kind].isKeyword("OR") { kind += 2 }
            guard kind < index, let object = code[kind].keyword, queryHostingObjects.contains(object) else { return false }
            return keyword == "CREATE" || object != "TABLE"
        case "INSERT":
            // INSERT … VALUES (…) and INSERT … DEFAULT VALUES end the INSERT: a SELECT after them is the next statement.
            if scan.scannedTo <= host { scan.scannedTo = host + 1 }
            while !scan.sawValues, scan.scannedTo < index {
                let token = code[scan.scannedTo]
                if token.isSymbol("(") { scan.depth += 1 }
                if token.isSymbol(")") { scan.depth = max(0, scan.depth - 1) }
                if scan.depth == 0, token.isKeyword("VALUES") { scan.sawValues = true }
                scan.scannedTo += 1
            }
            return !scan.sawValues
        default:
            // GRANT/REVOKE/DENY: SELECT is a permission right after the verb or a comma of the permission list.
            guard index > 0 else { return false }
            let previous = code[index - 1]
            return previous.isSymbol(",") || previous.keyword.map(selectHosts.contains) == true
        }
    }

    /// Indices of the `GO` batch separators (alone on their line, at depth 0) in the code.
    static func batchSeparators(_ code: [SQLToken]) -> [Int] {
        let depths = SQLStructure.depths(code)
        return code.indices.filter { depths[$0] == 0 && batchSeparatorEnd(code, $0) != nil }
    }

}
