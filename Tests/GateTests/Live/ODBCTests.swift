import Foundation
import Testing
@testable import GateKit
@testable import Probes

/// The ODBC layer against a real PostgreSQL (psqlODBC) and a real SQLite (SQLite3 ODBC driver).
@Suite("ODBC on real drivers", .offPool, .enabled(if: Env.value("GATE_ODBC") != nil, Env.localStackReason))
struct ODBCTests {
    let connectionString = Env.value("GATE_ODBC") ?? ""
    // Generous login timeout: the suite runs beside Superset on two cores (the unreachable test sets its own).
    let options = ODBCOptions(loginTimeoutSeconds: 15, queryTimeoutSeconds: 10)

    func connect(_ string: String? = nil, options: ODBCOptions? = nil) throws -> ODBCConnection {
        try ODBCConnection(connectionString: string ?? connectionString, options: options ?? self.options)
    }

    func odbcError(_ body: () throws -> Void) -> ODBCError? {
        do { try body() } catch let error as ODBCError { return error } catch { Issue.record("not an ODBCError: \(error)") }
        return nil
    }

    @Test("values stream as text; NULL is nil; values longer than the buffer arrive whole")
    func values() throws {
        var rows: [[String?]] = []
        let names = try connect().query("SELECT 1 AS one, NULL AS nothing, repeat('x', 20000) AS long_text, N'caf\u{e9}' AS accented") { rows.append($0) }
        #expect(names == ["one", "nothing", "long_text", "accented"])
        #expect(rows.count == 1)
        #expect(rows[0][0] == "1")
        #expect(rows[0][1] == nil)
        #expect(rows[0][2]?.count == 20000)
        #expect(rows[0][3] == "caf\u{e9}")
    }

    @Test("the CTE query 42 counts through the hoisting wrapper, equal to streaming its rows", arguments: ["GATE_ODBC", "GATE_ODBC_POPULATED"])
    func cteQueryCounts(_ variable: String) async throws {
        let string = try #require(Env.value(variable))
        let sql = try String(contentsOfFile: Repo.path("Fixtures/queries/42_pfill_existing_disposition.sql"), encoding: .utf8)
        let probe = try ProbeWrapper.countProbe(for: sql)
        #expect(probe.cteList?.hasPrefix("WITH") == true)
        let database = ODBCDatabase(connectionString: string, options: options)
        let counted = try await database.count(probe.sql)
        let streamed = try await database.fetchAll(sql)
        #expect(counted == streamed.rows)
        #expect(counted == (variable == "GATE_ODBC" ? 0 : 30), "Fixtures/README.md gives 0 post-fix and 30 populated")
    }

    @Test("wrapping a CTE query naively as a derived table is what F-8-4 was about; the hoisted probe is what runs")
    func naiveWrapperIsNotUsed() throws {
        let sql = "WITH c AS (SELECT 1 AS a UNION ALL SELECT 2) SELECT a FROM c"
        let probe = try ProbeWrapper.countProbe(for: sql)
        #expect(!probe.sql.contains("FROM (\nWITH"))
        #expect(try connect().scalarInteger(probe.sql) == 2)
    }

    @Test("a query with an outer ORDER BY is refused by the lint and never executed, although PostgreSQL runs it")
    func outerOrderByRefused() async throws {
        let base = try String(contentsOfFile: Repo.path("Fixtures/queries/37_pfill_run_history_overview.sql"), encoding: .utf8)
        let sql = base + "\nORDER BY started_at DESC\n"
        #expect(try connect().scalarInteger(try ProbeWrapper.countProbe(for: sql).sql) == 11, "PostgreSQL accepts it")
        struct RecordingDatabase: TenantDatabase {
            func count(_ sql: String) async throws -> Int { Issue.record("the refused query was executed"); return -1 }
            func fetchAll(_ sql: String) async throws -> FetchStats { Issue.record("the refused query was executed"); return FetchStats(rows: 0, columns: 0, seconds: 0) }
            func fingerprint(_ sql: String, maxRows: Int) async throws -> ContentFingerprint { ContentFingerprint(columns: []) }
        }
        var dashboard = try #require(try Expectations.repository().dashboards.first)
        dashboard.sql = sql
        let verdict = try #require(LintStage.lint([dashboard])[dashboard.slug])
        let observation = await DatabaseArm(database: RecordingDatabase(), fetchRows: true).observe(dashboard, verdict: verdict)
        #expect(observation.lint.map(\.rule) == [.outerOrderBy])
        #expect(observation.count == nil && observation.probeSQL == nil)
        let local = try Expectations.repository().environment(named: "local")
        let results = Evaluation.evaluateDatabase(observation, PlannedDashboard(dashboard, in: local, keys: ["local"]))
        #expect(results.map(\.outcome) == [.failed, .skipped])
        #expect(results[0].message.contains("Msg 1033"))
    }

