import CSQLite

/// A failed SQLite call: the extended result code, SQLite's message and the SQL text.
///
/// Bound values are never part of the error: they hold personal data.
/// See <https://www.sqlite.org/rescode.html>.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The extended result code, such as `SQLITE_CONSTRAINT_UNIQUE`.
    public var code: Int32
    /// SQLite's own explanation.
    public var message: String
    /// The statement's SQL text, when a statement failed.
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended one).
    public var primaryCode: Int32 { code & 0xFF }
    /// A constraint (unique, foreign key, check, not null) was violated.
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// Another connection holds the lock longer than the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// The disk is full or the database cannot be written.
    public var isReadOnlyOrFull: Bool { primaryCode == SQLITE_FULL || primaryCode == SQLITE_READONLY }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in `\($0)`" } ?? "")
    }
}
