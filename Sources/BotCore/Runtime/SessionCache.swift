import Foundation

/// Recently used sessions by chat, each with the JSON bytes it was read from or written as.
///
/// A chat's next turn reuses the decoded session when the stored JSON is still the same bytes (compared on every
/// load, so a rolled-back batch or another writer is noticed); otherwise the JSON is decoded again. The bytes are
/// compared as SQLite returns them, without making a `String` (which would check the UTF-8 of every session on
/// every turn). Bounded: past `capacity` chats, each new chat takes the place of the one cached longest ago. (Dropping
/// a quarter at once, as before, stalled one turn for milliseconds: removing keys in the table's own order walked
/// long runs of its buckets for each.)
///
/// An entry the engine wrote (a turn's saved session) is marked `checked`: its stack is one this engine made, so the
/// next turn need not check it again; one only decoded is not, until the turn that handles it saves it.
///
/// Not `Sendable`: it belongs to the turn processor, on the writer thread.
final class SessionCache {
    private var entries: RecentTable<String, (json: [UInt8], session: Session, checked: Bool)>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        entries = RecentTable(capacity: capacity)
    }

    /// The cached session of `chat` when it was read from or written as `json`, and whether the engine made it.
    func session(for chat: String, json: [UInt8]) -> (session: Session, checked: Bool)? {
        guard let entry = entries[chat], Self.same(entry.json, json) else { return nil }
        return (entry.session, entry.checked)
    }

    /// Whether two byte arrays hold the same bytes, by `memcmp` (the generic `==` compares element by element).
    private static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }

    func store(_ session: Session, json: [UInt8], for chat: String, checked: Bool) {
        guard capacity > 0 else { return }
        entries.store((json, session, checked), for: chat)
    }

    /// The number of chats cached.
    var count: Int { entries.count }
}

extension CoreStore {
    /// The stored session of a chat, through `cache`.
    static func loadSession(_ db: Connection, chat: String, cache: SessionCache) throws -> Session? {
        try loadCachedSession(db, chat: chat, cache: cache).session
    }

    /// The stored session of a chat, through `cache`, and whether its stack is known good (see `session(stored:)`).
    static func loadCachedSession(_ db: Connection, chat: String, cache: SessionCache) throws
        -> (session: Session?, known: Bool)
    {
        guard let json = try db.scalarUTF8("SELECT state FROM chat_session WHERE chat = ?", chat) else {
            return (nil, false)
        }
        return session(stored: json, chat: chat, cache: cache)
    }

    /// The session stored as `json` for `chat`, through `cache`, and whether its stack is known good: the cache
    /// holds it as this process's engine saved it, so the engine need not check it again.
    static func session(stored json: [UInt8], chat: String, cache: SessionCache) -> (session: Session?, known: Bool) {
        if let cached = cache.session(for: chat, json: json) { return (cached.session, cached.checked) }
        guard let session = try? session(fromJSON: json) else { return (nil, false) }
        cache.store(session, json: json, for: chat, checked: false)
        return (session, false)
    }

    /// A chat's stored session (its JSON), the turn that answered `messageID` (its JSON) and whether pushes wait
    /// for it, in one statement: one round trip to a PostgreSQL server instead of three.
    static func chatState(_ db: Connection, chat: String, messageID: String?) throws
        -> (session: [UInt8]?, turn: String?, hasPushes: Bool)
    {
        try db.queryFirst(
            """
            SELECT (SELECT state FROM chat_session WHERE chat = ?1),
                (SELECT turn FROM turn_log WHERE chat = ?1 AND message_id = ?2),
                EXISTS (SELECT 1 FROM push_queue WHERE chat = ?1)
            """, chat, messageID
        ) { row in (row.utf8(0), row.optionalText(1), row.int(2) == 1) } ?? (nil, nil, false)
    }

    /// Saves a chat's session and keeps it in `cache`.
    static func saveSession(
        _ db: Connection, chat: String, _ session: Session, at instant: Date, cache: SessionCache
    ) throws {
        let json = sessionJSONBytes(session)
        try db.run(
            """
            INSERT INTO chat_session (chat, state, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """, chat, SQLValue.utf8Text(json), instant.timeIntervalSince1970)
        cache.store(session, json: json, for: chat, checked: true)
    }
}
