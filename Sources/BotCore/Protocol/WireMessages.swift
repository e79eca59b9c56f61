/// A chat message from a client: the only required fields are `chat` and `text`.
public struct ChatMessage: Equatable, Sendable {
    public var chat: String
    public var text: String
    public var id: String?
    public var userName: String?
    public var userLanguage: String?

    public init(chat: String, text: String, id: String? = nil, userName: String? = nil, userLanguage: String? = nil) {
        self.chat = chat
        self.text = text
        self.id = id
        self.userName = userName
        self.userLanguage = userLanguage
    }
}

/// One decoded client line.
public enum ClientLine: Equatable, Sendable {
    case message(ChatMessage)
    case ping(id: String?)
    case hello(token: String?)
}

/// The error codes of the protocol.
public enum WireErrorCode: String, Sendable, CaseIterable {
    case badJSON = "bad_json"
    case badUTF8 = "bad_utf8"
    case lineTooLong = "line_too_long"
    case missingField = "missing_field"
    case badField = "bad_field"
    case unauthorized
    case overloaded
    case `internal`
}

/// A line that cannot be accepted: its wire code, a sentence for people, the id it answers.
public struct WireError: Error, Equatable, Sendable {
    public var code: WireErrorCode
    public var message: String
    public var replyTo: String?

    public init(_ code: WireErrorCode, _ message: String, replyTo: String? = nil) {
        self.code = code
        self.message = message
        self.replyTo = replyTo
    }
}

/// The protocol's limits (PROTOCOL.md).
public enum WireLimits {
    public static let maximumLineBytes = 65_536
    public static let maximumChatLength = 128
    public static let maximumTextLength = 4_096
    public static let maximumIDLength = 128
}
