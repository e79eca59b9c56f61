/// `IntentPhrases` and `IntentRule` compiled for matching: words stemmed and interned, weights resolved.
struct IntentModel: Sendable {
    /// One phrasing as lexicon indices with the weight each word has for the phrasing's intent.
    struct Example: Sendable {
        let words: [Int]
        let weights: [Double]
        let totalWeight: Double
        /// The most this phrasing can score: 1 for written phrasings, less for a lone keyword.
        let scale: Double
    }

    /// The phrasings of one intent.
    struct Profile: Sendable {
        let intent: Intent
        let examples: [Example]
        let isSmallTalk: Bool
    }

    /// A word of a rule phrase.
    enum RuleWord: Sendable, Equatable {
        /// Matches by stem, prefix or typo, like example words (an index into the lexicon).
        case word(Int)
        /// Matches any word starting with the text (`подтвер*`), or a typo of a known word that does.
        case prefix(String)
        /// Matches only this canonical form (`=получить`).
        case exact(String)
    }

    /// A compiled `IntentRule`: each phrase is a sequence of rule words.
    struct Rule: Sendable {
        let intent: Intent
        let weight: Double
        let allOf: [[[RuleWord]]]
        let noneOf: [[RuleWord]]
    }

    /// A keyword of this weight is, on its own, as good as a written phrasing; lighter ones score less.
    static let fullKeywordWeight = 1.2

    /// Every distinct word of the examples, keywords and rules.
    let lexicon: [StemmedWord]
    /// Per lexicon word: how much it matters when it is no keyword.
    ///
    /// Words used by the phrasings of many intents ("кабинет", "куда") tell little and weigh less: `defaultWeight /
    /// √(number of intents)`.
    let plainWeights: [Double]
    /// Per lexicon word: the largest keyword weight any intent gives it, or 0 when it is no keyword.
    let keywordWeights: [Double]
    /// Canonical forms and stems of the lexicon: a text word found here is not treated as a typo.
    let knownTexts: Set<String>
    let knownStems: Set<String>
    let profiles: [Profile]
    let rules: [Rule]
    /// Per prefix of a rule: the lexicon words starting with it (a typo of one of them matches the prefix).
    let prefixMembers: [String: [Int]]
    /// Rule phrases that are nothing but stop words, so can never match: a mistake in the data.
    let emptyRulePhrases: [String]
    /// `IntentPhrases.synonyms` as canonical word sequences, longest first.
    let synonyms: [(from: [String], to: [String])]

    /// The model of the built-in phrasings and rules, compiled once.
    static let standard = IntentModel(phrases: IntentPhrases.all, rules: IntentRule.all)

