import CPostgres
import CSQLite
import Foundation

/// How hard a commit waits for the disk (`PRAGMA synchronous`).
public enum Durability: String, Sendable, CaseIterable {
    /// Every commit is fsynced: nothing acknowledged is lost on power failure.
    case full
    /// WAL checkpoints are fsynced; a power failure may lose the last commits, never corrupt.
    case normal
}

/// Which store a connection talks to.
public enum Dialect: Sendable {
    /// An SQLite file, the embedded default: one process writes it.
    case sqlite
    /// A PostgreSQL server: several processes share it.
    case postgres
}

/// One connection to the store: an SQLite file or a PostgreSQL server, behind one set of calls.
///
/// The stores (the engine's, the Cabinet's, the mail outbox's) write their SQL once, in SQLite's words with `?`
/// placeholders; on PostgreSQL it is translated once per statement (`PostgresSQL`). Statements are prepared once
/// and cached by their SQL text; every value is bound as a parameter.
///
/// Not `Sendable`: a connection lives on one thread (the turn writer).
public final class Connection {
    enum Backend {
        case sqlite(SQLiteSession)
        case postgres(PostgresSession)
    }

    let backend: Backend
    private var transactionDepth = 0
    /// Leases this process holds, with the connection's generation they were taken in (PostgreSQL).
    var heldLeases: [Lease: Int] = [:]
    /// The background checkpointer, once `checkpointInBackground()` has been called (SQLite).
    var checkpointer: WALCheckpointer?
    /// Where it was opened: the SQLite file's path (`:memory:` for an in-memory database), or the PostgreSQL URL
    /// without its password.
    public let path: String
    /// The store it was opened on.
    public let location: DatabaseLocation
    /// How hard its commits wait for the disk, as opened.
    public let durability: Durability

    /// Opens (creating when missing) the SQLite database at `path` and configures it: WAL, foreign keys, busy
    /// timeout, extended codes.
    public init(path: String, durability: Durability = .full, busyTimeout: Int32 = 5_000) throws(DatabaseError) {
        backend = .sqlite(try SQLiteSession(path: path, durability: durability, busyTimeout: busyTimeout))
        self.path = path
        location = .sqlite(path: path)
        self.durability = durability
    }

    /// Connects to the PostgreSQL server `location` names.
    ///
    /// `location` is a `postgres://user@host:port/dbname` URL or libpq's `key=value` pairs; libpq's environment
    /// variables fill in what it leaves out. `.normal` durability turns `synchronous_commit` off.
    public init(postgres location: DatabaseLocation, durability: Durability = .full) throws(DatabaseError) {
        backend = .postgres(try PostgresSession(conninfo: location.conninfo, durability: durability))
        path = location.description
        self.location = location
        self.durability = durability
    }

    /// Opens the store `location` names.
    public static func open(_ location: DatabaseLocation, durability: Durability = .full) throws(DatabaseError)
        -> Connection
    {
        switch location {
        case .sqlite(let path): try Connection(path: path, durability: durability)
        case .postgres: try Connection(postgres: location, durability: durability)
        }
    }

    deinit {
        if let checkpointer, case .sqlite(let session) = backend {
            sqlite3_wal_hook(session.handle, nil, nil)
            checkpointer.stop()  // its connection closes first, so that closing this one can checkpoint the rest
        }
    }

