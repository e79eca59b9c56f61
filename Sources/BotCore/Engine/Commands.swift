import Foundation

/// What a global command does; global commands work at every step of every dialog.
public enum CommandAction: Equatable, Sendable {
    /// `/start`: greet anew from the main menu.
    case start
    /// `/menu`: back to the main menu.
    case menu
    /// `/help`: help on top of the current dialog, which keeps what was entered.
    case help
    /// `/back`: one step back in the current dialog.
    case back
    /// `/cancel`: leave the current dialog for the menu.
    case cancel
    /// `/lang ru|en` (nil: the argument was missing or unknown).
    case language(Language?)
    /// An application command, e.g. `/login`: start a dialog (from the menu when `fromMenu`).
    case launch(DialogLaunch, fromMenu: Bool)
}

/// The table of global commands: slash commands and their words, matched case-insensitively.
public struct CommandTable: Sendable {
    /// By the bytes of the normalized word: every message is looked up here, most of them in Cyrillic, which
    /// `String` hashes only after normalising Unicode.
    private var words: [ByteKey: CommandAction] = [:]

    /// The engine's own commands with their Russian and English words.
    public init() {
        add(["/start", "start", "старт"], .start)
        add(["/menu", "menu", "меню", "главное меню", "main menu"], .menu)
        add(["/help", "help", "помощь", "справка"], .help)
        add(["/back", "back", "назад"], .back)
        add(["/cancel", "cancel", "отмена", "отменить"], .cancel)
    }

    /// Adds words (with or without the slash) for an action.
    public mutating func add(_ words: [String], _ action: CommandAction) {
        for word in words {
            self.words[ByteKey(Self.normalize(word).precomposedStringWithCanonicalMapping)] = action
        }
    }

    /// The command the text is, if it is one.
    public func match(_ text: String) -> CommandAction? {
        let normalized = Self.normalize(text)
        if let action = words[ByteKey(normalized)] {
            return action
        }
        // A letter typed as a base and a combining mark (й as и + U+0306) is looked up composed.
        if normalized.unicodeScalars.contains(where: { (0x0300...0x036F).contains($0.value) }),
            let action = words[ByteKey(normalized.precomposedStringWithCanonicalMapping)]
        {
            return action
        }
        guard normalized.hasPrefix("/") else { return nil }
        let parts = normalized.split(separator: " ", maxSplits: 1)
        if parts.first == "/lang" || parts.first == "/язык" {
            return .language(parts.count > 1 ? Language(tag: String(parts[1])) : nil)
        }
        if let first = parts.first, let action = words[ByteKey(String(first))] {
            return action  // "/start payload" from a messenger deep link
        }
        return nil
    }

    /// Lower case, `ё` as `е`, trimmed, inner spaces collapsed, trailing punctuation and a bot suffix removed.
    static func normalize(_ text: String) -> String {
        var result = TextFolding.fold(text)
        if result.hasPrefix("/"), let at = result.firstIndex(of: "@") {
            let end = result[at...].firstIndex(of: " ") ?? result.endIndex
            result.removeSubrange(at..<end)  // "/start@school_bot"
        }
        return result
    }
}
