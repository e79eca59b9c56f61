import BotCore
import Foundation

/// Small helpers for recognising button presses and typed variants of them.
enum Matching {
    /// Lower case, the letter yo folded to ye, trimmed, inner spaces collapsed, trailing punctuation dropped.
    static func fold(_ text: String) -> String {
        TextFolding.fold(text)
    }

    /// Whether `text` is the label of catalog key `key` in any language.
    static func isLabel<Environment>(_ text: String, _ key: String, _ context: DialogContext<Environment>) -> Bool {
        context.isLabel(text, key)
    }

    /// `whenLogin` → `when_login`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
