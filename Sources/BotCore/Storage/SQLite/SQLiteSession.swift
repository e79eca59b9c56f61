import CSQLite
import Foundation

/// One open SQLite database.
///
/// WAL, foreign keys, busy timeout and extended codes are set at open; statements are prepared once and cached by
/// their SQL text. See <https://www.sqlite.org/c3ref/sqlite3.html>.
///
/// Not `Sendable`: it belongs to one `Connection`, on one thread.
final class SQLiteSession {
    let handle: OpaquePointer
    private var cache: [String: SQLiteStatement] = [:]
    /// The same statements by where their SQL text lies in memory.
    ///
    /// A statement's SQL is nearly always a literal, found here without hashing its text (which cost more than a short statement's step). A hit is checked
    /// against the statement's own SQL, so a text built at run time that reuses an address is never mistaken.
    private var byAddress: [TextAddress: SQLiteStatement] = [:]

    private struct TextAddress: Hashable {
        var start: UInt
        var count: Int
    }

    /// Opens (creating when missing) the database at `path` and configures it.
    init(path: String, durability: Durability, busyTimeout: Int32) throws(DatabaseError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close(db)  // required even on failure; a no-op on nil
            throw DatabaseError(code: rc, message: message)
        }
        if sqlite3_db_readonly(db, "main") == 1 {
            // SQLite falls back to reading when it cannot write; the bot must write, so say so now, not at the
            // first turn.
            sqlite3_close(db)
            throw DatabaseError(
                code: SQLITE_READONLY,
                message: "the database \(path) is read-only (a read-only file, folder or disk); it must be writable")
        }
        self.handle = db
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeout)
        try execute("PRAGMA foreign_keys = ON")
        if path != ":memory:" && !path.isEmpty {
            var cursor = try cursor("PRAGMA journal_mode = WAL", [])
            let mode = try cursor.next()?.optionalText(0)
            cursor.finish()
            guard mode == "wal" else {
                throw DatabaseError(code: SQLITE_ERROR, message: "WAL not available for \(path) (got \(mode ?? "nil"))")
            }
        }
        try execute("PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
    }

    deinit {
        byAddress.removeAll()
        cache.removeAll()  // finalize statements before closing
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        return DatabaseError(
            code: extended != 0 ? extended : rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs SQL that takes no arguments, possibly several statements (schema scripts, pragmas).
    func execute(_ sql: String) throws(DatabaseError) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// The statement for `sql` from the cache (prepared the first time), with `arguments` bound.
    func cursor(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> RowCursor {
        let address = sql.utf8.withContiguousStorageIfAvailable {
            TextAddress(start: UInt(bitPattern: $0.baseAddress), count: $0.count)
        }
        let statement: SQLiteStatement
        if let address, let cached = byAddress[address], cached.sql == sql {
            statement = cached
            statement.reset()
        } else {
            if let cached = cache[sql] {
                statement = cached
                statement.reset()
            } else {
                statement = try SQLiteStatement(session: self, sql: sql)
                cache[sql] = statement
            }
            // Texts built at run time lie somewhere new each time: start over now and then, and the literals
            // come back at their next use.
            if byAddress.count >= 512 { byAddress.removeAll(keepingCapacity: true) }
            if let address { byAddress[address] = statement }
        }
        do {
            try statement.bind(arguments)
        } catch {
            statement.reset()
            throw error
        }
        return RowCursor(sqlite: statement)
    }

    /// The number of rows the last statement changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last inserted row.
    var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    /// Whether no transaction is open (SQLite's autocommit mode).
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
}
