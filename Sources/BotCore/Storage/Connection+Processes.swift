import Foundation

/// Work that one process at a time does when several share a PostgreSQL database: a session-level advisory lock
/// (`pg_try_advisory_lock`) held by the process that does it, let go when its connection ends (a process that dies
/// hands the work to another within moments).
public enum Lease: Int32, Sendable {
    /// Applying migrations (waited for, not tried: every process needs them done before it starts).
    case migrations = 1
    /// The application's periodic work: the mail inbox, reminders.
    case maintenance = 2

    /// The first key of the lock (the second is 0); chats are locked with one 64-bit key, a space of its own.
    var key: Int32 { 0x626F_7400 + rawValue }  // "bot" and the lease
}

extension Connection {
    /// Whether this process holds `lease`, taking it when it is free; always true on SQLite (one process).
    public func holdsLease(_ lease: Lease) -> Bool {
        guard case .postgres(let session) = backend else { return true }
        if heldLeases[lease] == session.generation, session.isConnected { return true }
        do {
            try session.reconnect()
            guard try scalarInt("SELECT CAST(pg_try_advisory_lock(CAST(? AS INTEGER), 0) AS INTEGER)", lease.key) == 1
            else {
                return false
            }
            heldLeases[lease] = session.generation
            return true
        } catch {
            return false
        }
    }

    /// Runs `body` in a transaction (see `transaction`) with `chats` locked against every other process.
    ///
    /// PostgreSQL: a session-level advisory lock per chat, taken in the order of their keys (so that two processes
    /// never wait for each other) before the transaction begins — its snapshot then already holds what the last
    /// holder committed — and let go after it ends, committed or not. Another process handling a message of one of
    /// these chats waits until then: per-chat order and "each message once" hold across processes, and the same
    /// message id sent to another process finds the first one's turn. SQLite has one writer: a plain transaction.
    @discardableResult
    public func transaction<T>(lockingChats chats: some Collection<String>, _ body: () throws -> T) throws -> T {
        guard case .postgres(let session) = backend, !chats.isEmpty else { return try transaction(body) }
        try session.reconnect()
        let keys = Set(chats.map(Self.chatLockKey)).sorted()
        let list = "{" + keys.map(String.init).joined(separator: ",") + "}"
        try run(
            "SELECT pg_advisory_lock(k) FROM unnest(CAST(? AS BIGINT[])) WITH ORDINALITY AS t(k, n) ORDER BY n", list)
        defer { _ = try? run("SELECT pg_advisory_unlock(k) FROM unnest(CAST(? AS BIGINT[])) AS t(k)", list) }
        return try transaction(body)
    }

    /// A chat's lock key: FNV-1a (64 bits) of its UTF-8, stable across processes and builds.
    static func chatLockKey(_ chat: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in chat.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }

    /// Tells every process listening on `channel` (`LISTEN`) that `payload` changed, when this transaction commits
    /// (PostgreSQL's `NOTIFY`); nothing on SQLite, where no other process is listening.
    public func notify(_ channel: String, _ payload: String) throws {
        guard dialect == .postgres else { return }
        try run("SELECT pg_notify(?, ?)", channel, payload)
    }
}
