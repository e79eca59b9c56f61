import Foundation

/// The engine's tables: chat sessions, answered message ids, pushes waiting for their chat.
public enum CoreStore {
    /// BotCore's migrations; the application runs them before its own.
    public static let migrations: [Migration] = [
        Migration(
            "core-1-sessions-turns-pushes",
            sql: """
                CREATE TABLE chat_session (
                    chat TEXT PRIMARY KEY,
                    state TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE TABLE turn_log (
                    chat TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    turn TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (chat, message_id)
                ) WITHOUT ROWID;
                CREATE INDEX turn_log_created ON turn_log (created_at);
                CREATE TABLE push_queue (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    chat TEXT NOT NULL,
                    messages TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX push_queue_chat ON push_queue (chat, seq);
                """)
    ]

    /// How long answered message ids are remembered (PROTOCOL.md: at least 7 days).
    public static let turnRetention: TimeInterval = 8 * 24 * 3600

    // MARK: - Sessions

    /// The stored session of a chat.
    public static func loadSession(_ db: Connection, chat: String) throws -> Session? {
        guard let json = try db.scalarText("SELECT state FROM chat_session WHERE chat = ?", chat) else { return nil }
        return try? session(fromJSON: json)
    }

    /// Saves a chat's session.
    public static func saveSession(_ db: Connection, chat: String, _ session: Session, at instant: Date) throws {
        let json = sessionJSON(session)
        try db.run(
            """
            INSERT INTO chat_session (chat, state, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """, chat, json, instant.timeIntervalSince1970)
    }

    // MARK: - Answered messages

    /// The turn that answered (chat, id), if that message was processed.
    public static func answeredTurn(_ db: Connection, chat: String, messageID: String) throws -> Turn? {
        guard
            let json = try db.scalarText(
                "SELECT turn FROM turn_log WHERE chat = ? AND message_id = ?", chat, messageID)
        else { return nil }
        return try StateJSON.decode(Turn.self, from: json)
    }

    /// Records the turn that answered (chat, id).
    public static func recordTurn(_ db: Connection, chat: String, messageID: String, _ turn: Turn, at instant: Date)
        throws
    {
        try db.run(
            "INSERT INTO turn_log (chat, message_id, turn, created_at) VALUES (?, ?, ?, ?)",
            chat, messageID, SQLValue.utf8Text(turnJSONBytes(turn)), instant.timeIntervalSince1970)
    }

    /// Forgets answered ids older than the retention.
    public static func pruneTurns(_ db: Connection, now: Date) throws {
        try db.run("DELETE FROM turn_log WHERE created_at < ?", now.timeIntervalSince1970 - turnRetention)
    }

    /// How long a chat's session is kept after its last message, by default (`serve --session-retention`).
    public static let defaultSessionRetention: TimeInterval = 30 * 24 * 3600

    /// Forgets the sessions of chats silent for `retention`.
    ///
    /// That is where such a chat stood in a dialog and what a half-filled form held. What the application keeps of the chat (a login's binding, tickets, requests) is
    /// its own and stays; the chat's next message starts at the menu. Returns how many were removed.
    @discardableResult
    public static func pruneSessions(_ db: Connection, now: Date, retention: TimeInterval) throws -> Int {
        try db.run("DELETE FROM chat_session WHERE updated_at < ?", now.timeIntervalSince1970 - retention)
    }

    // MARK: - Pushes

    /// Queues a push until it is delivered.
    public static func enqueuePush(_ db: Connection, _ push: Push, at instant: Date) throws -> Int {
        let json = try StateJSON.encode(push.messages)
        let insertedID = try db.insert(
            "INSERT INTO push_queue (chat, messages, created_at) VALUES (?, ?, ?)", returning: "seq",
            push.chat, json, instant.timeIntervalSince1970)
        return insertedID
    }

    /// The pushes waiting for a chat, oldest first, with their sequence numbers.
    public static func pendingPushes(_ db: Connection, chat: String) throws -> [(seq: Int, push: Push)] {
        try db.query("SELECT seq, messages FROM push_queue WHERE chat = ? ORDER BY seq", chat) { row in
            let messages = try StateJSON.decode([OutMessage].self, from: row.text(1))
            return (row.int(0), Push(chat: chat, messages: messages))
        }
    }

    /// Removes delivered pushes.
    public static func removePushes(_ db: Connection, _ seqs: [Int]) throws {
        for seq in seqs {
            try db.run("DELETE FROM push_queue WHERE seq = ?", seq)
        }
    }
}
