import Foundation

/// One entry of `getUpdates`: its id and, for the only kind the bridge asks for, the message.
///
/// Decoding is lenient: an update whose message has an unexpected shape keeps its id (so the offset can move
/// past it) and loses the message. See https://core.telegram.org/bots/api#update
struct TelegramUpdate: Decodable, Equatable, Sendable {
    var updateID: Int64
    var message: TelegramMessage?

    init(updateID: Int64, message: TelegramMessage?) {
        self.updateID = updateID
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case updateID = "update_id"
        case message
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        updateID = try container.decode(Int64.self, forKey: .updateID)
        message = try? container.decodeIfPresent(TelegramMessage.self, forKey: .message)
    }
}

/// The parts of a Telegram message the bridge uses. https://core.telegram.org/bots/api#message
struct TelegramMessage: Decodable, Equatable, Sendable {
    var messageID: Int64
    var chat: Chat
    var from: User?
    /// Absent for photos, stickers and other non-text messages.
    var text: String?

    /// The conversation a message belongs to.
    struct Chat: Decodable, Equatable, Sendable {
        var id: Int64
    }

    /// The sender, for the display hints passed to the bot.
    struct User: Decodable, Equatable, Sendable {
        var firstName: String?
        var lastName: String?
        var languageCode: String?

        private enum CodingKeys: String, CodingKey {
            case firstName = "first_name"
            case lastName = "last_name"
            case languageCode = "language_code"
        }

        /// `First Last`, or nil when Telegram gave no name.
        var displayName: String? {
            let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return name.isEmpty ? nil : name
        }
    }

    private enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case chat, from, text
    }
}

/// The envelope of every Bot API answer. https://core.telegram.org/bots/api#making-requests
struct TelegramResponse<Result: Decodable>: Decodable {
    var ok: Bool
    var result: Result?
    var errorCode: Int?
    var description: String?
    var parameters: Parameters?

    /// Why a request failed and what to do about it.
    struct Parameters: Decodable {
        var retryAfter: Int?

        private enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case ok, result, parameters, description
        case errorCode = "error_code"
    }
}

/// The keyboard a sent message sets: the bot's buttons, or none at all.
enum ReplyKeyboard: Codable, Equatable, Sendable {
    /// Rows of button labels, shown as a reply keyboard fitted to its buttons.
    case show([[String]])
    /// Takes the keyboard away.
    case remove
}

/// One Bot API call the bridge owes Telegram: a message to send or a message to delete.
///
/// Kept in the state file until Telegram accepted it, so its fields are the stored form, not the request body.
struct TelegramCall: Codable, Equatable, Sendable {
    /// The Bot API methods the bridge calls on behalf of the bot.
    enum Method: String, Codable, Sendable {
        case sendMessage
        case deleteMessage
    }

    var method: Method
    var chatID: Int64
    /// The text to send, already escaped when `parseMode` is set.
    var text: String?
    /// `HTML` for monospaced tables, nil for plain text.
    var parseMode: String?
    var keyboard: ReplyKeyboard?
    /// The message to delete.
    var messageID: Int64?

    /// A `sendMessage` call.
    static func send(
        _ text: String, to chatID: Int64, parseMode: String? = nil, keyboard: ReplyKeyboard? = nil
    ) -> Self {
        Self(method: .sendMessage, chatID: chatID, text: text, parseMode: parseMode, keyboard: keyboard)
    }

    /// A `deleteMessage` call.
    static func delete(_ messageID: Int64, in chatID: Int64) -> Self {
        Self(method: .deleteMessage, chatID: chatID, messageID: messageID)
    }

    /// The JSON body Telegram expects for this call.
    func requestBody() -> Data {
        var body: [String: Any] = ["chat_id": chatID]
        switch method {
        case .sendMessage:
            body["text"] = text ?? ""
            if let parseMode { body["parse_mode"] = parseMode }
            switch keyboard {
            case .show(let rows)?:
                body["reply_markup"] = [
                    "keyboard": rows.map { row in row.map { ["text": $0] } },
                    "resize_keyboard": true,
                ]
            case .remove?:
                body["reply_markup"] = ["remove_keyboard": true]
            case nil:
                break
            }
        case .deleteMessage:
            body["message_id"] = messageID ?? 0
        }
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}

/// The body of a `getUpdates` long poll. https://core.telegram.org/bots/api#getupdates
struct GetUpdatesRequest: Encodable {
    var offset: Int64
    var timeout: Int
    var limit = 100
    var allowedUpdates = ["message"]

    private enum CodingKeys: String, CodingKey {
        case offset, timeout, limit
        case allowedUpdates = "allowed_updates"
    }
}