    @Test("a missing column is an error with SQLSTATE 42703 and the driver's message, not a crash")
    func missingColumn() throws {
        let error = try #require(odbcError { _ = try connect().scalarInteger("SELECT COUNT(*) FROM (SELECT no_such_column FROM pfill_run_history) AS t") })
        #expect(error.sqlState == "42703")
        #expect(error.step == .execute)
        #expect(error.description.contains("no_such_column"))
    }

    @Test("the local reader login is read-only: a write is refused (the gate's own guard is the lint, since psqlODBC ignores SQL_ACCESS_MODE)")
    func readOnly() throws {
        let error = try #require(odbcError { try connect().query("CREATE TABLE gate_should_not_exist (a int)") { _ in } })
        #expect(error.sqlState == "25006", "\(error)")
    }

    @Test("a query past its timeout is cancelled and says so")
    func queryTimeout() throws {
        let quick = ODBCOptions(loginTimeoutSeconds: 15, queryTimeoutSeconds: 1)
        let error = try #require(odbcError { _ = try connect(options: quick).scalarInteger("SELECT COUNT(*) FROM (SELECT pg_sleep(5)) AS t") })
        #expect(error.isTimeout, "\(error)")
        #expect(error.description.contains("timeout"))
    }

    @Test("a wrong password is refused, and the password never appears in the error")
    func wrongPassword() throws {
        let wrong = "Wr0ngPassw0rdXYZ"
        var parts = connectionString.split(separator: ";").filter { !$0.lowercased().hasPrefix("pwd=") }.map(String.init)
        parts.append("Pwd=\(wrong)")
        let error = try #require(odbcError { _ = try connect(parts.joined(separator: ";")) })
        #expect(error.sqlState == "08001" || error.sqlState == "28P01" || error.sqlState == "28000", "\(error)")
        #expect(error.description.contains("password authentication failed"))
        #expect(!error.description.contains(wrong))
        #expect(!error.records.map(\.message).joined().contains(wrong))
    }

