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
    private var words: [String: CommandAction] = [:]

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
            self.words[Self.normalize(word)] = action
        }
    }

    /// The command the text is, if it is one.
    public func match(_ text: String) -> CommandAction? {
        let normalized = Self.normalize(text)
        if let action = words[normalized] {
            return action
        }
        let parts = normalized.split(separator: " ", maxSplits: 1)
        if parts.first == "/lang" || parts.first == "/язык" {
            return .language(parts.count > 1 ? Language(tag: String(parts[1])) : nil)
        }
        if normalized.hasPrefix("/"), let first = parts.first, let action = words[String(first)] {
            return action  // "/start payload" from a messenger deep link
        }
        return nil
    }

    /// Lower case, trimmed, inner spaces collapsed, trailing punctuation and a bot suffix removed.
    static func normalize(_ text: String) -> String {
        var result = text.lowercased()
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
        while let last = result.last, ".!?".contains(last) {
            result.removeLast()
        }
        if result.hasPrefix("/"), let at = result.firstIndex(of: "@") {
            let end = result[at...].firstIndex(of: " ") ?? result.endIndex
            result.removeSubrange(at..<end)  // "/start@school_bot"
        }
        return result
    }
}