    /// The store's dialect.
    public var dialect: Dialect {
        switch backend {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The SQLite handle (nil on PostgreSQL), for what only SQLite has: WAL hooks, checkpoints.
    var sqliteHandle: OpaquePointer? {
        if case .sqlite(let session) = backend { return session.handle }
        return nil
    }

    // MARK: - Running statements

    /// Runs SQL that takes no arguments, possibly several statements, as written.
    public func execute(_ sql: String) throws(DatabaseError) {
        try checkTransactionIsOpen()
        switch backend {
        case .sqlite(let session): try session.execute(sql)
        case .postgres(let session): try session.execute(sql)
        }
    }

    /// Runs a schema script (a migration's), in PostgreSQL's words when that is the store.
    public func executeSchema(_ script: String) throws(DatabaseError) {
        switch backend {
        case .sqlite: try execute(script)
        case .postgres: try execute(PostgresSQL.schema(script))
        }
    }

    private func cursor(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> RowCursor {
        try checkTransactionIsOpen()
        switch backend {
        case .sqlite(let session): return try session.cursor(sql, arguments)
        case .postgres(let session): return try session.cursor(sql, arguments)
        }
    }

    /// Runs one statement with its arguments bound; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ arguments: any SQLBindable...) throws(DatabaseError) -> Int {
        try run(sql, arguments: arguments)
    }

    /// Runs one statement with an array of arguments; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, arguments: [any SQLBindable]) throws(DatabaseError) -> Int {
        var rows = try cursor(sql, arguments)
        defer { rows.finish() }
        while try rows.next() != nil {}
        return rows.changes
    }

    /// Runs an `INSERT` and returns the new row's key (the `key` column, an integer the store assigned).
    public func insert(_ sql: String, returning key: String = "id", _ arguments: any SQLBindable...)
        throws(DatabaseError) -> Int
    {
        try insert(sql, returning: key, arguments: arguments)
    }

    /// Runs an `INSERT` with an array of arguments and returns the new row's key.
    public func insert(_ sql: String, returning key: String = "id", arguments: [any SQLBindable])
        throws(DatabaseError) -> Int
    {
        switch backend {
        case .sqlite(let session):
            try run(sql, arguments: arguments)
            return session.lastInsertRowID
        case .postgres:
            return try scalarInt(sql + " RETURNING " + key, arguments: arguments) ?? 0
        }
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
        var rows = try cursor(sql, arguments)
        defer { rows.finish() }
        var result: [T] = []
        while let row = try rows.next() {
            result.append(try map(row))
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
        var rows = try cursor(sql, arguments)
        defer { rows.finish() }
        return try rows.next().map(map)
    }

    /// The first column of the first row as an integer, or nil.
    public func scalarInt(_ sql: String, _ arguments: any SQLBindable...) throws(DatabaseError) -> Int? {
        try scalarInt(sql, arguments: arguments)
    }

    /// The first column of the first row as an integer, or nil, with an array of arguments.
    public func scalarInt(_ sql: String, arguments: [any SQLBindable]) throws(DatabaseError) -> Int? {
        var rows = try cursor(sql, arguments)
        defer { rows.finish() }
        return try rows.next()?.optionalInt(0)
    }

    /// The first column of the first row as text, or nil.
    public func scalarText(_ sql: String, _ arguments: any SQLBindable...) throws(DatabaseError) -> String? {
        var rows = try cursor(sql, arguments)
        defer { rows.finish() }
        return try rows.next()?.optionalText(0)
    }

    /// The first column of the first row as the bytes of its text (UTF-8, not checked), or nil for no row or NULL.
    public func scalarUTF8(_ sql: String, _ arguments: any SQLBindable...) throws(DatabaseError) -> [UInt8]? {
        var rows = try cursor(sql, arguments)
        defer { rows.finish() }
        return try rows.next()?.utf8(0)
    }

    // MARK: - Transactions

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }

    /// Whether the store ended the open transaction on its own: on SQLite some errors (a full disk, an I/O error)
    /// end the whole transaction, not just the failing statement; on PostgreSQL any error outside a savepoint
    /// does, and so does a lost connection.
    ///
    /// Until the outermost `transaction` returns, every statement then fails instead of running outside any
    /// transaction (each one committing on its own).
    public var transactionWasRolledBack: Bool {
        guard transactionDepth > 0 else { return false }
        switch backend {
        case .sqlite(let session): return session.isAutocommit
        case .postgres(let session): return session.transactionStatus != PQTRANS_INTRANS
        }
    }

    private func checkTransactionIsOpen() throws(DatabaseError) {
        guard case .sqlite = backend, transactionWasRolledBack else { return }
        throw DatabaseError(
            code: SQLITE_ABORT | (2 << 8),  // SQLITE_ABORT_ROLLBACK
            message: "SQLite rolled the transaction back after an earlier error; nothing more runs in it")
    }

    /// Runs `body` in a write transaction, or in a savepoint when one is open.
    ///
    /// SQLite: `BEGIN IMMEDIATE`, the write lock taken up front. PostgreSQL: `REPEATABLE READ` (one snapshot for
    /// the whole transaction; a row another process changed meanwhile fails the write with a serialization
    /// failure instead of losing an update). Commits when the body returns, rolls back when it throws and
    /// rethrows the body's error.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        if depth == 0, case .postgres(let session) = backend { try session.reconnect() }
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

        func sql(_ dialect: Dialect) -> String {
            switch self {
            case .begin: dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .commit: "COMMIT"
            case .rollback: "ROLLBACK"
            case .savepoint(let depth): "SAVEPOINT sp\(depth)"
            case .release(let depth): "RELEASE sp\(depth)"
            case .rollbackTo(let depth): "ROLLBACK TO sp\(depth)"
            }
        }
    }

    private func control(_ statement: TransactionControl) throws(DatabaseError) {
        switch backend {
        case .sqlite:
            try run(statement.sql(.sqlite))
        case .postgres(let session):
            try session.execute(statement.sql(.postgres))  // no arguments: one round trip, nothing to prepare
        }
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
