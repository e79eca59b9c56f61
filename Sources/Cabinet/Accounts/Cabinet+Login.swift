import BotCore
import Foundation

extension Cabinet {
    // MARK: - Logging in

    /// Checks a login and password and binds `chat` to the account; a wrong login and a wrong password fail alike.
    ///
    /// Throttling follows OWASP ASVS V2.2, so that nobody can lock the real director out from a chat of their own:
    /// - per (account, chat): after ``maximumLoginFailures`` failures within ``lockoutInterval`` that chat cannot
    ///   log in to that account for ``lockoutInterval``; unknown logins from one chat share one such counter;
    /// - per chat: after ``maximumChatFailures`` failures with any logins the chat is locked the same way;
    /// - per account, from all chats: past ``softAccountFailures`` failures attempts are slowed, never locked
    ///   (each must wait a growing delay, at most ``maximumSoftDelay``).
    /// A success clears its chat's counters and returns the failures the account saw since its last login.
    /// Nothing typed is kept: counters are keyed by account id and chat, never by the login as typed. A clock
    /// that jumped back never stretches a lock past ``lockoutInterval``.
    ///
    /// The failure is recorded before the error is thrown: do not roll the caller's transaction back on it.
    public func logIn(login: String, password: String, chat: String) throws(CabinetError) -> LoginSuccess {
        let key = (try? Credentials.login(login)) ?? ""
        let stored = try read {
            try connection.queryFirst("SELECT id, password_hash FROM account WHERE login = ?", key) { row in
                (id: AccountID(rawValue: row.int(0)), hash: row.optionalText(1))
            }
        }
        // Hashed outside the transaction, and for an unknown login too, so that timing tells nothing.
        let matches = hasher.verify(password, against: stored?.hash ?? unknownLoginHash)
        let outcome: Result<LoginSuccess, CabinetError> = try write {
            let now = nowMillis
            let interval = Self.lockoutMillis
            let pairKey = stored.map { "account:\($0.id.rawValue):chat:\(chat)" } ?? "unknown:chat:\(chat)"
            let chatKey = "chat:\(chat)"
            let accountKey = stored.map { "account:\($0.id.rawValue)" }
            // Counters that stopped failing are of no use once the interval has passed.
            try connection.run(
                """
                DELETE FROM login_failure
                WHERE (last_failure_at < ? OR last_failure_at > ?) AND coalesce(locked_until, 0) < ?
                """,
                now - interval, now, now)
            for lockKey in [pairKey, chatKey] {
                if let until = try lockedUntil(lockKey, now: now, interval: interval) {
                    return .failure(.loginLocked(until: Self.date(millis: until)))
                }
            }
            if let accountKey, let counter = try failureCounter(accountKey),
                counter.failures >= Self.softAccountFailures
            {
                let delay = Self.softDelay(after: counter.failures)
                if counter.last <= now && now - counter.last < delay {
                    return .failure(.loginThrottled(until: Self.date(millis: counter.last + delay)))
                }
            }
            if let stored, stored.hash != nil, matches {
                let earlier = try accountKey.flatMap { try failureCounter($0)?.failures } ?? 0
                try connection.run(
                    "DELETE FROM login_failure WHERE login_key IN (?, ?, ?)", pairKey, chatKey, accountKey ?? "")
                try bind(chat: chat, to: stored.id, at: now)
                return .success(LoginSuccess(account: try loadActor(stored.id), failedAttempts: earlier))
            }
            let pairLock = try countFailure(pairKey, lockingAt: Self.maximumLoginFailures, now: now, interval: interval)
            let chatLock = try countFailure(chatKey, lockingAt: Self.maximumChatFailures, now: now, interval: interval)
            let locked = pairLock ?? chatLock
            if let accountKey { _ = try countFailure(accountKey, lockingAt: nil, now: now, interval: interval) }
            if let locked { return .failure(.loginLocked(until: Self.date(millis: locked))) }
            return .failure(.invalidCredentials)
        }
        return try outcome.get()
    }

    /// ``logIn(login:password:chat:)`` for callers that need only the account.
    @discardableResult
    public func authenticate(login: String, password: String, chat: String) throws(CabinetError) -> Account {
        try logIn(login: login, password: password, chat: chat).account
    }

    /// ``lockoutInterval`` in the store's milliseconds.
    static var lockoutMillis: Int { millis(Date(timeIntervalSince1970: lockoutInterval)) }

