import CSQLite
import Foundation

/// How hard a commit waits for the disk (`PRAGMA synchronous`).
public enum Durability: String, Sendable, CaseIterable {
    /// Every commit is fsynced: nothing acknowledged is lost on power failure.
    case full
    /// WAL checkpoints are fsynced; a power failure may lose the last commits, never corrupt.
    case normal
}

/// One SQLite connection, configured at open: WAL, foreign keys, busy timeout, extended codes.
///
/// Not `Sendable`: a connection lives on one thread (the turn writer). Statements are prepared
/// once and cached by their SQL text. See <https://www.sqlite.org/c3ref/sqlite3.html>.
public final class Connection {
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var transactionDepth = 0
    /// The background checkpointer, once `checkpointInBackground()` has been called.
    var checkpointer: WALCheckpointer?
    /// The path it was opened at (`:memory:` for an in-memory database).
    public let path: String

    /// Opens (creating when missing) the database at `path` and configures it.
    public init(path: String, durability: Durability = .full, busyTimeout: Int32 = 5_000) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close(db)  // required even on failure; a no-op on nil
            throw SQLiteError(code: rc, message: message)
        }
        if sqlite3_db_readonly(db, "main") == 1 {
            // SQLite falls back to reading when it cannot write; the bot must write, so say so now, not at the
            // first turn.
            sqlite3_close(db)
            throw SQLiteError(
                code: SQLITE_READONLY,
                message: "the database \(path) is read-only (a read-only file, folder or disk); it must be writable")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeout)
        try execute("PRAGMA foreign_keys = ON")
        if path != ":memory:" && !path.isEmpty {
            let mode = try scalarText("PRAGMA journal_mode = WAL")
            guard mode == "wal" else {
                throw SQLiteError(code: SQLITE_ERROR, message: "WAL not available for \(path) (got \(mode ?? "nil"))")
            }
        }
        try execute("PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
    }

    deinit {
        if let checkpointer {
            sqlite3_wal_hook(handle, nil, nil)
            checkpointer.stop()  // its connection closes first, so that closing this one can checkpoint the rest
        }
        cache.removeAll()  // finalize statements before closing
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        return SQLiteError(
            code: extended != 0 ? extended : rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    // MARK: - Running statements

    /// Runs SQL that takes no arguments, possibly several statements (schema scripts, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        try checkTransactionIsOpen()
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> Statement {
        try checkTransactionIsOpen()
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs one statement with its arguments bound; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ arguments: any SQLBindable...) throws(SQLiteError) -> Int {
        try run(sql, arguments: arguments)
    }

    /// Runs one statement with an array of arguments; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, arguments: [any SQLBindable]) throws(SQLiteError) -> Int {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and maps each row.
    public func query<T>(
        _ sql: String, _ arguments: any SQLBindable..., map: (Row) throws -> T
    ) throws -> [T] {
        try query(sql, arguments: arguments, map: map)
    }

    /// Runs a query with an array of arguments and maps each row.
    public func query<T>(
        _ sql: String, arguments: [any SQLBindable], map: (Row) throws -> T
    ) throws -> [T] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        var result: [T] = []
        while try statement.step() {
            result.append(try map(Row(handle: statement.handle)))
        }
        return result
    }

    /// Runs a query and maps its first row, if any.
    public func queryFirst<T>(
        _ sql: String, _ arguments: any SQLBindable..., map: (Row) throws -> T
    ) throws -> T? {
        try queryFirst(sql, arguments: arguments, map: map)
    }

    /// Runs a query with an array of arguments and maps its first row, if any.
    public func queryFirst<T>(
        _ sql: String, arguments: [any SQLBindable], map: (Row) throws -> T
    ) throws -> T? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        return try statement.step() ? try map(Row(handle: statement.handle)) : nil
    }

    /// The first column of the first row as an integer, or nil.
    public func scalarInt(_ sql: String, _ arguments: any SQLBindable...) throws(SQLiteError) -> Int? {
        try scalarInt(sql, arguments: arguments)
    }

    /// The first column of the first row as an integer, or nil, with an array of arguments.
    public func scalarInt(_ sql: String, arguments: [any SQLBindable]) throws(SQLiteError) -> Int? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        let row = Row(handle: statement.handle)
        return row.optionalInt(0)
    }

    /// The first column of the first row as text, or nil.
    public func scalarText(_ sql: String, _ arguments: any SQLBindable...) throws(SQLiteError) -> String? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return Row(handle: statement.handle).optionalText(0)
    }

    /// The first column of the first row as the bytes of its text (UTF-8, not checked), or nil for no row or NULL.
    public func scalarUTF8(_ sql: String, _ arguments: any SQLBindable...) throws(SQLiteError) -> [UInt8]? {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        guard try statement.step(), sqlite3_column_type(statement.handle, 0) != SQLITE_NULL else { return nil }
        guard let pointer = sqlite3_column_text(statement.handle, 0) else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement.handle, 0))))
    }

    /// The rowid of the last inserted row.
    public var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    // MARK: - Transactions

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }

    /// Whether SQLite rolled back the open transaction on its own: some errors (a full disk, an I/O error) end
    /// the whole transaction, not just the failing statement.
    ///
    /// Until the outermost `transaction` returns, every statement then throws instead of running outside any
    /// transaction (each one committing on its own).
    public var transactionWasRolledBack: Bool { transactionDepth > 0 && sqlite3_get_autocommit(handle) != 0 }

    private func checkTransactionIsOpen() throws(SQLiteError) {
        guard transactionWasRolledBack else { return }
        throw SQLiteError(
            code: SQLITE_ABORT | (2 << 8),  // SQLITE_ABORT_ROLLBACK
            message: "SQLite rolled the transaction back after an earlier error; nothing more runs in it")
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`), or in a savepoint when one is open.
    ///
    /// Commits when the body returns, rolls back when it throws and rethrows the body's error.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        try control(depth == 0 ? .begin : .savepoint(depth))
        transactionDepth += 1
        do {
            let result = try body()
            transactionDepth -= 1
            try control(depth == 0 ? .commit : .release(depth))
            return result
        } catch {
            transactionDepth = depth
            if depth == 0 {
                try? control(.rollback)
            } else {
                try? control(.rollbackTo(depth))
                try? control(.release(depth))
            }
            throw error
        }
    }

    /// The statements that open and close transactions and savepoints, run through the statement cache (every
    /// turn opens a savepoint: parsing its SQL anew each time cost more than running it).
    private enum TransactionControl {
        case begin, commit, rollback
        case savepoint(Int), release(Int), rollbackTo(Int)

        var sql: String {
            switch self {
            case .begin: "BEGIN IMMEDIATE"
            case .commit: "COMMIT"
            case .rollback: "ROLLBACK"
            case .savepoint(let depth): "SAVEPOINT sp\(depth)"
            case .release(let depth): "RELEASE sp\(depth)"
            case .rollbackTo(let depth): "ROLLBACK TO sp\(depth)"
            }
        }
    }

    private func control(_ statement: TransactionControl) throws(SQLiteError) {
        let prepared = try prepared(statement.sql)
        defer { prepared.reset() }
        while try prepared.step() {}
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
