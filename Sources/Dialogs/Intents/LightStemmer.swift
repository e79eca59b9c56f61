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

    /// Compared as scalars: the words are canonical (lower case, composed), and the model stems thousands of
    /// them when it is built.
    private static func russianStem(_ word: String, length: Int) -> String {
        var scalars = Array(word.unicodeScalars)
        var length = length
        for ending in reflexiveEndings where ends(scalars, with: ending.scalars) && length - ending.length >= 4 {
            scalars.removeLast(ending.length)
            length -= ending.length
            break
        }
        for ending in russianEndings
        where ends(scalars, with: ending.scalars) && length - ending.length >= ending.minimumStem {
            scalars.removeLast(ending.length)
            break
        }
        return String(String.UnicodeScalarView(scalars))
    }

    private static func ends(_ scalars: [Unicode.Scalar], with suffix: [Unicode.Scalar]) -> Bool {
        scalars.count >= suffix.count && scalars[(scalars.count - suffix.count)...].elementsEqual(suffix)
    }

    private static func englishStem(_ word: String, length: Int) -> String {
        for ending in ["ing", "ed", "es", "s"] where word.hasSuffix(ending) && length - ending.count >= 4 {
            if ending == "s", word.hasSuffix("ss") { return word }
            return String(word.dropLast(ending.count))
        }
        return word
    }

    private struct Ending {
        let scalars: [Unicode.Scalar]
        let length: Int
        let minimumStem: Int

        init(_ text: String, minimumStem: Int) {
            scalars = Array(text.unicodeScalars)
            length = scalars.count
            self.minimumStem = minimumStem
        }
    }

    private static let reflexiveEndings = [Ending("ся", minimumStem: 4), Ending("сь", minimumStem: 4)]

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
        let adjectives = adjectiveEndings.map { Ending($0, minimumStem: 3) }
        let others = otherEndings.map { Ending($0, minimumStem: 4) }
        return (adjectives + others).sorted { $0.length > $1.length }
    }()
}
