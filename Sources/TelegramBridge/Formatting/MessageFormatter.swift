import BotCore
import BridgeCore

/// Turns the bot's messages into `sendMessage` calls: texts split to Telegram's limit, buttons as a reply
/// keyboard, tables as monospaced text.
///
/// Keyboards: a message with buttons shows them (on its last part); the last message of a turn without buttons
/// removes the keyboard, so that a free-text question does not keep stale buttons under it. Earlier messages
/// of a turn and pushes without buttons leave the keyboard as it is: a push may arrive in the middle of a
/// step whose buttons still apply.
enum MessageFormatter {
    /// Telegram's longest message text, in UTF-16 code units. https://core.telegram.org/bots/api#sendmessage
    static let maximumTextLength = 4_096

    /// The calls that show `messages` in `chatID`; `isTurn` is false for a push.
    static func calls(
        for messages: [OutMessage], chatID: Int64, isTurn: Bool, limit: Int = maximumTextLength
    ) -> [TelegramCall] {
        var calls: [TelegramCall] = []
        for (index, message) in messages.enumerated() {
            let isLast = index == messages.count - 1
            var keyboard: ReplyKeyboard?
            if let rows = message.buttons?.filter({ !$0.isEmpty }), !rows.isEmpty {
                keyboard = .show(rows)
            } else if isTurn && isLast {
                keyboard = .remove
            }
            var parts = TextSplitter.split(message.text, limit: limit).filter { !$0.allSatisfy(\.isWhitespace) }
            var parseMode: String?
            if parts.isEmpty {
                guard keyboard != nil else { continue }  // Telegram refuses an empty text
                parts = ["…"]
            } else if message.table != nil {
                // Tags do not count against the limit: Telegram measures the text after parsing its entities.
                parts = parts.map(HTMLEscaping.preformatted)
                parseMode = "HTML"
            }
            for (partIndex, part) in parts.enumerated() {
                let markup = partIndex == parts.count - 1 ? keyboard : nil
                calls.append(.send(part, to: chatID, parseMode: parseMode, keyboard: markup))
            }
        }
        return calls
    }
}
