import BotCore
import Foundation

/// The outbox messages that committed turns staged in the Maildir's `tmp/` (or, when the outbox could not take
/// them, in the spool beside the database) and that are not yet in the outbox's `new/`.
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
                staged_at INTEGER NOT NULL,
                spooled INTEGER NOT NULL DEFAULT 0 CHECK (spooled IN (0, 1))
            ) WITHOUT ROWID;
            """)

    let db: Connection

    /// A staged message: its name, and whether it waits in the spool (the outbox could not take it).
    struct Entry: Equatable {
        var name: String
        var spooled: Bool
    }

    func add(_ entry: Entry, at instant: Date) throws {
        try db.run(
            "INSERT INTO outbox_staged (name, staged_at, spooled) VALUES (?, ?, ?)", entry.name,
            Int(instant.timeIntervalSince1970 * 1_000), entry.spooled ? 1 : 0)
    }

    func contains(_ name: String) throws -> Bool {
        try db.queryFirst("SELECT 1 FROM outbox_staged WHERE name = ?", name) { _ in true } ?? false
    }

    /// Every entry, oldest first.
    func entries() throws -> [Entry] {
        try db.query("SELECT name, spooled FROM outbox_staged ORDER BY staged_at, name") {
            Entry(name: $0.text(0), spooled: $0.int(1) == 1)
        }
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
