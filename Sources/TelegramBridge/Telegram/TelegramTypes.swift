import BridgeCore
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
    /// The text under a photo, a document, a video.
    var caption: String?
    /// Whether the message carries something a person sent that is not text (a sticker, a photo, a voice
    /// message, a document…), as opposed to a service message (a member joined, the title changed).
    var hasMedia = false

    /// The kinds of content a person sends that are not text. https://core.telegram.org/bots/api#message
    static let mediaKeys: Set<String> = [
        "animation", "audio", "contact", "dice", "document", "location", "photo", "poll", "sticker", "story",
        "venue", "video", "video_note", "voice",
    ]

    init(
        messageID: Int64, chat: Chat, from: User? = nil, text: String? = nil, caption: String? = nil,
        hasMedia: Bool = false
    ) {
        self.messageID = messageID
        self.chat = chat
        self.from = from
        self.text = text
        self.caption = caption
        self.hasMedia = hasMedia
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        messageID = try container.decode(Int64.self, forKey: .messageID)
        chat = try container.decode(Chat.self, forKey: .chat)
        from = try? container.decodeIfPresent(User.self, forKey: .from)
        text = try? container.decodeIfPresent(String.self, forKey: .text)
        caption = try? container.decodeIfPresent(String.self, forKey: .caption)
        let all = try decoder.container(keyedBy: AnyKey.self)
        hasMedia = all.allKeys.contains { Self.mediaKeys.contains($0.stringValue) }
    }

    /// What the update gives the bot: its text, a caption, or the fact that it held no text.
    var content: IncomingUpdate<TelegramCall>.Content {
        if let text, !text.isEmpty { return .text(text) }
        if let caption, !caption.isEmpty { return .text(caption) }
        return hasMedia ? .unsupported : .nothing
    }

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
        case chat, from, text, caption
    }

    /// Any key, to see which kinds of content a message has.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
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
        /// The supergroup a group became: send there instead.
        var migrateToChatID: Int64?

        private enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
            case migrateToChatID = "migrate_to_chat_id"
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
struct TelegramCall: BridgeCall {
    /// The Bot API methods the bridge calls on behalf of the bot.
    enum Method: String, Codable, Sendable {
        case sendMessage
        case deleteMessage
    }

    var method: Method
    /// The Telegram chat id, as text.
    var chat: String
    /// The text to send, already escaped when `parseMode` is set.
    var text: String?
    /// `HTML` for monospaced tables, nil for plain text.
    var parseMode: String?
    var keyboard: ReplyKeyboard?
    /// The message to delete.
    var messageID: Int64?

    var isPacedPerChat: Bool { method == .sendMessage }
    var isDeletion: Bool { method == .deleteMessage }
    var logName: String { "\(method.rawValue) in chat \(chat)" }

    /// A `sendMessage` call.
    static func send(
        _ text: String, to chat: Int64, parseMode: String? = nil, keyboard: ReplyKeyboard? = nil
    ) -> Self {
        Self(method: .sendMessage, chat: String(chat), text: text, parseMode: parseMode, keyboard: keyboard)
    }

    /// A `deleteMessage` call.
    static func delete(_ messageID: Int64, in chat: Int64) -> Self {
        Self(method: .deleteMessage, chat: String(chat), messageID: messageID)
    }

    init(
        method: Method, chat: String, text: String? = nil, parseMode: String? = nil, keyboard: ReplyKeyboard? = nil,
        messageID: Int64? = nil
    ) {
        self.method = method
        self.chat = chat
        self.text = text
        self.parseMode = parseMode
        self.keyboard = keyboard
        self.messageID = messageID
    }

    private enum CodingKeys: String, CodingKey {
        case method, chat, text, parseMode, keyboard, messageID
        case chatID  // version 1 state files: the chat as a number
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(Method.self, forKey: .method)
        if let chat = try container.decodeIfPresent(String.self, forKey: .chat) {
            self.chat = chat
        } else {
            chat = String(try container.decode(Int64.self, forKey: .chatID))
        }
        text = try container.decodeIfPresent(String.self, forKey: .text)
        parseMode = try container.decodeIfPresent(String.self, forKey: .parseMode)
        keyboard = try container.decodeIfPresent(ReplyKeyboard.self, forKey: .keyboard)
        messageID = try container.decodeIfPresent(Int64.self, forKey: .messageID)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(chat, forKey: .chat)
        try container.encodeIfPresent(text, forKey: .text)
        try container.encodeIfPresent(parseMode, forKey: .parseMode)
        try container.encodeIfPresent(keyboard, forKey: .keyboard)
        try container.encodeIfPresent(messageID, forKey: .messageID)
    }

    /// The JSON body Telegram expects for this call.
    func requestBody() -> Data {
        // A chat id Telegram gave is a number; one that is not (a corrupt state file) goes as text and is refused.
        var body: [String: Any] = ["chat_id": Int64(chat).map { $0 as Any } ?? chat]
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
