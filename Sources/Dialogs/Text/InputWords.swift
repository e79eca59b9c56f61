/// Words people type that the dialogs recognise as answers (input vocabulary, not text shown to anyone).
///
/// Compared after `Matching.fold` (lower case, ё→е).
enum InputWords {
    /// "All" in a selection: the page, or with a number everyone waiting.
    static let all: Set<String> = ["все", "всех", "all"]
    static let today: Set<String> = ["сегодня", "today"]
    static let yesterday: Set<String> = ["вчера", "yesterday"]
    static let yes: Set<String> = ["да", "yes", "ага", "конечно"]
    static let no: Set<String> = ["нет", "no", "не"]
    /// "It has been sent", typed instead of pressing "sent today".
    static let sent: Set<String> = [
        "отправил", "отправила", "отправили", "отправлено", "отправлены", "отправлено сегодня", "отправил сегодня",
        "отправила сегодня", "уже отправил", "уже отправила", "sent", "sent today", "done",
    ]

    /// Whether folded text says the letter has been sent today: a yes or a "sent".
    static func saysSent(_ folded: String) -> Bool {
        yes.contains(folded) || sent.contains(folded)
    }
    /// The words of `/login` and `/logout` besides the slash commands.
    static let login = ["/login", "войти", "вход", "login"]
    static let logout = ["/logout", "выход", "выйти", "logout"]
    /// Ways of asking for a human, recognised at every step of every dialog (exact phrases, after folding).
    static let humanRequests: Set<String> = [
        "оператор", "позовите оператора", "позвать оператора", "позови оператора", "нужен оператор",
        "соедините с оператором", "хочу поговорить с человеком", "живой человек", "позовите человека",
        "позовите специалиста", "свяжите с поддержкой", "связаться с поддержкой", "нужна помощь человека",
        "operator", "human", "talk to a human", "call an operator", "i want a human", "contact support",
    ]

    /// Whether folded text, its letters and single spaces only, is a request for a human (run on every
    /// message, so over scalars, and given up as soon as it is longer than every phrase or its first letter
    /// begins none).
    static func asksForHuman(_ folded: String) -> Bool {
        var letters: [Unicode.Scalar] = []
        for scalar in folded.unicodeScalars {
            if scalar == " " {
                guard let last = letters.last, last != " " else { continue }
            } else if isAlphabetic(scalar) {
                // No phrase begins with a letter that decomposes, so a text can equal one only if it begins
                // with the same scalar.
                if letters.isEmpty, !humanRequestInitials.contains(scalar) { return false }
            } else {
                continue
            }
            letters.append(scalar)
            if letters.count > longestHumanRequest + 1 { return false }
        }
        if letters.last == " " { letters.removeLast() }
        return humanRequests.contains(String(String.UnicodeScalarView(letters)))
    }

    /// `properties.isAlphabetic`, without the property look-up for ASCII and the Russian alphabet.
    private static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x0401, 0x0410...0x044F, 0x0451: true
        case 0..<0x80: false
        default: scalar.properties.isAlphabetic
        }
    }

    private static let humanRequestInitials = Array(Set(humanRequests.compactMap(\.unicodeScalars.first)))

    /// Whether folded text names support or a person to talk to ("поддержка", "оператор", "human"): a request
    /// to be put through, not a question of its own.
    static func mentionsSupport(_ folded: String) -> Bool {
        supportWords.contains { folded.contains($0) }
    }

    private static let supportWords = [
        "поддержк", "оператор", "человек", "специалист", "сотрудник", "консультант", "менеджер", "support", "operator",
        "human", "agent", "person",
    ]

    private static let longestHumanRequest = humanRequests.map(\.unicodeScalars.count).max() ?? 0

    /// The subject of a change-of-director letter.
    static let orderSubject: Set<String> = ["приказ"]
    /// Line labels before an organization's name in a letter.
    static let nameLabels = ["наименование", "название", "полное наименование", "организация"]
    /// Abbreviations that name a school.
    static let schoolAbbreviations: Set<String> = [
        "мбоу", "маоу", "гбоу", "мкоу", "гоу", "чоу", "моу", "мбу", "сош", "оош",
    ]
    /// Beginnings of the words for a teacher and a student.
    static let teacherStems = ["учител", "педагог", "teacher"]
    static let studentStems = ["учени", "школьни", "student", "pupil"]
}
