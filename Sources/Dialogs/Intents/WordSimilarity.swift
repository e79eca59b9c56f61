/// A canonical word together with its stem, the unit the recogniser compares.
struct StemmedWord: Hashable, Sendable {
    /// The canonical word ("паролем").
    let text: String
    /// Its stem ("парол").
    let stem: String
    /// The letters of `text` and `stem`, kept for fast comparison.
    let textScalars: [Unicode.Scalar]
    let stemScalars: [Unicode.Scalar]

    /// Stems a canonical word.
    init(_ text: String) {
        self.text = text
        self.stem = LightStemmer.stem(text)
        self.textScalars = Array(text.unicodeScalars)
        self.stemScalars = Array(stem.unicodeScalars)
    }

    static func == (lhs: StemmedWord, rhs: StemmedWord) -> Bool { lhs.text == rhs.text }

    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// How alike two words are, for matching free text against known phrasings.
enum WordSimilarity {
    /// A similarity at or above this counts as "the same word".
    static let matchThreshold = 0.8

    /// Similarity from 0 to 1 without typos: 1 for the same stem, 0.9 when one is a prefix of the other
    /// ("учител" and "учительниц"), 0.8 for a long common beginning ("подтверд" and "подтвержден").
    static func similarity(_ a: StemmedWord, _ b: StemmedWord) -> Double {
        if a.stemScalars == b.stemScalars || a.textScalars == b.textScalars { return 1 }
        let (short, long) = a.stemScalars.count <= b.stemScalars.count ? (a, b) : (b, a)
        let shortLength = short.stemScalars.count
        let common = commonPrefixLength(a.stemScalars, b.stemScalars)
        if common == shortLength,
            shortLength >= 5 || (shortLength >= 4 && long.textScalars.starts(with: short.textScalars))
        {
            return 0.9
        }
        if common >= 5, Double(common) >= 0.8 * Double(shortLength) {
            return 0.8
        }
        return 0
    }

    /// How many edits a word of these lengths may carry and still count as a typo: none for short words,
    /// one when both have 4+ letters and one has 5+, two when both have 9+.
    static func typoLimit(_ lengthA: Int, _ lengthB: Int) -> Int {
        let shorter = min(lengthA, lengthB)
        let longer = max(lengthA, lengthB)
        if shorter >= 9 { return 2 }
        if shorter >= 4, longer >= 5 { return 1 }
        return 0
    }

    /// The cost of reading one word as a typo of the other, in half edits, or `nil` beyond `typoLimit`.
    ///
    /// Swapping letters that Russian spelling confuses (unstressed "а"/"о", "е"/"и", "ь"/"ъ" ...) costs
    /// half an edit, so "вайти" is nearer to "войти" than to "выйти". Words and stems are both compared.
    static func typoCost(_ a: StemmedWord, _ b: StemmedWord) -> Int? {
        let byText = typoCost(a.textScalars, b.textScalars)
        let byStem = typoCost(a.stemScalars, b.stemScalars)
        guard let byText else { return byStem }
        guard let byStem else { return byText }
        return min(byText, byStem)
    }

    /// Whether one word is a typo of the other within `typoLimit`.
    static func isTypo(_ a: String, _ b: String) -> Bool {
        typoCost(Array(a.unicodeScalars), Array(b.unicodeScalars)) != nil
    }

    /// The optimal-string-alignment Damerau-Levenshtein distance: insertions, deletions, substitutions and
    /// transpositions of adjacent letters each cost one.
    static func damerauLevenshtein<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        editCost(a, b, limit: .max) { _, _ in 2 } / 2
    }

    private static func typoCost(_ left: [Unicode.Scalar], _ right: [Unicode.Scalar]) -> Int? {
        let limit = 2 * typoLimit(left.count, right.count)
        guard limit > 0, 2 * abs(left.count - right.count) <= limit else { return nil }
        let cost = editCost(left, right, limit: limit) { x, y in isConfusable(x, y) ? 1 : 2 }
        return cost <= limit ? cost : nil
    }

    /// Whether a hurried writer easily puts one letter for the other.
    private static func isConfusable(_ x: Unicode.Scalar, _ y: Unicode.Scalar) -> Bool {
        confusable.contains { ($0.0 == x && $0.1 == y) || ($0.0 == y && $0.1 == x) }
    }

    private static let confusable: [(Unicode.Scalar, Unicode.Scalar)] = [
        ("а", "о"), ("е", "и"), ("е", "я"), ("и", "ы"), ("е", "э"), ("ь", "ъ"), ("ш", "щ"), ("a", "e"),
    ]

    /// Optimal-string-alignment distance in half edits: insertion, deletion and transposition cost 2,
    /// a substitution costs what `substitution` says.
    ///
    /// Stops early (returning more than `limit`) once every alignment costs more than `limit`.
    private static func editCost<Element: Equatable>(
        _ a: [Element], _ b: [Element], limit: Int, substitution: (Element, Element) -> Int
    ) -> Int {
        if a.isEmpty { return 2 * b.count }
        if b.isEmpty { return 2 * a.count }
        let width = b.count + 1
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = (0...b.count).map { 2 * $0 }
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = 2 * i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : substitution(a[i - 1], b[j - 1])
                var best = min(previous[j] + 2, current[j - 1] + 2, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, previousPrevious[j - 2] + 2)
                }
                current[j] = best
                rowMinimum = min(rowMinimum, best)
            }
            // A transposition reaches back two rows, so stop only when both rows are past the limit.
            if rowMinimum > limit, (previous.min() ?? 0) > limit { return rowMinimum }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    private static func commonPrefixLength(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var count = 0
        while count < a.count, count < b.count, a[count] == b[count] { count += 1 }
        return count
    }
}
