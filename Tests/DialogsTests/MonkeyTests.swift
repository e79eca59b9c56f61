import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

/// Random walks through every dialog: people in several chats press the buttons they were shown, type the
/// global commands, hostile or half-valid answers and free-text requests, in any order.
///
/// Whatever they do, each message gets one turn with text in a known dialog and step, never an error, never a catalog
/// key instead of text, and the database stays consistent. `BOT_MONKEY_SEED` repeats a walk; `BOT_LONG_TESTS=1` walks
/// longer.
@Suite struct MonkeyTests {
    private static let commands = [
        "/back", "/cancel", "/help", "/menu", "/start", "назад", "отмена", "помощь", "меню", "/lang en", "/lang ru",
        "/login", "/logout",
    ]
    private static let answers = [
        "' OR '1'='1", "'; DROP TABLE account; --", "", " ", "0", "-1", "99999999999999999999", "1 3 5-8", "все",
        "все 15", "все 3", "подтвердить 1", "отклонить 2", "1", "2", "11", "7707083893", "1655012344", "1234567890",
        "500100732259", "school1@example.ru", "не почта", "Иванов Иван Иванович", "И.И. Иванов", "+79001234567",
        "16", "Татарстан", "01.05.2026", "31.02.2026", "сегодня", "вчера", "да", "нет", "Согласен", "5А", "12Я",
        "director", "demo-director", "teacher", "demo-teacher", "new.teacher", "secret-pass-1", "МБОУ СОШ № 1",
        String(repeating: "😀", count: 1_024), "\u{202E}ИНН", "е\u{0308}ж", String(repeating: "я", count: 4_096),
    ]
    private static let requests = [
        "нет пароля", "сменился директор", "отчет", "позовите оператора", "статус заявки", "как подтвердить учеников",
        "хочу зарегистрироваться", "спасибо", "привет", "когда придет логин", "выйти", "абракадабра",
    ]
    private static let logins = [
        ("director", "demo-director"), ("teacher", "demo-teacher"), ("newdirector", "demo-newdirector"),
        ("agent", "demo-agent"),
    ]

    @Test func randomWalksThroughEveryDialogNeverFail() throws {
        let seed =
            ProcessInfo.processInfo.environment["BOT_MONKEY_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...1 << 40)
        var random = RandomSource.seeded(seed)
        let bot = try BotHarness()
        try bot.seedDemo()
        let keyPattern = try NSRegularExpression(pattern: #"^[a-z_]+(\.[a-z_0-9]+)+$"#)
        let chats = (0..<8).map { "monkey:\($0)" }
        var lastButtons: [String: [String]] = [:]
        var lastStep: [String: String] = [:]
        var lastPlace: [String: String] = [:]
        // Each chat is one person: a director, a teacher, an unconfirmed director, an agent, or a guest who
        // may log in as any of them. Asked for a login or a password, a person mostly gives the right one.
        func person(_ chat: String) -> (login: String, password: String) {
            let index = chats.firstIndex(of: chat)!
            return Self.logins[index % Self.logins.count]
        }
        let steps = ProcessInfo.processInfo.environment["BOT_LONG_TESTS"] == "1" ? 6_000 : 1_200
        var dialogs: Set<String> = []
        var problems: [String] = []
        for step in 0..<steps {
            let chat = chats[Int.random(in: 0..<chats.count, using: &random)]
            let shown = lastButtons[chat] ?? []
            let text: String
            let roll = Int.random(in: 0..<100, using: &random)
            switch roll {
            case 0..<70 where lastStep[chat] == "ask_login": text = person(chat).login
            case 0..<70 where lastStep[chat] == "ask_password": text = person(chat).password
            case 0..<55 where !shown.isEmpty: text = shown[Int.random(in: 0..<shown.count, using: &random)]
            case 0..<70: text = Self.commands[Int.random(in: 0..<Self.commands.count, using: &random)]
            case 70..<88: text = Self.answers[Int.random(in: 0..<Self.answers.count, using: &random)]
            default: text = Self.requests[Int.random(in: 0..<Self.requests.count, using: &random)]
            }
            let turn = bot.send(text, chat: chat)
            let said = "step \(step), \(chat), \(text.prefix(40).debugDescription)"
            guard turn.type == "turn" else {
                problems.append("\(said): \(turn.type) \(turn.code ?? "") \(turn.message ?? "")")
                continue
            }
            if !SchoolBot.dialogIDs.contains(turn.dialog ?? "") || (turn.step ?? "").isEmpty {
                problems.append("\(said): dialog \(turn.dialog ?? "-") step \(turn.step ?? "-")")
            }
            for message in turn.messages {
                let range = NSRange(message.text.startIndex..., in: message.text)
                if message.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                    || keyPattern.firstMatch(in: message.text, range: range) != nil
                    || message.text.contains("{") && message.text.contains("}") && !text.contains("{")
                {
                    problems.append("\(said): a message reads \(message.text.prefix(80).debugDescription)")
                }
            }
            // Still at a step that showed buttons: a messenger drops its keyboard under a reply without any.
            let here = "\(turn.dialog ?? "")/\(turn.step ?? "")"
            if !(lastButtons[chat] ?? []).isEmpty, lastPlace[chat] == here, turn.messages.last?.buttons == nil {
                problems.append("\(said): no buttons left at \(here)")
            }
            lastPlace[chat] = here
            dialogs.insert(turn.dialog ?? "")
            lastButtons[chat] = turn.buttons
            lastStep[chat] = turn.step
        }
        #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(10).joined(separator: "\n"))")
        #expect(try bot.processor.db.scalarText("PRAGMA integrity_check") == "ok")
        #expect(try bot.processor.db.query("PRAGMA foreign_key_check") { $0.text(0) }.isEmpty)
        print(
            "monkey: \(steps) random messages in \(chats.count) chats (seed \(seed)) reached \(dialogs.count) dialogs: "
                + dialogs.sorted().joined(separator: ", "))
        #expect(dialogs.count >= 10, "seed \(seed): the walk reached only \(dialogs.sorted())")
    }
}
