import Testing

@testable import Dialogs

@Suite("Text normalisation, stemming and typo tolerance")
struct IntentTextTests {
    @Test func normalisationLowersCaseFoldsYoAndCollapsesSpaces() {
        #expect(TextNormalizer.normalize("  Логин   так и НЕ пришёл ") == "логин так и не пришел")
        #expect(TextNormalizer.normalize("ЁЛКИ ёлки") == "елки елки")
    }

    @Test func normalisationStripsPunctuationAndEmoji() {
        #expect(TextNormalizer.normalize("Пароль?!... 😡👍🏻 (срочно)") == "пароль срочно")
        #expect(TextNormalizer.normalize("«Приказ» — e-mail: help@educont.ru") == "приказ e mail help educont ru")
        #expect(TextNormalizer.normalize("don't") == "dont")
        #expect(TextNormalizer.normalize("🙂🙂🙂").isEmpty)
        #expect(TextNormalizer.normalize("7б класс, 2+2") == "7б класс 2 2")
    }

    @Test func normalisationFoldsLatinLookAlikesInCyrillicWords() {
        // "пapoль" with Latin a, p, o; "OТЧЕТ" with a Latin O; "Пpивет" with a Latin p.
        #expect(TextNormalizer.normalize("пapoль") == "пароль")
        #expect(TextNormalizer.normalize("OТЧЕТ") == "отчет")
        #expect(TextNormalizer.normalize("Пpивет, HELP") == "привет help")
    }

    @Test func stopWordsAreDroppedButNegationsStay() {
        #expect(TextNormalizer.contentWords("у нас нет пароля") == ["нет", "пароля"])
        #expect(TextNormalizer.contentWords("логин так и не пришел") == ["логин", "не", "пришел"])
        #expect(TextNormalizer.contentWords("I have no password") == ["have", "no", "password"])
    }

    @Test(arguments: [
        ("пароль", "парол"), ("пароля", "парол"), ("паролем", "парол"), ("паролей", "парол"),
        ("учитель", "учител"), ("учителей", "учител"), ("учителями", "учител"), ("ученики", "ученик"),
        ("учеников", "ученик"), ("директора", "директор"), ("директором", "директор"), ("отчет", "отчет"),
        ("отчеты", "отчет"), ("отчетов", "отчет"), ("новый", "нов"), ("нового", "нов"), ("новая", "нов"),
        ("подтвердить", "подтверд"), ("подтвердите", "подтверд"), ("сменился", "смен"), ("смена", "смен"),
        ("сменить", "смен"), ("получили", "получ"), ("получить", "получ"), ("нет", "нет"), ("меню", "меню"),
        ("авторизуйте", "авториз"), ("teachers", "teacher"), ("passwords", "password"), ("access", "access"),
    ])
    func stemmerStripsOneEnding(_ word: String, _ stem: String) {
        #expect(LightStemmer.stem(word) == stem)
    }

    @Test func damerauLevenshteinCountsTranspositionsAsOneEdit() {
        func distance(_ a: String, _ b: String) -> Int {
            WordSimilarity.damerauLevenshtein(Array(a.unicodeScalars), Array(b.unicodeScalars))
        }
        #expect(distance("пароль", "пароль") == 0)
        #expect(distance("пароль", "пороль") == 1)
        #expect(distance("пароль", "парольь") == 1)
        #expect(distance("пароль", "апроль") == 1)
        #expect(distance("логин", "лгоин") == 1)
        #expect(distance("", "abc") == 3)
        #expect(distance("директор", "дирекотр") == 1)
    }

    @Test func typosAreToleratedOnlyInLongerWords() {
        #expect(WordSimilarity.isTypo("пороль", "пароль"))
        #expect(WordSimilarity.isTypo("зарегестрироваться", "зарегистрироваться"))
        #expect(WordSimilarity.isTypo("подтвердитъ", "подтвердить"))
        #expect(WordSimilarity.isTypo("подвтердить", "подтвердить"))
        #expect(WordSimilarity.isTypo("падтвирдить", "подтвердить"))  // two edits in a 11-letter word
        #expect(!WordSimilarity.isTypo("пароль", "парасоль"))  // two edits in a 6-letter word
        #expect(!WordSimilarity.isTypo("кот", "код"))  // short words must be exact
        #expect(!WordSimilarity.isTypo("нет", "не"))
    }

    @Test func typoPhrasesAreRecognised() {
        let recognizer = IntentRecognizer()
        let cases: [(String, Intent)] = [
            ("нет пороля", .credentials), ("сменилсо деректор", .directorChange),
            ("как подтвердитъ учиников", .approvals), ("оператр", .support), ("атчет", .report),
        ]
        for (phrase, intent) in cases {
            let match = recognizer.recognize(phrase)
            #expect(match?.intent == intent && match?.isConfident == true, "\(phrase) -> \(String(describing: match))")
        }
    }

    @Test func knownWordsAreNotTakenForTyposOfOtherWords() {
        // "выйти" and "войти" are one letter apart, as are "ответ" and "отчет"; both are real words.
        let recognizer = IntentRecognizer()
        #expect(recognizer.recognize("выйти")?.intent == .logout)
        #expect(recognizer.recognize("войти")?.intent == .login)
        #expect(recognizer.recognize("отчет")?.intent == .report)
    }

    @Test func rankedOffersTheClosestOptionsForUnclearText() {
        let recognizer = IntentRecognizer()
        // "директор" alone: confirming the director or reporting a new one?
        let options = recognizer.ranked("директор", limit: 3)
        #expect(options.count >= 2)
        #expect(Set(options.prefix(2).map(\.intent)) == [.director, .directorChange])
        #expect(options.allSatisfy { !$0.isConfident })
        #expect(zip(options, options.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(recognizer.ranked("купить слона", limit: 3).allSatisfy { !$0.isConfident })
        #expect(recognizer.ranked("12345", limit: 3).isEmpty)
        #expect(recognizer.ranked("отчет", limit: 0).isEmpty)
    }

    /// Odd input is no intent and no crash; a very long text is read by its first `maximumWords` words, so its
    /// cost is bounded by construction (speed itself is the benchmarks' and the fuzzers' business).
    @Test func oddInputIsNoIntentAndLongInputIsReadByItsFirstWords() {
        let recognizer = IntentRecognizer()
        let odd = [
            "\u{0}\u{200B}\u{200D}\u{FEFF}", "й\u{0306}\u{0306}", "שלום עולם مرحبا", "𝕡𝕒𝕤𝕤𝕨𝕠𝕣𝕕", "👩‍👩‍👧‍👦🇷🇺",
            String(repeating: "ы", count: 10_000),
        ]
        for text in odd {
            #expect(recognizer.recognize(text)?.isConfident != true, "\(text.prefix(20))")
        }
        let long = String(repeating: "нет пароля ", count: 2_000)
        #expect(recognizer.recognize(long)?.intent == .credentials)
        let first = (0..<IntentRecognizer.maximumWords).map { _ in "отчет" }.joined(separator: " ")
        #expect(
            recognizer.scores(first + " " + long).map(\.score) == recognizer.scores(first).map(\.score),
            "words past the first \(IntentRecognizer.maximumWords) are not read")
    }

    @Test func scoresStayWithinZeroAndOne() {
        let recognizer = IntentRecognizer()
        let texts = [
            "", "   ", "отчет отчет отчет отчет", "нет пароля нет логина нет доступа",
            String(repeating: "а", count: 500),
        ]
        for text in texts {
            for match in recognizer.ranked(text, limit: Intent.allCases.count) {
                #expect((0...1).contains(match.score))
            }
        }
    }
}
