/// The few sentences a bridge says on its own, where the bot has no say: keys of the catalog below.
public enum BridgeText: String, CaseIterable, Sendable {
    /// A sticker, photo or voice message arrived.
    case onlyText
    /// The messenger would not delete the message that carried a password.
    case deleteThePasswordYourself
}

/// The bridge's message catalog, in Russian (the default) and English, like the bot's own catalogs.
public enum BridgeTexts {
    static let russian: [BridgeText: String] = [
        .onlyText: "Я понимаю только текст. Напишите, пожалуйста, сообщением или нажмите кнопку.",
        .deleteThePasswordYourself:
            "Не удалось удалить сообщение с паролем из переписки. Удалите его, пожалуйста, сами.",
    ]

    static let english: [BridgeText: String] = [
        .onlyText: "I understand text only. Please type your message or press a button.",
        .deleteThePasswordYourself:
            "The message with your password could not be removed from the chat. Please delete it yourself.",
    ]

    /// The sentence in the person's language (a messenger's language code such as `en-US`); Russian otherwise.
    public static func text(_ key: BridgeText, language: String?) -> String {
        let catalog = language?.lowercased().hasPrefix("en") == true ? english : russian
        return catalog[key] ?? russian[key] ?? key.rawValue
    }

    /// The keys a catalog lacks (a test keeps both complete).
    public static func missingKeys() -> [String] {
        BridgeText.allCases.filter { russian[$0] == nil || english[$0] == nil }.map(\.rawValue)
    }
}
