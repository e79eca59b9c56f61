import BotCore
import Foundation

/// Brings free text typed on a phone to one canonical form before it is matched.
///
/// `"  Пapoль НЕ пришёл!!! 😡"` becomes `"пароль не пришел"`: lower case, `ё` as `е`, punctuation and
/// emoji dropped, spaces collapsed, and Latin letters that look like Cyrillic ones folded inside
/// Cyrillic words (the `a`, `p` and `o` above are Latin).
public enum TextNormalizer {
    /// The text in canonical form: lower-case words separated by single spaces.
    public static func normalize(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// The canonical words of the text, in order.
    public static func words(_ text: String) -> [String] {
        let composed = text.precomposedStringWithCanonicalMapping
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            guard !current.isEmpty else { return }
            result.append(canonicalWord(current))
            current.removeAll()
        }
        for scalar in composed.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if apostrophes.contains(scalar) {
                continue  // "don't" stays one word: "dont"
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// Whether the canonical word carries no meaning for intent matching ("и", "в", "пожалуйста", "the").
    ///
    /// Negations are deliberately not stop words: "нет пароля" and "не пришел логин" differ in intent
    /// from "пароль" and "логин пришел".
    public static func isStopWord(_ word: String) -> Bool {
        stopWords.contains(word)
    }

    /// The canonical words of the text without stop words.
    public static func contentWords(_ text: String) -> [String] {
        words(text).filter { !isStopWord($0) }
    }

    /// Whether the scalar is a Cyrillic letter (the basic block, U+0400 to U+04FF).
    static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        (0x0400...0x04FF).contains(scalar.value)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        // Digits and "#" are emoji too (keycaps); only non-ASCII emoji are dropped here.
        if properties.isEmojiPresentation || (properties.isEmoji && scalar.value > 0x7F) {
            return false
        }
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Folds look-alikes when the word has Cyrillic letters, then lower-cases and replaces `ё`.
    private static func canonicalWord(_ scalars: String.UnicodeScalarView) -> String {
        let hasCyrillic = scalars.contains(where: isCyrillic)
        var folded = String.UnicodeScalarView()
        for scalar in scalars {
            if hasCyrillic, let cyrillic = latinLookAlikes[scalar] {
                folded.append(cyrillic)
            } else {
                folded.append(scalar)
            }
        }
        return TextFolding.lowercasedFoldingYo(String(folded))
    }

    private static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "`"]

    /// Latin letters that people (and keyboards with a stuck layout) put into Cyrillic words.
    private static let latinLookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
        "T": "Т", "X": "Х", "Y": "У",
        "a": "а", "c": "с", "e": "е", "k": "к", "m": "м", "o": "о", "p": "р", "x": "х", "y": "у",
    ]

    private static let stopWords: Set<String> = [
        // Russian: prepositions, conjunctions, particles, pronouns, politeness and filler.
        "и", "в", "во", "на", "с", "со", "к", "ко", "по", "за", "из", "у", "о", "об", "обо", "от", "до", "для", "при",
        "про", "а", "но", "же", "ж", "ли", "бы", "б", "то", "это", "этот", "эта", "эти", "этого", "этой", "тот", "та",
        "те", "я", "мы", "вы", "ты", "он", "она", "они", "оно", "мне", "меня", "нам", "нас", "вам", "вас", "тебе",
        "тебя", "ему", "ей", "им", "их", "его", "ее", "наш", "наша", "наше", "наши", "нашей", "нашего", "нашу", "нашим",
        "наших", "ваш", "ваша", "ваше", "ваши", "вашей", "вашего", "вашу", "свой", "своя", "свое", "свои", "своих",
        "своим", "свою", "своего", "своей", "мой", "моя", "мое", "мои", "моей", "моего", "мою", "моих", "моим", "моими",
        "моем", "нашем", "вашем", "вашим", "вашими", "как", "так", "вот", "уже", "еще", "пожалуйста", "пжл", "пж",
        "плиз", "подскажите", "подскажи", "скажите", "очень", "просто", "вообще", "тут", "там", "здесь", "что", "чтобы",
        "чем", "ну", "ой", "можно", "нужно", "надо", "хочу", "хотим", "хотел", "хотела", "хотелось", "могу", "можем",
        "может", "можете", "могли", "сейчас", "теперь", "какой", "какая", "какое", "какие", "каким", "какую", "если",
        "или", "тоже", "также", "только", "был", "была", "было", "были", "быть", "будет", "все", "всё", "уважаемые",
        "коллеги", "ребята",
        // English.
        "a", "an", "the", "to", "of", "for", "on", "at", "how", "do", "does", "did", "is", "are", "am", "be", "it",
        "this", "that", "and", "or", "please", "pls", "plz", "i", "me", "my", "we", "our", "us", "with", "from", "want",
        "would", "like", "just",
    ]
}