    init(phrases: [IntentPhrases], rules: [IntentRule], synonyms: [String: String] = IntentPhrases.synonyms) {
        let expansions = synonyms.map { (from: TextNormalizer.words($0.key), to: TextNormalizer.words($0.value)) }
            .filter { !$0.from.isEmpty }
            .sorted { lhs, rhs in
                lhs.from.count != rhs.from.count
                    ? lhs.from.count > rhs.from.count : lhs.from.lexicographicallyPrecedes(rhs.from)
            }
        self.synonyms = expansions
        var builder = LexiconBuilder()

        // Phrasings and keywords, stemmed.
        let keywordsByIntent: [[(word: StemmedWord, weight: Double)]] = phrases.map { entry in
            entry.keywords.sorted { $0.key < $1.key }.flatMap { key, weight in
                TextNormalizer.words(key).map { (StemmedWord($0), weight) }
            }
        }
        let examplesByIntent = phrases.map { entry in
            entry.examples.map { Self.contentWords(of: $0, synonyms: expansions).map(StemmedWord.init) }
                .filter { !$0.isEmpty }
        }

        // Plain (non-keyword) weights: how many intents use each stem in their phrasings.
        var intentsByStem: [String: Set<Intent>] = [:]
        for (entry, examples) in zip(phrases, examplesByIntent) {
            for word in examples.joined() { intentsByStem[word.stem, default: []].insert(entry.intent) }
        }
        func plainWeight(_ word: StemmedWord) -> Double {
            IntentPhrases.defaultWeight / Double(max(intentsByStem[word.stem]?.count ?? 1, 1)).squareRoot()
        }

        // Written phrasings, plus every keyword as a one-word phrasing as strong as its weight.
        profiles = phrases.indices.map { position in
            let keywords = keywordsByIntent[position]
            func weight(_ word: StemmedWord) -> Double {
                keywords.filter { WordSimilarity.similarity(word, $0.word) >= 0.9 }.map(\.weight).max()
                    ?? plainWeight(word)
            }
            let written = examplesByIntent[position].map { words in
                let weights = words.map(weight)
                return Example(
                    words: words.map { builder.index(of: $0) }, weights: weights, totalWeight: weights.reduce(0, +),
                    scale: 1)
            }
            let keywordPhrasings = keywords.map { keyword in
                Example(
                    words: [builder.index(of: keyword.word)], weights: [keyword.weight], totalWeight: keyword.weight,
                    scale: min(1, keyword.weight / Self.fullKeywordWeight))
            }
            let entry = phrases[position]
            return Profile(intent: entry.intent, examples: written + keywordPhrasings, isSmallTalk: entry.isSmallTalk)
        }

        // Rules: phrases become sequences of lexicon words, prefixes and exact forms.
        var emptyPhrases: [String] = []
        func compile(_ phrase: String) -> [RuleWord] {
            let words = phrase.split(separator: " ").compactMap { raw -> RuleWord? in
                let raw = String(raw)
                if raw.hasSuffix("*") {
                    return TextNormalizer.words(String(raw.dropLast())).first.map(RuleWord.prefix)
                }
                if raw.hasPrefix("="), let word = TextNormalizer.words(String(raw.dropFirst())).first {
                    builder.index(of: StemmedWord(word))  // a known word, never read as a typo of another
                    return .exact(word)
                }
                guard let word = TextNormalizer.words(raw).first, !TextNormalizer.isStopWord(word) else { return nil }
                return .word(builder.index(of: StemmedWord(word)))
            }
            if words.isEmpty { emptyPhrases.append(phrase) }
            return words
        }
        self.rules = rules.map { rule in
            Rule(
                intent: rule.intent, weight: rule.weight,
                allOf: rule.allOf.map { $0.map(compile) }, noneOf: rule.noneOf.map(compile))
        }
        emptyRulePhrases = emptyPhrases

        // The lexicon and what each of its words weighs.
        let words = builder.words
        lexicon = words
        knownTexts = Set(words.map(\.text))
        knownStems = Set(words.map(\.stem))
        plainWeights = words.map(plainWeight)
        // A word is 0.9 alike only to a keyword of the same stem or one sharing a stem prefix of 4+ letters, so
        // only the keywords whose stems begin with the same three letters need comparing.
        func bucket(_ word: StemmedWord) -> [Unicode.Scalar] { Array(word.stemScalars.prefix(3)) }
        let keywordsByBucket = Dictionary(grouping: keywordsByIntent.joined(), by: { bucket($0.word) })
        keywordWeights = words.map { word in
            (keywordsByBucket[bucket(word)] ?? []).filter { WordSimilarity.similarity(word, $0.word) >= 0.9 }
                .map(\.weight).max() ?? 0
        }
        var members: [String: [Int]] = [:]
        let ruleWords = self.rules.flatMap { Array($0.allOf.joined().joined()) + Array($0.noneOf.joined()) }
        for case .prefix(let prefix) in ruleWords where members[prefix] == nil {
            let start = Array(prefix.unicodeScalars)
            members[prefix] = words.indices.filter { words[$0].textScalars.starts(with: start) }
        }
        prefixMembers = members
    }

    /// The canonical words of a text with synonyms expanded and stop words removed.
    func contentWords(of text: String) -> [String] {
        Self.contentWords(of: text, synonyms: synonyms)
    }

    private static func contentWords(of text: String, synonyms: [(from: [String], to: [String])]) -> [String] {
        let words = TextNormalizer.words(text)
        var expanded: [String] = []
        var position = 0
        while position < words.count {
            let rest = words[position...]
            if let synonym = synonyms.first(where: { rest.starts(with: $0.from) }) {
                expanded += synonym.to
                position += synonym.from.count
            } else {
                expanded.append(words[position])
                position += 1
            }
        }
        return expanded.filter { !TextNormalizer.isStopWord($0) }
    }

    /// How alike an input word is to every lexicon word, 0...1.
    ///
    /// A word the model does not know may be a typo: it then also matches (at 0.8) the known words that
    /// are the nearest typos of it, and only those, so "вайти" is "войти" and not "выйти".
    func similarities(of word: StemmedWord) -> [Double] {
        var row = lexicon.map { WordSimilarity.similarity(word, $0) }
        guard !isKnown(word) else { return row }
        var nearest: [Int] = []
        var nearestCost = Int.max
        for index in lexicon.indices where row[index] < WordSimilarity.matchThreshold {
            guard let cost = WordSimilarity.typoCost(word, lexicon[index]), cost <= nearestCost else { continue }
            if cost < nearestCost { nearest.removeAll() }
            nearest.append(index)
            nearestCost = cost
        }
        for index in nearest { row[index] = WordSimilarity.matchThreshold }
        return row
    }

    /// Whether a canonical word is part of the model's vocabulary (so a near miss is another word, not a typo).
    func isKnown(_ word: StemmedWord) -> Bool {
        knownTexts.contains(word.text) || knownStems.contains(word.stem)
    }
}

/// Interns words so that every distinct word is compared with the input once per recognition.
private struct LexiconBuilder {
    private(set) var words: [StemmedWord] = []
    private var indices: [StemmedWord: Int] = [:]

    @discardableResult
    mutating func index(of word: StemmedWord) -> Int {
        if let index = indices[word] { return index }
        words.append(word)
        indices[word] = words.count - 1
        return words.count - 1
    }
}