    @Test("an unreachable server fails within the login timeout")
    func unreachable() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(odbcError {
            _ = try connect("Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=p;", options: ODBCOptions(loginTimeoutSeconds: 2, queryTimeoutSeconds: 10))
        })
        #expect(clock.now - start < .seconds(10))
        #expect(error.sqlState == "08001", "\(error)")
        #expect(error.hint?.contains("could not be reached") == true)
    }

    @Test("a driver that is not installed says which and how to list the installed ones")
    func driverMissing() throws {
        let error = try #require(odbcError { _ = try connect("Driver={No Such Driver 17};Server=x;Pwd=secret123;") })
        #expect(error.sqlState == "IM002" || error.sqlState == "01000", "\(error)")
        #expect(error.description.contains("No Such Driver 17"))
        #expect(error.description.contains("odbcinst -q -d"))
        #expect(!error.description.contains("secret123"))
    }

    @Test("SQLite through its ODBC driver: the same wrapper and count")
    func sqlite() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let setup = Process()
        setup.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        setup.arguments = [path, "CREATE TABLE runs (id INTEGER, status TEXT); INSERT INTO runs VALUES (1,'Failed'),(2,'Complete'),(3,'Complete');"]
        try setup.run()
        setup.waitUntilExit()
        #expect(setup.terminationStatus == 0)
        let connection = try connect("Driver=SQLite3;Database=\(path);")
        let probe = try ProbeWrapper.countProbe(for: ";WITH done (id) AS (SELECT id FROM runs WHERE status = 'Complete') SELECT id FROM done;")
        #expect(try connection.scalarInteger(probe.sql) == 2)
        let streamed = try connection.stream("SELECT id, status FROM runs")
        #expect(streamed.rows == 3 && streamed.columns == 2, "block fetch through the SQLite driver too")
    }

    @Test("block fetch streams every row, in blocks, over a cursor: 100k rows of 5 columns, long values cut not failed, a cap enforced")
    func blockFetch() throws {
        let sql = "SELECT g AS id, g * 2 AS twice, 'row ' || g AS label, g / 7.0 AS ratio, CAST(g % 3 AS varchar(8)) AS bucket FROM generate_series(1, 100000) AS g"
        let connection = try connect(ODBCConnection.streaming(connectionString))
        let streamed = try connection.stream(sql)
        #expect(streamed.rows == 100_000 && streamed.columns == 5)
        // A block that does not divide the rows, and values longer than any buffer.
        let odd = try connection.stream("SELECT g, repeat('x', 5000) AS long_text FROM generate_series(1, 2503) AS g")
        #expect(odd.rows == 2503)
        #expect(throws: FetchCap.self) { _ = try connection.stream(sql, cap: 1_000) }
        #expect(ODBCConnection.streaming("Driver={PostgreSQL Unicode};Server=x") == "Driver={PostgreSQL Unicode};Server=x;UseDeclareFetch=1;Fetch=10000;")
        #expect(ODBCConnection.streaming("Driver={ODBC Driver 18 for SQL Server};Server=x;") == "Driver={ODBC Driver 18 for SQL Server};Server=x;")
    }

    @Test("the content fingerprint through psqlODBC: each type canonicalises as Superset's JSON does; more rows than asked, or more text than the cap, stops the read")
    func contentFingerprint() async throws {
        let connection = try #require(Env.value("GATE_ODBC"))
        let database = ODBCDatabase(connectionString: connection, options: ODBCOptions(loginTimeoutSeconds: 15, queryTimeoutSeconds: 60), maxRowBytes: 1 << 20)
        let typed = try await database.fingerprint("""
            SELECT 515 AS i, CAST(19.840 AS numeric(18, 3)) AS d, CAST(9007199254740993 AS bigint) AS b, DATE '2026-05-13' AS day,
                   TIMESTAMP '2026-04-15 09:10:00.123456' AS ts, CAST('B' AS char(4)) AS c, CAST(NULL AS text) AS n
            """, maxRows: 10)
        // The same row as Superset's chart data sends it (integers, doubles, epoch milliseconds, text, null).
        var superset = ContentFingerprint(columns: ["i", "d", "b", "day", "ts", "c", "n"])
        let cells: [(ChartCell, ChartData.ColumnKind)] = [(.integer(515), .numeric), (.number(19.84), .numeric), (.integer(9007199254740993), .numeric),
                                                          (.number(1778630400000), .temporal), (.number(1776244200123.456), .temporal),
                                                          (.text("B"), .string), (.null, .string)]
        superset.add(cells.map { CanonicalValue(superset: $0.0, kind: $0.1) })
        #expect(typed.rows == 1 && typed.columns == superset.columns)
        #expect(typed.columnSums == superset.columnSums, "\(String(describing: typed.kept)) vs \(String(describing: superset.kept))")
        #expect(typed.digest == superset.digest)
        await #expect(throws: FetchCap.self) { _ = try await database.fingerprint("SELECT generate_series(1, 10) AS n", maxRows: 5) }
        await #expect(throws: ValueTooLarge.self) { _ = try await database.fingerprint("SELECT repeat('x', 2000000) AS t", maxRows: 5) }
        await #expect(throws: ValueTooLarge.self) { _ = try await database.fingerprint("SELECT repeat('x', 100000) AS t FROM generate_series(1, 20)", maxRows: 50) }
    }
}
