/// Words people type that the dialogs recognise as answers (input vocabulary, not text shown to anyone).
/// Compared after `Matching.fold` (lower case, ё→е).
enum InputWords {
    /// "All" in a selection: the page, or with a number everyone waiting.
    static let all: Set<String> = ["все", "всех", "all"]
    static let today: Set<String> = ["сегодня", "today"]
    static let yesterday: Set<String> = ["вчера", "yesterday"]
    static let yes: Set<String> = ["да", "yes", "ага", "конечно"]
    static let no: Set<String> = ["нет", "no", "не"]
    /// The words of `/login` and `/logout` besides the slash commands.
    static let login = ["/login", "войти", "вход", "login"]
    static let logout = ["/logout", "выход", "выйти", "logout"]
    /// The subject of a change-of-director letter.
    static let orderSubject: Set<String> = ["приказ"]
    /// Line labels before an organization's name in a letter.
    static let nameLabels = ["наименование", "название", "полное наименование", "организация"]
    /// Abbreviations that name a school.
    static let schoolAbbreviations: Set<String> = ["мбоу", "маоу", "гбоу", "мкоу", "гоу", "чоу", "моу", "мбу", "сош", "оош"]
    /// Beginnings of the words for a teacher and a student.
    static let teacherStems = ["учител", "педагог", "teacher"]
    static let studentStems = ["учени", "школьни", "student", "pupil"]
}
