/// A light suffix-stripping stemmer for canonical Russian words, with a few English endings.
///
/// It removes one inflectional ending so that forms of a word meet: "пароль", "пароля", "паролем" all
/// become "парол"; "учителей" and "учителя" become "учител". It is deliberately timid: words of four
/// letters or fewer are kept as they are, and a stem keeps at least four letters ("отчет" stays whole;
/// only adjective endings may leave three, so "новый" and "нового" both give "нов").
public enum LightStemmer {
    /// The stem of a canonical (lower-case, `ё`-free) word.
    public static func stem(_ word: String) -> String {
        let length = word.count
        guard length > 4 else { return word }
        if word.unicodeScalars.contains(where: TextNormalizer.isCyrillic) {
            return russianStem(word, length: length)
        }
        return englishStem(word, length: length)
    }

    private static func russianStem(_ word: String, length: Int) -> String {
        var word = word
        var length = length
        for ending in reflexiveEndings where word.hasSuffix(ending) && length - ending.count >= 4 {
            word.removeLast(ending.count)
            length -= ending.count
            break
        }
        for ending in russianEndings where word.hasSuffix(ending.text) && length - ending.length >= ending.minimumStem {
            word.removeLast(ending.length)
            return word
        }
        return word
    }

    private static func englishStem(_ word: String, length: Int) -> String {
        for ending in ["ing", "ed", "es", "s"] where word.hasSuffix(ending) && length - ending.count >= 4 {
            if ending == "s", word.hasSuffix("ss") { return word }
            return String(word.dropLast(ending.count))
        }
        return word
    }

    private struct Ending {
        let text: String
        let length: Int
        let minimumStem: Int
    }

    private static let reflexiveEndings = ["ся", "сь"]

    /// Adjective endings may leave a three-letter stem ("нов-ый"); the rest leave at least four.
    private static let adjectiveEndings = [
        "ого", "его", "ому", "ему", "ыми", "ими", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ую", "юю",
        "ых", "их", "ым", "им",
    ]

    private static let otherEndings = [
        // Verbs: present, imperative, infinitive, past.
        "уйте", "айте", "яйте", "ьте", "ешь", "ишь", "ете", "ите", "ует", "уют", "ет", "ит", "ут", "ют", "ат", "ят",
        "ать", "ять", "ить", "еть", "ыть", "уть", "ть", "ила", "ала", "яла", "ела", "ило", "ало", "ело", "или", "али",
        "яли", "ели", "ил", "ал", "ял", "ел", "ла", "ло", "ли", "уй", "ай",
        // Nouns.
        "иями", "ями", "ами", "иях", "ях", "ах", "иям", "ям", "ам", "ием", "ом", "ем", "ов", "ев", "ей", "ью", "ия",
        "ию", "ии", "а", "я", "у", "ю", "е", "и", "ы", "о", "ь", "й",
    ]

    /// All endings, longest first, so "-ами" wins over "-и".
    private static let russianEndings: [Ending] = {
        let adjectives = adjectiveEndings.map { Ending(text: $0, length: $0.count, minimumStem: 3) }
        let others = otherEndings.map { Ending(text: $0, length: $0.count, minimumStem: 4) }
        return (adjectives + others).sorted { $0.length > $1.length }
    }()
}
