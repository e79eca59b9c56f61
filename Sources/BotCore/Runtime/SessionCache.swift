import Foundation

/// Recently used sessions by chat, each with the JSON bytes it was read from or written as.
///
/// A chat's next turn reuses the decoded session when the stored JSON is still the same bytes (compared on every
/// load, so a rolled-back batch or another writer is noticed); otherwise the JSON is decoded again. The bytes are
/// compared as SQLite returns them, without making a `String` (which would check the UTF-8 of every session on
/// every turn). Bounded: past `capacity` chats, a quarter of the entries is dropped (arbitrary ones, which keeps
/// some hits even when more chats than that take turns in rotation).
///
/// Not `Sendable`: it belongs to the turn processor, on the writer thread.
final class SessionCache {
    private var entries: [String: (json: [UInt8], session: Session)] = [:]
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func session(for chat: String, json: [UInt8]) -> Session? {
        guard let entry = entries[chat], Self.sameBytes(entry.json, json) else { return nil }
        return entry.session
    }

    /// `==` by `memcmp`: `Array`'s `==` compares a session's bytes one at a time.
    private static func sameBytes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        return left.withUnsafeBytes { left in
            right.withUnsafeBytes { right in
                left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
    }

    func store(_ session: Session, json: [UInt8], for chat: String) {
        guard capacity > 0 else { return }
        if entries.count >= capacity, entries[chat] == nil {
            for key in Array(entries.keys.prefix(max(1, capacity / 4))) {
                entries[key] = nil
            }
        }
        entries[chat] = (json, session)
    }
}

extension CoreStore {
    /// The stored session of a chat, through `cache`.
    static func loadSession(_ db: Connection, chat: String, cache: SessionCache) throws -> Session? {
        guard let json = try db.scalarUTF8("SELECT state FROM chat_session WHERE chat = ?", chat) else { return nil }
        if let session = cache.session(for: chat, json: json) { return session }
        guard let session = try? session(fromJSON: json) else { return nil }
        cache.store(session, json: json, for: chat)
        return session
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
        cache.store(session, json: json, for: chat)
    }
}
