import Foundation
import GRDB

/// One count's identity across runs: the same check of the same dashboard, arm and tenant.
package struct SeriesKey: Sendable, Hashable {
    package var tenant: String?
    package var arm: Arm
    package var slug: String
    package var check: CheckKind

    package init(tenant: String?, arm: Arm, slug: String, check: CheckKind) {
        self.tenant = tenant
        self.arm = arm
        self.slug = slug
        self.check = check
    }

    init?(_ result: CheckResult) {
        guard let slug = result.slug else { return nil }
        self.init(tenant: result.tenant, arm: result.arm, slug: slug, check: result.check)
    }
}

/// A count an earlier run saw.
package struct CountPoint: Sendable, Equatable, Codable {
    package var run: Int64
    package var startedAt: Date
    package var count: Int
}

/// One recorded run, as `gate-runner history` lists it.
package struct HistoryRun: Sendable, Equatable {
    package var id: Int64
    package var startedAt: Date
    package var environment: String
    package var revision: String?
    package var sentinel: String?
    package var exitCode: Int32
    /// The counts it saw, by series.
    package var counts: [SeriesKey: Int]
}

/// The history file could not be opened, read or written. Never changes the gate's verdict: the report says it.
package struct HistoryError: Error, Sendable, CustomStringConvertible {
    package let path: String
    package let action: String
    package let reason: String
    package var description: String { "run history \(path): cannot \(action): \(reason)" }

    init(path: String, action: String, reason: String) {
        self.path = path
        self.action = action
        self.reason = reason
    }

    init(path: String, action: String, _ error: any Error) {
        self.path = path
        self.action = action
        if let database = error as? DatabaseError {
            let hint: String
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: hint = "another process held the file longer than the busy timeout; run again, or give each job its own file"
            case .SQLITE_READONLY, .SQLITE_PERM: hint = "the file or its folder is read-only; make both writable, or pass another --history"
            case .SQLITE_CANTOPEN: hint = "the file cannot be opened or created; check the folder exists and is writable"
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: hint = "this is not a gate history file (or it is damaged); pass another --history"
            default: hint = "SQLite error \(database.resultCode.rawValue)"
            }
            reason = "\(database.message ?? "\(database.resultCode)") (\(hint))"
        } else if let error = error as? HistoryError {
            reason = error.reason
        } else {
            reason = "\(error)"
        }
    }
}

