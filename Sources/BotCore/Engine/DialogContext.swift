import Foundation

/// A message the bot sends on its own to some chat, as part of a turn's effects.
public struct Push: Codable, Equatable, Sendable {
    public var chat: String
    public var messages: [OutMessage]

    public init(chat: String, messages: [OutMessage]) {
        self.chat = chat
        self.messages = messages
    }
}

/// What a dialog step sees of the world during one turn.
///
/// One context per turn; not shared across threads.
public final class DialogContext<Environment> {
    /// The chat being answered.
    public let chat: String
    /// The client's message id, when it sent one.
    public let messageID: String?
    /// The display name the messenger gave, if any.
    public let userName: String?
    /// The chat's language; `/lang` changes it.
    public internal(set) var language: Language
    /// The instant the turn is handled at.
    public let now: Date
    /// The clock (its time zone is the chat's).
    public let clock: Clock
    /// The message texts.
    public let catalog: Catalog
    /// The domain and other collaborators of the application.
    public let environment: Environment
    /// Randomness (secure in production, seeded in tests).
    public let random: RandomSource
    /// Where the chat was when the current dialog started: `dialog/step` of each dialog beneath it, bottom first.
    public internal(set) var trail: [String] = []
    /// Pushes to other chats this turn produced.
    public private(set) var pushes: [Push] = []

    init(
        chat: String, messageID: String?, userName: String?, language: Language, clock: Clock,
        catalog: Catalog, environment: Environment, random: RandomSource
    ) {
        self.chat = chat
        self.messageID = messageID
        self.userName = userName
        self.language = language
        self.now = clock.now()
        self.clock = clock
        self.catalog = catalog
        self.environment = environment
        self.random = random
    }

    /// The catalog text of `key` in the chat's language.
    public func t(_ key: String, _ arguments: [String: CatalogValue] = [:]) -> String {
        catalog.text(key, language, arguments)
    }

    /// The catalog text of `key` in another language (a push to a chat that speaks it).
    public func t(_ key: String, in language: Language, _ arguments: [String: CatalogValue] = [:]) -> String {
        catalog.text(key, language, arguments)
    }

    /// Whether `text` is, as typed, the text of catalog key `key` (a button label) in any language: letter case,
    /// `ё`/`е`, extra spaces and a trailing full stop do not matter.
    public func isLabel(_ text: String, _ key: String) -> Bool {
        catalog.isLabel(folded: TextFolding.fold(text), key)
    }

    /// Sends `messages` to another chat; delivered after the turn's commit.
    public func push(to chat: String, _ messages: [OutMessage]) {
        pushes.append(Push(chat: chat, messages: messages))
    }
}
