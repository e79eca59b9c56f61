/// Which updates the bot has answered, and so how far the poll position may move.
///
/// The position (Telegram's `offset`, MAX's `marker`) moves past an update only when the bot's turn for it
/// arrived (or the update carried nothing to pass on): it is the lowest position of a pending update, or where
/// the last poll ended when nothing is pending. Until then the messenger hands the update out again on every
/// poll and the ledger recognises it by its id. Updates at or above the position that are already answered are
/// kept in `answered`, so a restarted bridge skips them instead of asking the bot twice.
///
/// Secrets: a turn whose messages ask for `input: "secret"` marks its chat; the chat's first message after
/// that update is the secret (the bot handles a chat's messages in order, so that is the one it takes as the
/// password), and is deleted from the chat once it was passed on. The mark lasts until the bot's next turn in
/// that chat.
///
/// A message the bot was given but never answers is released after `answerTimeout` seconds: the position moves
/// on, so that the messenger's page of updates (100 at a time) is not filled by one stuck update and the chat's
/// later messages still reach the bot. A turn that comes for it later is still delivered.
public struct DeliveryLedger: Sendable {
    public let addressing: WireAddressing
    public private(set) var pending: [String: InboundMessage] = [:]
    /// Protocol ids of updates at or above the position that need nothing more → their position.
    public private(set) var answered: [String: Int64]
    /// Where the last poll ended: every update below it has been seen.
    public private(set) var next: Int64
    /// Per chat: the serial of the update whose turn asked for a secret.
    public private(set) var secretPrompts: [String: Int64]
    /// The serial the next message gets.
    public private(set) var nextSerial: Int64
    /// Grows whenever a pending message is settled: pollers wait for it to change.
    public private(set) var settledCount = 0
    /// Released messages (id → chat) whose turn may still come.
    public private(set) var released: [String: String] = [:]
    /// The latest ids settled, whatever their position: a poll made from an older position (one under way
    /// while the position moved) may bring them again, and an update without a position of its own is known
    /// only by its id.
    private var recent: [String] = []
    private var recentSet: Set<String> = []
    private static let recentCapacity = 1_024

    /// A ledger resuming from a saved state (`position` 0 when there is none: the messenger's oldest update).
    public init(
        addressing: WireAddressing, position: Int64, answered: [String: Int64] = [:],
        secretPrompts: [String: Int64] = [:], nextSerial: Int64 = 1
    ) {
        self.addressing = addressing
        self.answered = answered.filter { $0.value >= position }
        self.next = position
        self.secretPrompts = secretPrompts
        self.nextSerial = max(nextSerial, (secretPrompts.values.max() ?? 0) + 1)
    }

    /// The poll position: every update below it is answered.
    public var position: Int64 { pending.values.map(\.cursor).min() ?? next }

    /// The pending messages, oldest first.
    public var unanswered: [InboundMessage] { pending.values.sorted { $0.serial < $1.serial } }

    // MARK: - Updates

    /// What a poll brought: the messages to pass on to the bot (oldest first), and the updates that need an
    /// answer from the bridge itself.
    public struct Received<Call: BridgeCall>: Sendable {
        public var fresh: [InboundMessage] = []
        /// Updates seen for the first time whose content the bridge answers itself (not text).
        public var unsupported: [IncomingUpdate<Call>] = []
        /// Calls the new updates ask for at once.
        public var immediateCalls: [Call] = []
    }

    /// Takes the updates of a poll (in the messenger's order) and where the poll ended (nil: just past the
    /// highest position among them).
    public mutating func receive<Call>(_ updates: [IncomingUpdate<Call>], next pollEnd: Int64?) -> Received<Call> {
        var received = Received<Call>()
        let floor = position
        let before = next
        var highest = next
        for update in updates {
            let cursor = update.cursor ?? before
            if let own = update.cursor {
                if own < floor { continue }  // below the position: already handled
                highest = max(highest, own + 1)
            }
            let id = addressing.message(update.key)
            guard pending[id] == nil, answered[id] == nil, !recentSet.contains(id) else { continue }
            received.immediateCalls += update.immediateCalls
            guard case .text(let text) = update.content else {
                answered[id] = cursor  // nothing to pass on, or answered by the bridge
                remember(id)
                if update.content == .unsupported { received.unsupported.append(update) }
                continue
            }
            let entry = InboundMessage(
                id: id, cursor: cursor, serial: nextSerial, chat: update.chat, messageRef: update.messageRef,
                text: text, userName: update.userName, userLanguage: update.userLanguage)
            nextSerial += 1
            pending[id] = entry
            claimSecret(in: entry.chat)
            received.fresh.append(pending[id] ?? entry)
        }
        next = max(highest, pollEnd ?? highest)
        pruneAnswered()
        return received
    }