/// Every run of the gate, kept in one SQLite file (GRDB: a maintained library, with versioned migrations and WAL).
/// Two gates writing one file at once never corrupt it: WAL lets readers run beside the writer, a busy timeout
/// makes a writer wait its turn, and each run is written in one transaction.
package final class HistoryStore: Sendable {
    package let path: String
    private let database: any DatabaseWriter
    /// The private copy a read-only history is read from, removed with the store.
    private let copyFolder: URL?

    /// How long a writer waits for another to finish before it gives up (its run's record is then reported lost).
    package static let busyTimeoutSeconds: Double = 10

    /// Opens (and creates or migrates) the history at `path`; `readOnly` opens an existing one as it is, to read.
    package init(path: String, busyTimeoutSeconds: Double = HistoryStore.busyTimeoutSeconds, readOnly: Bool = false) throws(HistoryError) {
        self.path = path
        if path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw HistoryError(path: "''", action: "open it", reason: "the path is empty; name a file, e.g. .gate/history.sqlite")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw HistoryError(path: path, action: "open it", reason: "it is a folder; name a file in it, e.g. \(path)/history.sqlite")
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeoutSeconds)
            configuration.label = "gate history"
            if readOnly {
                configuration.readonly = true
                // A queue, not a pool. Reading a WAL file still needs its shared-memory file beside it: in a read-only
                // folder (a downloaded artifact) the history is read from a private copy instead.
                var queue: DatabaseQueue
                var copy: String?
                do {
                    queue = try DatabaseQueue(path: path, configuration: configuration)
                    _ = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
                } catch let error as DatabaseError where [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode) {
                    copy = try Self.privateCopy(of: path)
                    queue = try DatabaseQueue(path: copy!, configuration: configuration)
                }
                copyFolder = copy.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
                guard try queue.read({ try $0.tableExists("grdb_migrations") && $0.tableExists("run") && $0.tableExists("check_result") }) else {
                    throw HistoryError(path: path, action: "open it", reason: "it holds no gate runs (not a gate history file); pass another --history")
                }
                database = queue
            } else {
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                    throw HistoryError(path: path, action: "open it", reason: "its folder \(folder.path) cannot be made (\(ReportFile.reason(error)))")
                }
                // Another application's SQLite file is not ours to add tables to (or to switch to WAL): looked at read-only first.
                if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
                    var look = configuration
                    look.readonly = true
                    let foreign = try DatabaseQueue(path: path, configuration: look).read { db in
                        try !db.tableExists("grdb_migrations") && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master")! > 0
                    }
                    if foreign {
                        throw HistoryError(path: path, action: "open it", reason: "it is another application's SQLite database (not a gate history file); pass another --history")
                    }
                }
                let pool = try Self.openPool(path, configuration, waitSeconds: busyTimeoutSeconds)
                try Self.migrate(pool, path: path, waitSeconds: busyTimeoutSeconds)
                copyFolder = nil
                database = pool
            }
        } catch {
            throw HistoryError(path: path, action: "open it", error)
        }
    }

    deinit {
        if let copyFolder { try? FileManager.default.removeItem(at: copyFolder) }
    }

    /// The history file (and its write-ahead log) copied to a new temporary folder; the copy's path.
    static func privateCopy(of path: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("history.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        if FileManager.default.fileExists(atPath: path + "-wal") { try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal") }
        return copy
    }

    /// The environments with runs in the file, and the tenants each has checks of.
    package func environments() throws(HistoryError) -> [String: Set<String>] {
        do {
            return try database.read { db in
                var found: [String: Set<String>] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT DISTINCT run.environment, c.tenant FROM run LEFT JOIN check_result c ON c.runId = run.id
                    """) {
                    guard let environment = Self.value(String.self, row, 0) else { continue }
                    let tenant = Self.value(String.self, row, 1) ?? ""
                    found[environment, default: []].formUnion(tenant.isEmpty ? [] : [tenant])
                }
                return found
            }
        } catch {
            throw HistoryError(path: path, action: "read its runs", error)
        }
    }

    /// Versioned schema: a new version is a new registered migration, never an edit of an old one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs and their checks") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("started_at", .datetime).notNull()
                table.column("environment", .text).notNull()
                table.column("revision", .text)
                table.column("sentinel", .text)
                table.column("exit_code", .integer).notNull()
                table.column("seconds", .double).notNull()
            }
            try db.create(table: "check_result") { table in
                table.belongsTo("run", onDelete: .cascade).notNull()
                // '' for none, so a series is found with `=`.
                table.column("tenant", .text).notNull().defaults(to: "")
                table.column("arm", .text).notNull()
                table.column("slug", .text).notNull().defaults(to: "")
                table.column("dashboard", .text)
                table.column("check_name", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("expected", .text)
                table.column("actual", .text)
                table.column("row_count", .integer)
                table.column("message", .text).notNull()
                table.column("seconds", .double).notNull()
            }
            try db.create(index: "check_result_series", on: "check_result", columns: ["tenant", "arm", "slug", "check_name", "runId"])
        }
        migrator.registerMigration("v2: runs by environment") { db in
            // `gate-runner history` lists an environment's last runs without reading every run.
            try db.create(index: "run_environment", on: "run", columns: ["environment", "id"])
        }
        migrator.registerMigration("v3: interrupted runs") { db in
            // The signal that stopped a run (SIGINT, SIGTERM); NULL for a run that ended by itself.
            try db.alter(table: "run") { table in table.add(column: "interrupted_by", .text) }
        }
        migrator.registerMigration("v4: check kinds in columns") { db in
            // A check's kind in its parts: family code, chart ('' for none), the family a trend counts ('' for none).
            try db.alter(table: "check_result") { table in
                table.add(column: "family", .text).notNull().defaults(to: "")
                table.add(column: "chart", .text).notNull().defaults(to: "")
                table.add(column: "counted", .text).notNull().defaults(to: "")
            }
            // Runs v1–v3 recorded kept a kind only in words (`check_name`): split once, here, by the words they wrote.
            // Frozen: these are those versions' words, whatever later versions call the families.
            let codes = ["id and slug": "identity", "cross filters": "cross-filters", "no extra charts": "no-extra-charts",
                         "sql drift": "sql-drift", "sql lint": "sql-lint", "superset database": "superset-database",
                         "superset = database": "agreement"]
            func code(_ expression: String) -> String {
                "CASE \(expression) " + codes.sorted(by: { $0.key < $1.key }).map { "WHEN '\($0.key)' THEN '\($0.value)'" }.joined(separator: " ")
                    + " ELSE \(expression) END"
            }
            try db.execute(sql: """
                UPDATE check_result SET family = 'chart', chart = substr(check_name, 7) WHERE substr(check_name, 1, 6) = 'chart ';
                UPDATE check_result SET family = 'trend', counted = 'chart', chart = substr(check_name, 16)
                    WHERE substr(check_name, 1, 15) = 'trend of chart ';
                UPDATE check_result SET family = 'trend', counted = \(code("substr(check_name, 10)"))
                    WHERE family = '' AND substr(check_name, 1, 9) = 'trend of ';
                UPDATE check_result SET family = \(code("check_name")) WHERE family = '';
                """)
            try db.create(index: "check_result_kind", on: "check_result", columns: ["tenant", "arm", "slug", "family", "chart", "counted", "runId"])
            // Series are found by these columns now; the index on the words would only cost every insert.
            try db.drop(index: "check_result_series")
        }
        return migrator
    }

    /// Brings the file to the newest schema. GRDB's migrator reads the applied versions, then runs each missing one in
    /// its own transaction: two processes creating a new file at once would both create its tables ("table run already
    /// exists") and one run would be lost. So the versions are read and applied under an exclusive lock on the file's
    /// folder (a file beside it would be left behind): the second process waits, then sees the first's versions.
    /// A pool on the file. Opening switches a new file to WAL, which needs the file alone: SQLite answers SQLITE_BUSY
    /// at once, without waiting out the busy timeout, while another process is creating the same file; so the open is
    /// tried again for up to `waitSeconds`.
    static func openPool(_ path: String, _ configuration: Configuration, waitSeconds: Double) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .milliseconds(Int(waitSeconds * 1_000))
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    static func migrate(_ pool: DatabasePool, path: String, waitSeconds: Double) throws {
        // The usual case, a file already at the newest version: no lock.
        if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let held = try FolderLock.acquire(folder, waitSeconds: waitSeconds)
        defer { held?.release() }
        // Without the lock (a file system that has no flock), a version another process applied meanwhile is retried.
        try migrateRetrying(pool)
    }

    /// Runs the migrator; when it fails because another process applied a version meanwhile (each version is one
    /// transaction, so the failed one left nothing), it runs again from the versions now applied. Bounded: each retry
    /// needs another version applied.
    static func migrateRetrying(_ pool: DatabasePool) throws {
        for _ in 0...migrator.migrations.count {
            let before = try pool.read { try migrator.appliedIdentifiers($0) }
            do {
                try migrator.migrate(pool)
                return
            } catch {
                let after = try pool.read { try migrator.appliedIdentifiers($0) }
                guard after.isStrictSuperset(of: before) else { throw error }
            }
        }
        try migrator.migrate(pool)
    }

    /// The versions applied to the file, oldest first.
    package func appliedMigrations() throws(HistoryError) -> [String] {
        do { return try database.read { db in try Self.migrator.appliedMigrations(db) } } catch {
            throw HistoryError(path: path, action: "read its schema", error)
        }
    }

    /// Records a run and all its checks in one transaction; returns the run's number.
    @discardableResult
    package func record(_ report: GateReport, revision: String?) throws(HistoryError) -> Int64 {
        do {
            return try database.write { db in
                try db.execute(sql: "INSERT INTO run (started_at, environment, revision, sentinel, exit_code, seconds, interrupted_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [report.startedAt, report.environment, revision, report.sentinel, Int(report.exitCode), report.seconds,
                                           report.interruptedBy?.rawValue])
                let run = db.lastInsertedRowID
                let insert = try db.makeStatement(sql: """
                    INSERT INTO check_result (runId, tenant, arm, slug, dashboard, family, chart, counted, check_name, outcome, expected, actual,
                                              row_count, message, seconds)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for result in report.results {
                    // `check_name` keeps the words too, for people reading the file and for gates from before v4.
                    try insert.execute(arguments: [run, result.tenant ?? "", result.arm.rawValue, result.slug ?? "", result.dashboard,
                                                   result.check.family.code, result.check.chart ?? "", result.check.counted?.code ?? "",
                                                   result.check.description, result.outcome.rawValue, result.expected?.description, result.actual?.description,
                                                   result.count, result.message, result.seconds])
                }
                return run
            }
        } catch {
            throw HistoryError(path: path, action: "record this run", error)
        }
    }

    /// For each series, the counts of its last `limit` runs in `environment` that counted it, oldest first.
    package func recentCounts(environment: String, series: [SeriesKey], limit: (SeriesKey) -> Int) throws(HistoryError) -> [SeriesKey: [CountPoint]] {
        let limits = series.map { ($0, limit($0)) }
        do {
            return try database.read { db in
                // Newest first along the series index; only whole numbers count (a file edited by hand may hold anything).
                let statement = try db.makeStatement(sql: """
                    SELECT check_result.runId, run.started_at, check_result.row_count FROM check_result JOIN run ON run.id = check_result.runId
                    WHERE run.environment = ? AND check_result.tenant = ? AND check_result.arm = ? AND check_result.slug = ?
                      AND check_result.family = ? AND check_result.chart = ? AND check_result.counted = ?
                      AND typeof(check_result.row_count) = 'integer'
                    ORDER BY check_result.runId DESC LIMIT ?
                    """)
                var counts: [SeriesKey: [CountPoint]] = [:]
                for (key, limit) in limits {
                    let rows = try Row.fetchAll(statement, arguments: [environment, key.tenant ?? "", key.arm.rawValue, key.slug,
                                                                       key.check.family.code, key.check.chart ?? "", key.check.counted?.code ?? "",
                                                                       limit])
                    counts[key] = rows.reversed().compactMap { row in
                        guard let run = Self.value(Int64.self, row, 0), let count = Self.value(Int.self, row, 2) else { return nil }
                        return CountPoint(run: run, startedAt: Self.value(Date.self, row, 1) ?? Date(timeIntervalSince1970: 0), count: count)
                    }
                }
                return counts
            }
        } catch {
            throw HistoryError(path: path, action: "read earlier runs", error)
        }
    }

    /// The last `limit` runs of an environment (only those that checked `slug`, or `tenant`, when given), newest last.
    package func runs(environment: String, tenant: String?, slug: String?, limit: Int) throws(HistoryError) -> [HistoryRun] {
        do {
            return try database.read { db in
                let runRows = try Row.fetchAll(db, sql: """
                    SELECT id, started_at, environment, revision, sentinel, exit_code FROM run
                    WHERE environment = ? AND ((? IS NULL AND ? IS NULL) OR EXISTS (
                        SELECT 1 FROM check_result c WHERE c.runId = run.id AND (? IS NULL OR c.slug = ?) AND (? IS NULL OR c.tenant = ?)))
                    ORDER BY id DESC LIMIT ?
                    """, arguments: [environment, slug, tenant, slug, slug, tenant, tenant, limit])
                return try runRows.reversed().compactMap { row -> HistoryRun? in
                    guard let id = Self.value(Int64.self, row, 0) else { return nil }
                    var counts: [SeriesKey: Int] = [:]
                    for count in try Row.fetchAll(db, sql: """
                        SELECT tenant, arm, slug, family, chart, counted, row_count FROM check_result
                        WHERE runId = ? AND typeof(row_count) = 'integer' AND (? IS NULL OR slug = ?) AND (? IS NULL OR tenant = ?)
                        """, arguments: [id, slug, slug, tenant, tenant]) {
                        guard let tenantName = Self.value(String.self, count, 0), let arm = Self.value(String.self, count, 1).flatMap(Arm.init(rawValue:)),
                              let slug = Self.value(String.self, count, 2), let check = Self.kind(count, from: 3),
                              let rows = Self.value(Int.self, count, 6) else { continue }
                        counts[SeriesKey(tenant: tenantName.isEmpty ? nil : tenantName, arm: arm, slug: slug, check: check)] = rows
                    }
                    return HistoryRun(id: id, startedAt: Self.value(Date.self, row, 1) ?? Date(timeIntervalSince1970: 0),
                                      environment: environment, revision: Self.value(String.self, row, 3), sentinel: Self.value(String.self, row, 4),
                                      exitCode: Self.value(Int32.self, row, 5) ?? ExitCodes.couldNotRun, counts: counts)
                }
            }
        } catch {
            throw HistoryError(path: path, action: "read its runs", error)
        }
    }

    /// The kind kept in columns `index` (family code), `index + 1` (chart, '' for none) and `index + 2` (the family a trend
    /// counts, '' for none); nil when the family is missing.
    static func kind(_ row: Row, from index: Int) -> CheckKind? {
        guard let family = value(String.self, row, index), !family.isEmpty else { return nil }
        let chart = value(String.self, row, index + 1) ?? ""
        let counted = value(String.self, row, index + 2) ?? ""
        return CheckKind(family: CheckRegistry.family(code: family), chart: chart.isEmpty ? nil : chart,
                         counted: counted.isEmpty ? nil : CheckRegistry.family(code: counted))
    }

    /// A column's value as `T`, or nil when it is NULL or not a `T`: a file edited by hand must not stop the gate
    /// (GRDB's plain subscripts stop the process on a value of the wrong type).
    static func value<T: DatabaseValueConvertible>(_ type: T.Type, _ row: Row, _ index: Int) -> T? {
        T.fromDatabaseValue(row[index] as DatabaseValue)
    }
}

/// An exclusive `flock` on a folder, between processes and between connections of one process (each its own open
/// file description). Nil when the file system has no such locks.
private final class FolderLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Waits up to `waitSeconds` for the lock (polled: a blocking flock could not be bounded).
    static func acquire(_ folder: String, waitSeconds: Double) throws -> FolderLock? {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            if error == EINTR { continue }
            guard error == EWOULDBLOCK else {
                close(descriptor)
                return nil
            }
            if Date() >= deadline {
                close(descriptor)
                throw HistoryError(path: folder, action: "create or upgrade the history in it",
                                   reason: "another gate held its schema lock for \(Int(waitSeconds)) s; run again")
            }
            usleep(10_000)
        }
        return FolderLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
