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
        self.init(id) { try $0.execute(sql) }
    }
}

/// Applies migrations in order, each once, recording them in `schema_migration`.
///
/// `PRAGMA user_version` mirrors the number of applied migrations, so a database that is
/// already current is recognised with one pragma read.
public enum Migrator {
    /// Applies what is missing; returns the ids applied now.
    @discardableResult
    public static func migrate(_ connection: Connection, _ migrations: [Migration]) throws -> [String] {
        let version = try connection.scalarInt("PRAGMA user_version") ?? 0
        if version == migrations.count {
            return []
        }
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_migration (id TEXT PRIMARY KEY, applied_at TEXT)")
        let applied = Set(try connection.query("SELECT id FROM schema_migration") { $0.text(0) })
        let known = Set(migrations.map(\.id))
        if let unknown = applied.subtracting(known).sorted().first {
            throw SQLiteError(
                code: 1, message: "the database has migration \(unknown), unknown to this program: is it older?")
        }
        var done: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            try connection.transaction {
                try migration.apply(connection)
                try connection.run(
                    "INSERT INTO schema_migration (id, applied_at) VALUES (?, datetime('now'))", migration.id)
            }
            done.append(migration.id)
        }
        try connection.execute("PRAGMA user_version = \(migrations.count)")
        return done
    }
}