    /// Failures from one chat, with any logins, that lock the chat.
    public static let maximumChatFailures = 10
    /// Failures of one account from all chats past which attempts are slowed.
    public static let softAccountFailures = 10
    /// The longest wait the account-wide limit asks for, in seconds.
    public static let maximumSoftDelay: TimeInterval = 60

    /// Milliseconds an attempt must wait after the last failure, past `failures` account-wide failures.
    static func softDelay(after failures: Int) -> Int {
        let seconds = min(Self.maximumSoftDelay, pow(2, Double(max(0, failures - Self.softAccountFailures))))
        return Int(seconds * 1_000)
    }

    /// When a lock on `key` ends, if it holds now; a lock further ahead than `interval` (the clock went back) is
    /// cut to `interval` from now.
    func lockedUntil(_ key: String, now: Int, interval: Int) throws -> Int? {
        guard
            let until = try connection.scalarInt(
                "SELECT locked_until FROM login_failure WHERE login_key = ?", key),
            until > now
        else { return nil }
        guard until - now <= interval else {
            try connection.run("UPDATE login_failure SET locked_until = ? WHERE login_key = ?", now + interval, key)
            return now + interval
        }
        return until
    }

    private func failureCounter(_ key: String) throws -> (failures: Int, last: Int)? {
        try connection.queryFirst(
            "SELECT failures, last_failure_at FROM login_failure WHERE login_key = ?", key
        ) { row in (failures: row.int(0), last: row.int(1)) }
    }

    /// Counts one more failure under `key` (a fresh count when the last one is older than `interval`); once the
    /// count reaches `limit` the key is locked for `interval`, and the lock's end is returned.
    func countFailure(_ key: String, lockingAt limit: Int?, now: Int, interval: Int) throws -> Int? {
        let previous = try failureCounter(key)
        let isFresh = previous.map { now - $0.last > interval || $0.last > now } ?? true
        let failures = isFresh ? 1 : (previous?.failures ?? 0) + 1
        let lockedUntil = limit.flatMap { failures >= $0 ? now + interval : nil }
        try connection.run(
            """
            INSERT INTO login_failure (login_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
            ON CONFLICT (login_key) DO UPDATE SET
                failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                locked_until = coalesce(excluded.locked_until,
                    CASE WHEN ? = 1 THEN NULL ELSE login_failure.locked_until END)
            """,
            key, failures, now, lockedUntil, isFresh ? 1 : 0)
        return lockedUntil
    }

    // MARK: - Chat bindings

    /// The account a chat is logged in as, or nil.
    public func boundAccount(chat: String) throws(CabinetError) -> Account? {
        try read {
            try connection.queryFirst(
                """
                SELECT \(Self.accountColumns) FROM chat_binding JOIN account ON account.id = chat_binding.account_id
                WHERE chat_binding.chat = ?
                """,
                chat, map: Self.account(from:))
        }
    }

    /// The chats logged in as an account, the most recently bound first: where its pushes go.
    public func chats(boundTo account: AccountID) throws(CabinetError) -> [String] {
        try read {
            try connection.query(
                "SELECT chat FROM chat_binding WHERE account_id = ? ORDER BY bound_at DESC, chat", account
            ) { $0.text(0) }
        }
    }

    /// Unbinds a chat (`/logout`); returns whether it was bound.
    @discardableResult
    public func logout(chat: String) throws(CabinetError) -> Bool {
        try write { try connection.run("DELETE FROM chat_binding WHERE chat = ?", chat) > 0 }
    }

    func bind(chat: String, to account: AccountID, at instant: Int) throws {
        try connection.run(
            """
            INSERT INTO chat_binding (chat, account_id, bound_at) VALUES (?, ?, ?)
            ON CONFLICT (chat) DO UPDATE SET account_id = excluded.account_id, bound_at = excluded.bound_at
            """,
            chat, account, instant)
    }

    // MARK: - Passwords

    /// Sets an account's password (administrators; an imported account has none until then).
    public func setPassword(login: String, password: String) throws(CabinetError) {
        let key = login.trimmingCharacters(in: .whitespaces).lowercased()
        try Credentials.checkPassword(password, login: key)
        let hash = try hashPassword(password)
        try write {
            guard try connection.run("UPDATE account SET password_hash = ? WHERE login = ?", hash, key) == 1 else {
                throw CabinetError.accountNotFound
            }
            try connection.run("DELETE FROM login_failure WHERE login_key = ?", key)
        }
    }
}

/// A successful login: the account, and how many failed attempts it saw since its last login (from any chat).
public struct LoginSuccess: Sendable {
    public var account: Account
    public var failedAttempts: Int
}
