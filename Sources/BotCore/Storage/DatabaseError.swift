import CSQLite

/// A failed database call, from either store: an SQLite extended result code, the store's message and the SQL text.
///
/// PostgreSQL's errors carry their SQLSTATE and the SQLite code of the same meaning (a unique violation is
/// `SQLITE_CONSTRAINT_UNIQUE`, a serialization failure `SQLITE_BUSY`), so that callers ask one set of predicates.
/// Bound values are never part of the error: they hold personal data.
/// See <https://www.sqlite.org/rescode.html> and <https://www.postgresql.org/docs/current/errcodes-appendix.html>.
public struct DatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code, such as `SQLITE_CONSTRAINT_UNIQUE`.
    public var code: Int32
    /// The store's own explanation.
    public var message: String
    /// The statement's SQL text, when a statement failed.
    public var sql: String?
    /// PostgreSQL's SQLSTATE (`40001`), nil for SQLite.
    public var sqlState: String?

    public init(code: Int32, message: String, sql: String? = nil, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.sqlState = sqlState
    }

    /// The primary result code (the low byte of the extended one).
    public var primaryCode: Int32 { code & 0xFF }
    /// A constraint (unique, foreign key, check, not null) was violated.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// Another connection holds the lock longer than the busy timeout, or (PostgreSQL) the transaction lost a
    /// serialization conflict or a deadlock: trying again later may succeed.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// PostgreSQL aborted the transaction to keep it serializable (40001) or to break a deadlock (40P01): the whole
    /// transaction may be run again.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The connection to the server is gone (or was never made): nothing of the open transaction committed.
    public var isConnectionLost: Bool { sqlState?.hasPrefix("08") == true }
    /// The disk is full or the database cannot be written.
    public var isReadOnlyOrFull: Bool { primaryCode == SQLITE_FULL || primaryCode == SQLITE_READONLY }

    public var description: String {
        let store = sqlState.map { "PostgreSQL error \($0)" } ?? "SQLite error \(code)"
        return "\(store): \(message)" + (sql.map { " in `\($0)`" } ?? "")
    }
}