    /// Notes that these messages were written to the bot at `now`.
    public mutating func markPassedOn(_ ids: [String], now: Double) {
        for id in ids {
            pending[id]?.isPassedOn = true
            pending[id]?.passedOnAt = now
        }
    }

    // MARK: - Answers

    /// The bot's turn for a message arrived: it is settled; `asksSecret` when the turn's prompt was a secret.
    ///
    /// Returns the chat to deliver the turn to, or nil when the message was not pending (a duplicate of a turn
    /// already handled).
    public mutating func turnArrived(for id: String, asksSecret: Bool) -> String? {
        if let chat = released.removeValue(forKey: id) { return chat }
        guard let message = settle(id) else { return nil }
        // The bot answered the message after its prompt (the secret, or a command that left the step).
        if let after = secretPrompts[message.chat], message.serial > after { secretPrompts[message.chat] = nil }
        if asksSecret {
            secretPrompts[message.chat] = message.serial
            claimSecret(in: message.chat)
        }
        return message.chat
    }

    /// The bot refused the message for good (an `error` other than overload): it is settled without a turn.
    ///
    /// When it was the secret, the next message of the chat is taken as the secret instead: the bot still
    /// waits for one.
    @discardableResult
    public mutating func refused(_ id: String) -> InboundMessage? {
        released[id] = nil
        guard let message = settle(id) else { return nil }
        if message.isSecret {
            secretPrompts[message.chat] = message.serial
            claimSecret(in: message.chat)
        }
        return message
    }

    /// The bot was overloaded: send the message again at `time`.
    public mutating func retry(_ id: String, at time: Double) {
        pending[id]?.retryAt = time
    }

    /// The messages whose retry time has come, oldest first (their retry time is cleared).
    public mutating func takeDueRetries(now: Double) -> [InboundMessage] {
        let due = unanswered.filter { ($0.retryAt ?? .infinity) <= now }
        for message in due { pending[message.id]?.retryAt = nil }
        return due
    }

    /// Releases the messages given to the bot more than `timeout` seconds ago and still unanswered.
    public mutating func releaseOverdue(now: Double, timeout: Double) -> [InboundMessage] {
        let overdue = unanswered.filter { message in
            message.retryAt == nil && (message.passedOnAt.map { now - $0 > timeout } ?? false)
        }
        for message in overdue {
            _ = settle(message.id)
            released[message.id] = message.chat
        }
        if released.count > 10_000 { released.removeAll() }  // turns that never come: forget them
        return overdue
    }

    /// The secrets passed on and not deleted yet (each is returned once).
    public mutating func takeDeletions() -> [InboundMessage] {
        let due = unanswered.filter { $0.isSecret && $0.isPassedOn && !$0.isDeletionQueued }
        for message in due { pending[message.id]?.isDeletionQueued = true }
        return due
    }

    // MARK: - Private

    private mutating func settle(_ id: String) -> InboundMessage? {
        guard let message = pending.removeValue(forKey: id) else { return nil }
        answered[id] = message.cursor
        remember(id)
        settledCount += 1
        pruneAnswered()
        return message
    }

    /// Marks the chat's first pending message after its secret prompt as the secret.
    private mutating func claimSecret(in chat: String) {
        guard let after = secretPrompts[chat] else { return }
        let first = pending.values.filter { $0.chat == chat && $0.serial > after }.min { $0.serial < $1.serial }
        if let first { pending[first.id]?.isSecret = true }
    }

    private mutating func remember(_ id: String) {
        guard recentSet.insert(id).inserted else { return }
        recent.append(id)
        if recent.count > Self.recentCapacity {
            recentSet.remove(recent.removeFirst())
        }
    }

    private mutating func pruneAnswered() {
        let floor = position
        answered = answered.filter { $0.value >= floor }
    }
}
