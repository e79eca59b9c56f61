import Foundation

/// One named, never-edited step of the schema.
///
/// Ship a new one instead of changing an old one.
public struct Migration: Sendable {
    /// A stable name, such as `"core-1-sessions"`.
    public let id: String
    /// The work; runs inside its own transaction.
    public let apply: @Sendable (Connection) throws -> Void

    public init(_ id: String, apply: @escaping @Sendable (Connection) throws -> Void) {
        self.id = id
        self.apply = apply
    }

    /// A migration that runs an SQL script.
    public init(_ id: String, sql: String) {
        self.init(id) { try $0.executeSchema(sql) }
    }
}

/// Applies migrations in order, each once, recording them in `schema_migration`.
///
/// On SQLite `PRAGMA user_version` mirrors the number of applied migrations, so a database that is already
/// current is recognised with one pragma read. On PostgreSQL, where several processes may start at once, the
/// migrations run under an advisory lock: one process applies them, the others wait and find them applied.
public enum Migrator {
    /// Applies what is missing; returns the ids applied now.
    @discardableResult
    public static func migrate(_ connection: Connection, _ migrations: [Migration]) throws -> [String] {
        switch connection.dialect {
        case .sqlite:
            let version = try connection.scalarInt("PRAGMA user_version") ?? 0
            if version == migrations.count {
                return []
            }
            let done = try apply(migrations, on: connection)
            try connection.execute("PRAGMA user_version = \(migrations.count)")
            return done
        case .postgres:
            try connection.run("SELECT pg_advisory_lock(CAST(? AS INTEGER), 0)", Lease.migrations.key)
            defer { _ = try? connection.run("SELECT pg_advisory_unlock(CAST(? AS INTEGER), 0)", Lease.migrations.key) }
            return try apply(migrations, on: connection)
        }
    }

    private static func apply(_ migrations: [Migration], on connection: Connection) throws -> [String] {
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_migration (id TEXT PRIMARY KEY, applied_at TEXT)")
        let applied = Set(try connection.query("SELECT id FROM schema_migration") { $0.text(0) })
        let known = Set(migrations.map(\.id))
        if let unknown = applied.subtracting(known).sorted().first {
            throw DatabaseError(
                code: 1, message: "the database has migration \(unknown), unknown to this program: is it older?")
        }
        var done: [String] = []
        let now = Self.utcTimestamp(Date())
        for migration in migrations where !applied.contains(migration.id) {
            try connection.transaction {
                try migration.apply(connection)
                try connection.run("INSERT INTO schema_migration (id, applied_at) VALUES (?, ?)", migration.id, now)
            }
            done.append(migration.id)
        }
        return done
    }

    /// `YYYY-MM-DD HH:MM:SS` in UTC, as SQLite's `datetime('now')` wrote it (without a date formatter, whose
    /// first use loads ICU's data: tens of milliseconds of a cold start).
    static func utcTimestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
