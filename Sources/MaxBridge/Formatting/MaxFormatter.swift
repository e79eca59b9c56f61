import BotCore
import BridgeCore

/// Turns the bot's messages into `POST /messages` calls: texts split below MAX's limit, buttons as an inline
/// keyboard of callback buttons, tables as monospaced HTML.
///
/// Plain text is sent without `format`, so MAX shows `*`, `_`, `[` and `<` as typed. A keyboard belongs to
/// its message in MAX (there is no keyboard of the chat to take away), so a message without buttons simply
/// has none.
enum MaxFormatter {
    /// MAX's longest message text. https://dev.max.ru/docs-api/methods/POST/messages (`text`, maxLength 4000)
    static let maximumTextLength = 4_000

    /// The calls that show `messages` in `chat`.
    static func calls(for messages: [OutMessage], chat: String, limit: Int = maximumTextLength) -> [MaxCall] {
        var calls: [MaxCall] = []
        for message in messages {
            let rows = message.buttons?.filter { !$0.isEmpty } ?? []
            var parts = TextSplitter.split(message.text, limit: limit).filter { !$0.allSatisfy(\.isWhitespace) }
            var format: String?
            if parts.isEmpty {
                guard !rows.isEmpty else { continue }  // MAX shows no empty message
                parts = ["…"]
            } else if message.table != nil {
                // Tags do not count against the limit: MAX measures the text after parsing it.
                parts = parts.map(HTMLEscaping.preformatted)
                format = "html"
            }
            for (index, part) in parts.enumerated() {
                let buttons = index == parts.count - 1 && !rows.isEmpty ? rows : nil
                calls.append(.send(part, to: chat, format: format, buttons: buttons))
            }
        }
        return calls
    }
}
