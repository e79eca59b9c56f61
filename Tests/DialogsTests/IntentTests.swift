import Foundation
import Testing

@testable import Dialogs

/// One line of `Fixtures/intent-phrasings.tsv`: the expected intent (`nil` for `none`) and the phrase.
struct IntentPhrasing: Sendable, CustomTestStringConvertible {
    let expected: Intent?
    let phrase: String

    var testDescription: String { "\(expected?.rawValue ?? "none"): \(phrase)" }

    /// The phrasings of the fixture, written independently of `IntentPhrases` so they measure generalisation.
    static let all: [IntentPhrasing] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/intent-phrasings.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { return nil }
            return IntentPhrasing(expected: Intent(rawValue: fields[0]), phrase: fields[1])
        }
    }()

    static var recognizable: [IntentPhrasing] { all.filter { $0.expected != nil } }
    static var chatter: [IntentPhrasing] { all.filter { $0.expected == nil } }
}

@Suite("Intent recognition on the phrasing fixture")
struct IntentTests {
    let recognizer = IntentRecognizer()

    @Test func fixtureIsLargeAndCoversEveryIntent() throws {
        #expect(IntentPhrasing.recognizable.count >= 180)
        #expect(IntentPhrasing.chatter.count >= 15)
        let covered = Set(IntentPhrasing.recognizable.compactMap(\.expected))
        #expect(covered == Set(Intent.allCases))
        let english = IntentPhrasing.recognizable.filter { $0.phrase.unicodeScalars.allSatisfy { $0.isASCII } }
        #expect(Double(english.count) >= 0.08 * Double(IntentPhrasing.recognizable.count))
    }

    @Test func fixtureBarelyOverlapsTheExamplePhrasings() {
        let examples = Set(IntentPhrases.all.flatMap(\.examples).map(TextNormalizer.contentWords))
        let overlapping = IntentPhrasing.recognizable.filter {
            examples.contains(TextNormalizer.contentWords($0.phrase))
        }
        print("Fixture phrases identical to an example phrasing: \(overlapping.count)")
        #expect(overlapping.count <= 3, "\(overlapping.map(\.phrase))")
    }

    @Test func accuracyIsAtLeastNinetyFivePercent() {
        let phrasings = IntentPhrasing.recognizable
        var misses: [String] = []
        for phrasing in phrasings {
            let match = recognizer.recognize(phrasing.phrase)
            guard match?.intent != phrasing.expected || match?.isConfident != true else { continue }
            let options = recognizer.ranked(phrasing.phrase, limit: 3)
                .map { "\($0.intent.rawValue) \(String(format: "%.2f", $0.score))" }.joined(separator: ", ")
            misses.append("  \(phrasing.testDescription)  ->  [\(options)]")
        }
        let accuracy = Double(phrasings.count - misses.count) / Double(max(phrasings.count, 1))
        print(
            "Intent accuracy: \(phrasings.count - misses.count)/\(phrasings.count) = "
                + String(format: "%.1f%%", accuracy * 100))
        if !misses.isEmpty { print("Misses:\n" + misses.joined(separator: "\n")) }
        #expect(accuracy >= 0.95, "misses:\n\(misses.joined(separator: "\n"))")
    }

    @Test(arguments: IntentPhrasing.chatter)
    func chatterIsNotRecognisedConfidently(_ phrasing: IntentPhrasing) {
        let match = recognizer.recognize(phrasing.phrase)
        #expect(match?.isConfident != true, "\(phrasing.phrase) -> \(String(describing: match))")
    }

    @Test func everyIntentHasExamplesAndEveryRulePhraseCanMatch() {
        let model = IntentModel.standard
        for intent in Intent.allCases {
            let examples = model.profiles.filter { $0.intent == intent }.flatMap(\.examples)
            #expect(examples.count >= 5, "\(intent) has \(examples.count) examples")
        }
        #expect(model.emptyRulePhrases.isEmpty)
    }

    @Test func examplePhrasingsRecogniseTheirOwnIntent() {
        for entry in IntentPhrases.all {
            for example in entry.examples {
                #expect(recognizer.recognize(example)?.intent == entry.intent, "\(example)")
            }
        }
    }
}
