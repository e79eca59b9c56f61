import BotCore

/// A person's Telegram message on its way to the bot: taken from an update, not answered by a turn yet.
///
/// Its text may be a password: it lives in memory only, and is never logged or written to the state file
/// (after a restart Telegram hands the update out again, because the offset has not moved past it).
struct PendingMessage: Equatable, Sendable {
    var updateID: Int64
    var chatID: Int64
    var messageID: Int64
    var text: String
    var userName: String?
    var userLanguage: String?
    /// The bot asked for a secret before this message: delete it from the chat once it was passed on.
    var isSecret = false
    /// Written to the bot at least once.
    var isPassedOn = false
    /// Its `deleteMessage` is queued.
    var isDeletionQueued = false
    /// When to send it again after the bot answered `overloaded` or `internal`.
    var retryAt: Double?

    /// The protocol id: the bot's idempotency key, the same on every resend.
    var wireID: String { BridgeIDs.message(updateID) }

    /// The line sent to the bot.
    var chatMessage: ChatMessage {
        ChatMessage(
            chat: BridgeIDs.chat(chatID), text: text, id: wireID, userName: userName, userLanguage: userLanguage)
    }
}

/// The ids the bridge uses on the wire: `tg:<chat_id>` for chats, `tg:<update_id>` for messages.
enum BridgeIDs {
    static let prefix = "tg:"

    /// The protocol chat id of a Telegram chat.
    static func chat(_ chatID: Int64) -> String { prefix + String(chatID) }

    /// The protocol message id of a Telegram update.
    static func message(_ updateID: Int64) -> String { prefix + String(updateID) }

    /// The Telegram number inside a `tg:` id; nil for anything else.
    static func number(in wireID: String?) -> Int64? {
        guard let wireID, wireID.hasPrefix(prefix) else { return nil }
        return Int64(wireID.dropFirst(prefix.count))
    }
}
