import BotCore
import Foundation

extension Cabinet {
    // MARK: - Logging in

    /// Checks a login and password and binds `chat` to the account; a wrong login and a wrong password fail alike.
    ///
    /// After ``maximumLoginFailures`` failures in a row (within ``lockoutInterval`` of each other) the login,
    /// existing or not, is locked for ``lockoutInterval``: the failure that locks it and every attempt until then
    /// get `.loginLocked(until:)`, even with the right password. A success clears the failures. An account
    /// without a password (imported) cannot log in. Pending and rejected accounts can: every action checks status.
    ///
    /// The failure is recorded before the error is thrown: do not roll the caller's transaction back on it.
    @discardableResult
    public func authenticate(login: String, password: String, chat: String) throws(CabinetError) -> Account {
        let key = String(login.trimmingCharacters(in: .whitespaces).lowercased().prefix(64))
        let stored = try read {
            try connection.queryFirst("SELECT id, password_hash FROM account WHERE login = ?", key) { row in
                (id: AccountID(rawValue: row.int(0)), hash: row.optionalText(1))
            }
        }
        // Hashed outside the transaction, and for an unknown login too, so that timing tells nothing.
        let matches = hasher.verify(password, against: stored?.hash ?? unknownLoginHash)
        let outcome: Result<Account, CabinetError> = try write {
            let now = nowMillis
            let failure = try connection.queryFirst(
                "SELECT failures, last_failure_at, locked_until FROM login_failure WHERE login_key = ?", key
            ) { row in (failures: row.int(0), last: row.int(1), lockedUntil: row.optionalInt(2)) }
            if let lockedUntil = failure?.lockedUntil, lockedUntil > now {
                return .failure(.loginLocked(until: Self.date(millis: lockedUntil)))
            }
            if let stored, stored.hash != nil, matches {
                try connection.run("DELETE FROM login_failure WHERE login_key = ?", key)
                try bind(chat: chat, to: stored.id, at: now)
                return .success(try loadActor(stored.id))
            }
            let interval = Self.millis(Date(timeIntervalSince1970: Self.lockoutInterval))
            let isFresh = failure.map { $0.lockedUntil != nil || now - $0.last > interval } ?? true
            let failures = isFresh ? 1 : (failure?.failures ?? 0) + 1
            let lockedUntil = failures >= Self.maximumLoginFailures ? now + interval : nil
            // Counters of logins that stopped failing are of no use once the interval has passed.
            try connection.run(
                "DELETE FROM login_failure WHERE last_failure_at < ? AND coalesce(locked_until, 0) < ?",
                now - interval, now)
            try connection.run(
                """
                INSERT INTO login_failure (login_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
                ON CONFLICT (login_key) DO UPDATE SET
                    failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                    locked_until = excluded.locked_until
                """,
                key, failures, now, lockedUntil)
            if let lockedUntil { return .failure(.loginLocked(until: Self.date(millis: lockedUntil))) }
            return .failure(.invalidCredentials)
        }
        return try outcome.get()
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
