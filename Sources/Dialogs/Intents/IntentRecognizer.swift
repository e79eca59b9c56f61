/// Recognises what a person wants from free text ("нет пароля", "сменился директор", "talk to a human").
///
/// Each intent is scored from two independent signals, both read from data:
/// - the closest of its example phrasings (`IntentPhrases`): words are compared by stem, with typos
///   tolerated in words the model does not know; the overlap is weighted by keyword weights and counted
///   both ways (how much of the example the text covers and how much of the text the example explains),
///   with a small bonus for words found next to each other in the same order;
/// - keyword rules (`IntentRule`) that settle close calls, such as "не пришел" + "логин" for status, or
///   count against an intent ("когда" + "директор" asks for a status, not for a change of director).
///
/// The best intent is confident when its score reaches `threshold` and leads the runner-up by `margin`.
///
/// ```swift
/// let recognizer = IntentRecognizer()
/// recognizer.recognize("Пароль так и не пришёл!")  // status, confident
/// recognizer.ranked("купить слона", limit: 3)     // the closest options, none of them confident
/// ```
public struct IntentRecognizer: Sendable {
    /// The least score a confident match has.
    public let threshold: Double
    /// How far a confident match leads the second-best intent.
    public let margin: Double
    /// Scores below this are not worth offering even as an option.
    public let floor: Double

    private let model: IntentModel

    /// Only this many content words are read: enough for any request, and a pasted letter stays cheap.
    public static let maximumWords = 40

    /// A recogniser of the built-in phrasings.
    public init(threshold: Double = 0.6, margin: Double = 0.1, floor: Double = 0.2) {
        self.init(model: .standard, threshold: threshold, margin: margin, floor: floor)
    }

    init(model: IntentModel, threshold: Double = 0.6, margin: Double = 0.1, floor: Double = 0.2) {
        self.model = model
        self.threshold = threshold
        self.margin = margin
        self.floor = floor
    }

    /// The most likely intent of the text, or `nil` when nothing fits at all.
    ///
    /// A match that is not confident is still returned so the caller can ask back ("Вы про пароль?");
    /// check `isConfident` before acting on it.
    public func recognize(_ text: String) -> IntentMatch? {
        ranked(text, limit: 1).first
    }

    /// Up to `limit` intents closest to the text, best first; only the first can be confident.
    ///
    /// Use it for unknown text to offer the nearest options instead of a dead end. Intents scoring
    /// under `floor` are left out, so the list may be shorter than `limit` or empty.
    public func ranked(_ text: String, limit: Int) -> [IntentMatch] {
        let scores = self.scores(text)
        guard limit > 0, let best = scores.first, best.score >= floor else { return [] }
        let runnerUp = scores.dropFirst().first?.score ?? 0
        let isConfident = best.score >= threshold && best.score - runnerUp >= margin
        return scores.prefix(limit).enumerated().compactMap { offset, entry in
            guard entry.score >= floor else { return nil }
            return IntentMatch(intent: entry.intent, score: entry.score, isConfident: offset == 0 && isConfident)
        }
    }

    /// Every intent with its score, best first; ties keep the order of `Intent.allCases`.
    func scores(_ text: String) -> [(intent: Intent, score: Double)] {
        let input = InputText(Array(model.contentWords(of: text).prefix(Self.maximumWords)), model: model)
        guard !input.words.isEmpty else { return Intent.allCases.map { ($0, 0) } }
        var exampleScores: [Intent: Double] = [:]
        for profile in model.profiles {
            let best = profile.examples.map { input.similarity(to: $0, isSmallTalk: profile.isSmallTalk) }.max() ?? 0
            exampleScores[profile.intent] = max(exampleScores[profile.intent] ?? 0, best)
        }
        var missing: [Intent: Double] = [:]  // the chance that no rule for the intent is right
        var kept: [Intent: Double] = [:]  // what is left after rules against the intent
        for rule in model.rules where input.fires(rule) {
            if rule.weight >= 0 {
                missing[rule.intent, default: 1] *= 1 - rule.weight
            } else {
                kept[rule.intent, default: 1] *= 1 + rule.weight
            }
        }
        let scored = Intent.allCases.enumerated().map { order, intent in
            let example = exampleScores[intent] ?? 0
            let score = (1 - (1 - example) * (missing[intent] ?? 1)) * (kept[intent] ?? 1)
            return (order: order, intent: intent, score: (score * 1000).rounded() / 1000)
        }
        return scored.sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }.map { ($0.intent, $0.score) }
    }
}

