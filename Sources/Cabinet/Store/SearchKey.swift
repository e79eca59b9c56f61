import BotCore
import Foundation

/// The normalized form of names that search compares: lower case, `ё` as `е`, single spaces.
enum SearchKey {
    /// The key of `text`.
    static func make(_ text: String) -> String {
        let folded = TextFolding.lowercasedFoldingYo(text)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A `LIKE` pattern matching keys that contain `text`'s key, with `\` escaping `%`, `_` and `\`.
    static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for character in make(text) {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}
