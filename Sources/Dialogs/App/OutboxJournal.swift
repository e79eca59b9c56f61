import BotCore
import Foundation

/// The outbox messages that committed turns staged in the Maildir's `tmp/` and that are not yet in `new/`.
///
/// A turn stages its e-mail and adds its name here in the turn's own transaction; after the commit the
/// message moves to `new/` and its name goes. A crash in between leaves the name, and the next start delivers
/// the message; a turn that rolled back leaves no name, so its staged file is dropped. Names only: a mail's
/// content never enters the database (a credentials e-mail holds a password).
struct OutboxJournal {
    static let migration = Migration(
        "dialogs-1-outbox-staged",
        sql: """
            CREATE TABLE outbox_staged (
                name TEXT PRIMARY KEY,
                staged_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """)

    let db: Connection

    func add(_ name: String, at instant: Date) throws {
        try db.run(
            "INSERT INTO outbox_staged (name, staged_at) VALUES (?, ?)", name,
            Int(instant.timeIntervalSince1970 * 1_000))
    }

    func contains(_ name: String) throws -> Bool {
        try db.queryFirst("SELECT 1 FROM outbox_staged WHERE name = ?", name) { _ in true } ?? false
    }

    /// Every name, oldest first.
    func names() throws -> [String] {
        try db.query("SELECT name FROM outbox_staged ORDER BY staged_at, name") { $0.text(0) }
    }

    func remove(_ names: [String]) throws {
        guard !names.isEmpty else { return }
        try db.transaction {
            for name in names {
                try db.run("DELETE FROM outbox_staged WHERE name = ?", name)
            }
        }
    }
}
