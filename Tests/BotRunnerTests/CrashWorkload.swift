import BotCore
import Cabinet
import Dialogs
import Foundation

/// One chat's conversation: what it sends, and the dialog and step each answer must leave it in.
struct CrashScript {
    struct Step {
        var text: String
        var dialog: String
        var step: String
    }

    enum Kind: Equatable {
        /// A director confirming the school's pending teachers one by one, then sending report №1 (an e-mail).
        case director(login: String)
        /// Someone asking for credentials for a new school (a request row), then reading help.
        case credentials(inn: String)
    }

    let chat: String
    let kind: Kind
    let steps: [Step]

    /// Index of the first "confirm" message of a director's script.
    static let firstDecision = 4

    static func director(_ index: Int, teachers: Int) -> CrashScript {
        var steps = [
            Step(text: "/login", dialog: "login", step: "ask_login"),
            Step(text: "dir\(index)", dialog: "login", step: "ask_password"),
            Step(text: "pass-dir-\(index)", dialog: "menu", step: "main"),
            Step(text: "Подтвердить пользователей", dialog: "approvals", step: "list"),
        ]
        for decision in 0..<teachers {
            let step = decision == teachers - 1 ? "empty" : "list"
            steps.append(Step(text: "подтвердить 1", dialog: "approvals", step: step))
        }
        steps.append(Step(text: "Отправить отчёт", dialog: "report", step: "preview"))
        steps.append(Step(text: "Отправить отчёт №1", dialog: "report", step: "sent"))
        return CrashScript(chat: "dir:\(index)", kind: .director(login: "dir\(index)"), steps: steps)
    }

    static func credentials(_ index: Int, helpRounds: Int) -> CrashScript {
        let inn = crashINN(region: "77", index)
        var steps = credentialForm(index, inn: inn, refusingAnINN: false)
        steps.append(Step(text: "Отправлено сегодня", dialog: "menu", step: "main"))
        for _ in 0..<helpRounds {
            steps.append(Step(text: "/menu", dialog: "menu", step: "main"))
            steps.append(Step(text: "/help", dialog: "help", step: "overview"))
            steps.append(Step(text: "Когда придёт логин?", dialog: "help", step: "faq_when_login"))
        }
        return CrashScript(chat: "tg:\(index)", kind: .credentials(inn: inn), steps: steps)
    }

    /// The reference workload's credential request (BENCH.md), with an INN of its own per chat: from `/start` through
    /// a refused INN to the letter.
    static func reference(_ index: Int) -> CrashScript {
        let inn = crashINN(region: "77", index)
        return CrashScript(
            chat: "ref:\(index)", kind: .credentials(inn: inn),
            steps: credentialForm(index, inn: inn, refusingAnINN: true))
    }

    /// The credential request from `/start` to the letter; with `refusingAnINN`, a bad check digit first.
    private static func credentialForm(_ index: Int, inn: String, refusingAnINN: Bool) -> [Step] {
        var steps = [
            Step(text: "/start", dialog: "menu", step: "main"),
            Step(text: "Нет логина и пароля", dialog: "credentials", step: "ask_name"),
            Step(text: "МБОУ СОШ № \(index) г. Казани", dialog: "credentials", step: "ask_inn"),
        ]
        if refusingAnINN { steps.append(Step(text: "1234567890", dialog: "credentials", step: "ask_inn")) }
        steps += [
            Step(text: inn, dialog: "credentials", step: "ask_region"),
            Step(text: "16", dialog: "credentials", step: "ask_email"),
            Step(text: "school\(index)@example.ru", dialog: "credentials", step: "ask_director"),
            Step(text: "Иванов Иван Иванович", dialog: "credentials", step: "ask_phone"),
            Step(text: "Пропустить", dialog: "credentials", step: "summary"),
            Step(text: "Всё верно", dialog: "credentials", step: "letter"),
        ]
        return steps
    }
}

/// A valid 10-digit organization INN: the region, a serial number, the check digit.
func crashINN(region: String, _ serial: Int) -> String {
    let body = region + String(String(serial + 1_000_000).suffix(7))
    let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    let digits = body.compactMap(\.wholeNumberValue)
    let sum = zip(digits, weights).map(*).reduce(0, +)
    return body + String(sum % 11 % 10)
}

/// A teacher's full name, distinct within a school.
func crashTeacherName(school: Int, _ index: Int) -> String {
    let surnames = ["Васильева", "Кузнецова", "Попова", "Смирнова", "Соколова", "Лебедева", "Новикова", "Морозова"]
    let names = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Наталья", "Татьяна", "Светлана"]
    let patronymics = ["Сергеевна", "Петровна", "Ивановна", "Андреевна", "Олеговна"]
    return "\(surnames[(school + index) % surnames.count]) \(names[index % names.count]) "
        + patronymics[school % patronymics.count]
}

/// Creates the schools the directors' scripts need: a confirmed director `dirN` (password `pass-dir-N`) and
/// `teachers` pending teachers each, with passwords hashed at the lowest cost so logging in is quick.
func seedCrashDatabase(path: String, directors: Int, teachers: Int) throws {
    let processor = try SchoolBot.makeProcessor(
        BotConfiguration(databasePath: path, durability: .normal, random: .seeded(11), passwordCost: 1))
    let cabinet = processor.environment.cabinet
    try processor.db.transaction {
        for school in 0..<directors {
            let inn = crashINN(region: "16", school)
            try cabinet.addOrganization(inn: inn, name: "Школа № \(school)", email: "s\(school)@example.ru")
            try cabinet.addAccount(
                NewAccount(
                    role: .director, login: "dir\(school)", organizationINN: inn, fullName: "Директоров Иван Петрович",
                    isConfirmed: true),
                password: "pass-dir-\(school)")
            for index in 0..<teachers {
                try cabinet.addAccount(
                    NewAccount(
                        role: .teacher, login: "t\(school)x\(index)", organizationINN: inn,
                        fullName: crashTeacherName(school: school, index), email: "t\(school)x\(index)@example.ru"),
                    password: "pass-t-\(school)-\(index)")
            }
        }
    }
}

/// The sessions and the row counts of every table a turn may write: equal before and after means a resent message
/// changed nothing.
func turnTablesFingerprint(_ db: Connection) throws -> String {
    var text = try db.query("SELECT chat, state FROM chat_session ORDER BY chat") { "\($0.text(0))=\($0.text(1))" }
        .joined(separator: "\n")
    for table in [
        "turn_log", "push_queue", "decision", "decision_batch", "credential_request", "account", "report",
        "outbox_staged",
    ] {
        text += "\n\(table): \(try db.scalarInt("SELECT count(*) FROM \(table)") ?? -1)"
    }
    return text
}

/// The teachers the director `login` confirmed (not undone), in the order decided, each with its count of decision
/// rows (1 unless a decision was stored twice).
func confirmedDecisions(_ db: Connection, director login: String) throws -> [(name: String, rows: Int)] {
    try db.query(
        """
        SELECT s.full_name, count(*) FROM decision d
        JOIN account s ON s.id = d.subject_id JOIN account a ON a.id = d.actor_id
        WHERE a.login = ? AND d.undone_at IS NULL AND d.verdict = 'confirm'
        GROUP BY s.id, s.full_name ORDER BY min(d.id)
        """, login
    ) { ($0.text(0), $0.int(1)) }
}
