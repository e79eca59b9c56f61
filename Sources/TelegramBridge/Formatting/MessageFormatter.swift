import BotCore

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
                parts = parts.map { "<pre>" + escapeHTML($0) + "</pre>" }
                parseMode = "HTML"
            }
            for (partIndex, part) in parts.enumerated() {
                let markup = partIndex == parts.count - 1 ? keyboard : nil
                calls.append(.send(part, to: chatID, parseMode: parseMode, keyboard: markup))
            }
        }
        return calls
    }

    /// Escapes the three characters Telegram's HTML parse mode reserves.
    static func escapeHTML(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Splits long texts into parts Telegram accepts, on line boundaries where it can.
enum TextSplitter {
    /// Parts of at most `limit` UTF-16 code units: whole lines when they fit, then words, then characters.
    ///
    /// The newline a part ends on is dropped (a Telegram message shows no trailing newline anyway).
    static func split(_ text: String, limit: Int) -> [String] {
        precondition(limit > 0, "the limit must be positive")
        guard text.utf16.count > limit else { return [text] }
        var parts: [String] = []
        var current = ""
        var currentLength = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let length = line.utf16.count
            if currentLength > 0 || !current.isEmpty {
                if currentLength + 1 + length <= limit {
                    current += "\n" + line
                    currentLength += 1 + length
                    continue
                }
                parts.append(current)
                current = ""
                currentLength = 0
            }
            if length <= limit {
                current = String(line)
                currentLength = length
            } else {
                var pieces = splitLine(line, limit: limit)
                let last = pieces.removeLast()
                parts += pieces
                current = last
                currentLength = last.utf16.count
            }
        }
        parts.append(current)
        return parts
    }

    /// Cuts one line longer than `limit` at the last space that fits, or at a character boundary.
    private static func splitLine(_ line: Substring, limit: Int) -> [String] {
        var pieces: [String] = []
        var rest = line
        while rest.utf16.count > limit {
            var end = rest.startIndex
            var length = 0
            var lastSpace: Substring.Index?
            for index in rest.indices {
                let size = rest[index].utf16.count
                if length + size > limit { break }
                length += size
                end = rest.index(after: index)
                if rest[index] == " " { lastSpace = end }
            }
            if end == rest.startIndex { end = rest.index(after: rest.startIndex) }  // one oversized character
            if let lastSpace, lastSpace > rest.startIndex, lastSpace < end { end = lastSpace }
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        pieces.append(String(rest))
        return pieces
    }
}
