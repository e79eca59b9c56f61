/// Which updates the bot has answered, and so how far the `getUpdates` offset may move.
///
/// The offset moves past an update only when the bot's turn for it arrived (or the update carried nothing to
/// pass on): it is the lowest pending update, or the highest seen plus one when nothing is pending. Until then
/// Telegram hands the update out again on every poll and the ledger recognises it. Updates above the offset
/// that are already answered are kept in `answered`, so a restarted bridge skips them instead of asking the
/// bot twice.
///
/// Secrets: a turn whose messages ask for `input: "secret"` marks its chat; the chat's first message after
/// that update is the secret (the bot handles a chat's messages in order, so that is the one it takes as the
/// password), and is deleted from the chat once it was passed on. The mark lasts until the bot's next turn in
/// that chat.
struct DeliveryLedger: Sendable {
    private(set) var pending: [Int64: PendingMessage] = [:]
    /// Updates at or above the offset that need nothing more.
    private(set) var answered: Set<Int64>
    private(set) var highestSeen: Int64
    /// Per chat: the update whose turn asked for a secret.
    private(set) var secretPrompts: [Int64: Int64]
    /// Grows whenever a pending message is settled: pollers wait for it to change.
    private(set) var settledCount = 0

    /// A ledger resuming from a saved state (`offset` 0 when there is none: Telegram's oldest update).
    init(offset: Int64, answered: [Int64] = [], secretPrompts: [Int64: Int64] = [:]) {
        // Not the highest answered: the updates between the offset and it may be unanswered ones, and only
        // the next poll says which (Telegram returns every update from the offset on).
        self.answered = Set(answered.filter { $0 >= offset })
        self.highestSeen = offset - 1
        self.secretPrompts = secretPrompts
    }

    /// The `getUpdates` offset: every update below it is answered.
    var offset: Int64 { pending.keys.min() ?? highestSeen + 1 }

    /// The pending messages, oldest first.
    var unanswered: [PendingMessage] { pending.values.sorted { $0.updateID < $1.updateID } }

    // MARK: - Updates

    /// Takes the updates of a poll; returns the ones that are new, oldest first, to pass on to the bot.
    mutating func receive(_ updates: [TelegramUpdate]) -> [PendingMessage] {
        var fresh: [PendingMessage] = []
        let floor = offset
        for update in updates.sorted(by: { $0.updateID < $1.updateID }) {
            let id = update.updateID
            guard id >= floor else { continue }
            highestSeen = max(highestSeen, id)
            guard pending[id] == nil, !answered.contains(id) else { continue }
            guard let message = update.message, let text = message.text else {
                answered.insert(id)  // not text: nothing to pass on
                continue
            }
            let entry = PendingMessage(
                updateID: id, chatID: message.chat.id, messageID: message.messageID, text: text,
                userName: message.from?.displayName, userLanguage: message.from?.languageCode)
            pending[id] = entry
            claimSecret(in: entry.chatID)
            fresh.append(pending[id] ?? entry)
        }
        pruneAnswered()
        return fresh
    }

    /// Notes that these messages were written to the bot.
    mutating func markPassedOn(_ updateIDs: [Int64]) {
        for id in updateIDs { pending[id]?.isPassedOn = true }
    }

    // MARK: - Answers

    /// The bot's turn for an update arrived: the message is settled; `asksSecret` when the turn's prompt was a
    /// secret.
    ///
    /// Returns the message, or nil when it was not pending (a duplicate of a turn already handled).
    mutating func turnArrived(for updateID: Int64, asksSecret: Bool) -> PendingMessage? {
        guard let message = settle(updateID) else { return nil }
        // The bot answered the message after its prompt (the secret, or a command that left the step).
        if let after = secretPrompts[message.chatID], updateID > after { secretPrompts[message.chatID] = nil }
        if asksSecret {
            secretPrompts[message.chatID] = updateID
            claimSecret(in: message.chatID)
        }
        return message
    }

    /// The bot refused the message for good (an `error` other than overload): it is settled without a turn.
    ///
    /// When it was the secret, the next message of the chat is taken as the secret instead: the bot still
    /// waits for one.
    @discardableResult
    mutating func refused(_ updateID: Int64) -> PendingMessage? {
        guard let message = settle(updateID) else { return nil }
        if message.isSecret {
            secretPrompts[message.chatID] = updateID
            claimSecret(in: message.chatID)
        }
        return message
    }

    /// The bot was overloaded: send the message again at `time`.
    mutating func retry(_ updateID: Int64, at time: Double) {
        pending[updateID]?.retryAt = time
    }

    /// The messages whose retry time has come, oldest first (their retry time is cleared).
    mutating func takeDueRetries(now: Double) -> [PendingMessage] {
        let due = unanswered.filter { ($0.retryAt ?? .infinity) <= now }
        for message in due { pending[message.updateID]?.retryAt = nil }
        return due
    }

    /// The `deleteMessage` calls for secrets passed on and not deleted yet (each is returned once).
    mutating func takeDeletions() -> [TelegramCall] {
        let due = unanswered.filter { $0.isSecret && $0.isPassedOn && !$0.isDeletionQueued }
        for message in due { pending[message.updateID]?.isDeletionQueued = true }
        return due.map { .delete($0.messageID, in: $0.chatID) }
    }

    // MARK: - Private

    private mutating func settle(_ updateID: Int64) -> PendingMessage? {
        guard let message = pending.removeValue(forKey: updateID) else { return nil }
        answered.insert(updateID)
        settledCount += 1
        pruneAnswered()
        return message
    }

    /// Marks the chat's first pending message after its secret prompt as the secret.
    private mutating func claimSecret(in chatID: Int64) {
        guard let after = secretPrompts[chatID] else { return }
        let first = pending.values.filter { $0.chatID == chatID && $0.updateID > after }.min {
            $0.updateID < $1.updateID
        }
        if let first { pending[first.updateID]?.isSecret = true }
    }

    private mutating func pruneAnswered() {
        let floor = offset
        answered = answered.filter { $0 >= floor }
    }
}
