import BotCore

/// One update a messenger handed out, as the adapter read it: what the person did, and where a poll finds it
/// again.
public struct IncomingUpdate<Call: BridgeCall>: Sendable {
    /// What the update carries for the bot.
    public enum Content: Equatable, Sendable {
        /// Text to pass on (a message, a document's caption, a button's label, `/start`).
        case text(String)
        /// A sticker, photo, voice message…: the person is told that only text is understood.
        case unsupported
        /// Nothing for the bot (an edit, a join, a service message).
        case nothing
    }

    /// The messenger's stable id of the update, unique among its updates (`7001`, `mid.00ff…`).
    public var key: String
    /// The poll position that hands this update out again; nil when the messenger numbers no updates: then
    /// the position the last poll ended at (the update came after it).
    public var cursor: Int64?
    /// The chat as the adapter addresses it (the part after the wire prefix).
    public var chat: String
    /// The messenger's id of the person's message, for deleting it; nil when there is none (a button press).
    public var messageRef: String?
    public var content: Content
    public var userName: String?
    public var userLanguage: String?
    /// Calls to make at once, whatever the bot answers (a button press acknowledged).
    public var immediateCalls: [Call]

    public init(
        key: String, cursor: Int64?, chat: String, messageRef: String? = nil, content: Content,
        userName: String? = nil, userLanguage: String? = nil, immediateCalls: [Call] = []
    ) {
        self.key = key
        self.cursor = cursor
        self.chat = chat
        self.messageRef = messageRef
        self.content = content
        self.userName = userName
        self.userLanguage = userLanguage
        self.immediateCalls = immediateCalls
    }
}

/// A person's message on its way to the bot: taken from an update, not answered by a turn yet.
///
/// Its text may be a password: it lives in memory only, and is never logged or written to the state file
/// (after a restart the messenger hands the update out again, because the poll position has not moved past it).
public struct InboundMessage: Equatable, Sendable {
    /// The protocol message id (`tg:7001`): the bot's idempotency key, the same on every resend.
    public var id: String
    /// Where a poll finds the update again.
    public var cursor: Int64
    /// The order the ledger took it in (kept across restarts, so later messages always count higher).
    public var serial: Int64
    public var chat: String
    public var messageRef: String?
    public var text: String
    public var userName: String?
    public var userLanguage: String?
    /// The bot asked for a secret before this message: delete it from the chat once it was passed on.
    public var isSecret = false
    /// Written to the bot at least once.
    public var isPassedOn = false
    /// When it was last written to the bot (monotonic seconds).
    public var passedOnAt: Double?
    /// Its deletion is queued.
    public var isDeletionQueued = false
    /// When to send it again after the bot answered `overloaded` or `internal`.
    public var retryAt: Double?
}

/// The ids a bridge uses on the wire: `<prefix><chat>` for chats, `<prefix><update key>` for messages.
public struct WireAddressing: Sendable {
    /// `tg:`, `max:`.
    public let prefix: String

    public init(prefix: String) {
        self.prefix = prefix
    }

    /// The protocol chat id of a messenger chat.
    public func chat(_ chat: String) -> String { prefix + chat }

    /// The protocol message id of an update: its key, or a digest of a key too long for the protocol's 128.
    public func message(_ key: String) -> String {
        let id = prefix + key
        guard id.utf8.count > 128 else { return id }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: a stable short name, not a secret
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return prefix + "h" + String(hash, radix: 16)
    }

    /// The part after the prefix; nil for an id of another bridge.
    public func local(_ wireID: String?) -> String? {
        guard let wireID, wireID.hasPrefix(prefix), wireID.count > prefix.count else { return nil }
        return String(wireID.dropFirst(prefix.count))
    }

    /// The line sent to the bot for a message.
    public func chatMessage(_ message: InboundMessage) -> ChatMessage {
        ChatMessage(
            chat: chat(message.chat), text: message.text, id: message.id, userName: message.userName,
            userLanguage: message.userLanguage)
    }
}
