import BridgeCore
import Foundation

/// The answer of `GET /updates`: a page of updates and the marker of the next one.
/// https://dev.max.ru/docs-api/methods/GET/updates
struct MaxUpdateList: Decodable, Sendable {
    var updates: [MaxUpdate]
    /// Where the next page starts; passing it marks every update before it as read.
    var marker: Int64?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Lenient per update: one of an unexpected shape must not hide the others.
        updates = try container.decode([Lenient].self, forKey: .updates).map(\.update)
        marker = try container.decodeIfPresent(Int64.self, forKey: .marker)
    }

    private enum CodingKeys: String, CodingKey {
        case updates, marker
    }

    private struct Lenient: Decodable {
        var update: MaxUpdate
        init(from decoder: any Decoder) throws {
            update = (try? MaxUpdate(from: decoder)) ?? MaxUpdate(type: "unreadable", timestamp: 0)
        }
    }
}

/// One event of the bot's chats: the kinds the bridge asks for (`message_created`, `message_callback`,
/// `bot_started`). https://dev.max.ru/docs-api/objects/Update
struct MaxUpdate: Decodable, Equatable, Sendable {
    var type: String
    var timestamp: Int64
    var message: MaxMessage?
    var callback: Callback?
    /// `bot_started`: the dialog and the person, and a deep link's payload.
    var chatID: Int64?
    var user: MaxUser?
    var payload: String?
    /// The person's language (IETF BCP 47), where MAX gives it.
    var userLocale: String?

    /// A button press. https://dev.max.ru/docs-api/objects/Callback
    struct Callback: Decodable, Equatable, Sendable {
        var callbackID: String
        var payload: String?
        var user: MaxUser

        private enum CodingKeys: String, CodingKey {
            case callbackID = "callback_id"
            case payload, user
        }
    }

    init(type: String, timestamp: Int64) {
        self.type = type
        self.timestamp = timestamp
    }

    private enum CodingKeys: String, CodingKey {
        case type = "update_type"
        case chatID = "chat_id"
        case userLocale = "user_locale"
        case timestamp, message, callback, user, payload
    }
}

/// The parts of a MAX message the bridge uses. https://dev.max.ru/docs-api/objects/Message
struct MaxMessage: Decodable, Equatable, Sendable {
    var sender: MaxUser?
    var recipient: Recipient
    var body: Body?

    struct Recipient: Decodable, Equatable, Sendable {
        var chatID: Int64?
        var userID: Int64?

        private enum CodingKeys: String, CodingKey {
            case chatID = "chat_id"
            case userID = "user_id"
        }
    }

    struct Body: Decodable, Equatable, Sendable {
        var mid: String
        var text: String?
        /// How many attachments (photos, stickers, audio, files…) the message has.
        var attachmentCount: Int

        private enum CodingKeys: String, CodingKey {
            case mid, text, attachments
        }

        init(mid: String, text: String?, attachmentCount: Int = 0) {
            self.mid = mid
            self.text = text
            self.attachmentCount = attachmentCount
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            mid = try container.decode(String.self, forKey: .mid)
            text = try container.decodeIfPresent(String.self, forKey: .text)
            let attachments = try? container.decodeIfPresent([Ignored].self, forKey: .attachments)
            attachmentCount = attachments?.count ?? 0
        }
    }

    private struct Ignored: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}

/// A person (or bot) in MAX. https://dev.max.ru/docs-api/objects/User
struct MaxUser: Decodable, Equatable, Sendable {
    var userID: Int64
    var firstName: String?
    var lastName: String?
    /// The older single name field.
    var name: String?
    var isBot: Bool?

    private enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case isBot = "is_bot"
        case name
    }

    /// `First Last`, or nil when MAX gave no name.
    var displayName: String? {
        let parts = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }
        let joined = parts.isEmpty ? (name ?? "") : parts.joined(separator: " ")
        return joined.isEmpty ? nil : joined
    }
}

/// MAX's error body: `{"code": "verify.token", "message": "Invalid access_token"}`.
struct MaxError: Decodable, Sendable {
    var code: String?
    var message: String?
}

/// The answer of calls that only succeed or fail: `{"success": true}`.
/// https://dev.max.ru/docs-api/objects/SimpleQueryResult
struct MaxSimpleResult: Decodable, Sendable {
    var success: Bool
    var message: String?
}