/// The words of one input, each compared with the whole lexicon once.
///
/// A class so that the many closures of rule matching share one instance instead of copying its arrays.
private final class InputText {
    let words: [StemmedWord]
    let model: IntentModel
    /// `similarities[i][j]`: how alike input word `i` and lexicon word `j` are.
    let similarities: [[Double]]
    /// How much each input word matters: its keyword weight, less for known plain words, least for unknown.
    let weights: [Double]
    let totalWeight: Double

    static let unknownWeight = 0.3
    static let bigramBonus = 0.05
    static let maximumBigramBonus = 0.1

    init(_ texts: [String], model: IntentModel) {
        words = texts.map(StemmedWord.init)
        self.model = model
        similarities = words.map(model.similarities)
        weights = similarities.map { row in
            var weight = 0.0
            for (index, similarity) in row.enumerated() where similarity >= WordSimilarity.matchThreshold {
                let keyword = model.keywordWeights[index]
                weight = max(weight, keyword > 0 ? keyword : model.plainWeights[index])
            }
            return weight > 0 ? weight : Self.unknownWeight
        }
        totalWeight = weights.reduce(0, +)
    }

    /// The F-measure of the weighted overlap between this text and an example, plus the bigram bonus.
    ///
    /// For small talk the lesser of the two coverages is taken instead: "привет" must explain the text.
    func similarity(to example: IntentModel.Example, isSmallTalk: Bool) -> Double {
        guard totalWeight > 0, example.totalWeight > 0 else { return 0 }
        var covered = 0.0
        var positions: [Int?] = []
        for (word, weight) in zip(example.words, example.weights) {
            var best = 0.0
            var position: Int?
            for row in similarities.indices where similarities[row][word] > best {
                best = similarities[row][word]
                position = row
            }
            let isMatch = best >= WordSimilarity.matchThreshold
            covered += isMatch ? weight * best : 0
            positions.append(isMatch ? position : nil)
        }
        var explained = 0.0
        for (row, weight) in weights.enumerated() {
            let best = example.words.map { similarities[row][$0] }.max() ?? 0
            explained += best >= WordSimilarity.matchThreshold ? weight * best : 0
        }
        let precision = covered / example.totalWeight
        let recall = explained / totalWeight
        guard precision > 0, recall > 0 else { return 0 }
        var bonus = 0.0
        for (first, second) in zip(positions, positions.dropFirst()) {
            if let first, let second, second > first, second - first <= 2 { bonus += Self.bigramBonus }
        }
        let fMeasure = isSmallTalk ? min(precision, recall) : 2 * precision * recall / (precision + recall)
        return example.scale * min(1, fMeasure + min(bonus, Self.maximumBigramBonus))
    }

    /// Whether every group of the rule has a phrase in the text and no cancelling phrase is there.
    func fires(_ rule: IntentModel.Rule) -> Bool {
        rule.allOf.allSatisfy { group in group.contains(where: contains) } && !rule.noneOf.contains(where: contains)
    }

    /// Whether the phrase occurs in order, with at most one other word between its words.
    func contains(_ phrase: [IntentModel.RuleWord]) -> Bool {
        guard let first = phrase.first else { return false }
        return words.indices.contains { start in
            matches(first, at: start) && continues(phrase.dropFirst(), after: start)
        }
    }

    private func continues(_ rest: ArraySlice<IntentModel.RuleWord>, after position: Int) -> Bool {
        guard let next = rest.first else { return true }
        return (position + 1...min(position + 2, words.count)).contains { candidate in
            candidate < words.count && matches(next, at: candidate) && continues(rest.dropFirst(), after: candidate)
        }
    }

    private func matches(_ ruleWord: IntentModel.RuleWord, at position: Int) -> Bool {
        switch ruleWord {
        case .word(let index): similarities[position][index] >= WordSimilarity.matchThreshold
        case .prefix(let prefix):
            words[position].text.hasPrefix(prefix)
                || model.prefixMembers[prefix, default: []].contains {
                    similarities[position][$0] >= WordSimilarity.matchThreshold
                }
        case .exact(let text): words[position].text == text
        }
    }
}
