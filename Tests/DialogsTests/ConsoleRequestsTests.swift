import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

/// The browser console's requests on the whole assistant: the same Cabinet rules, pushes and mail as the chat
/// console, its login under the chat login's policy, and nothing for anyone but a confirmed agent.
struct ConsoleRequestsTests {
    let bot: BotHarness
    let console = "webagent:0123456789abcdef0123456789abcdef"

    init() throws {
        bot = try BotHarness(now: "2026-05-12T10:00:00+03:00")
        try bot.seedDemo()
    }

    private func logInAgent() {
        let answer = bot.request("console.login", chat: console, ["login": "agent", "password": "demo-agent"])
        #expect(answer.ok, "\(answer)")
    }

    /// The director of school 1 asks for a human in the chat: ticket №1.
    private func directorAsksForHelp(_ question: String = "Не могу найти, как отклонить ученика") {
        bot.send("/login", chat: "director")
        bot.send("director", chat: "director")
        bot.send("demo-director", chat: "director")
        bot.send("позовите оператора", chat: "director")
        bot.send(question, chat: "director")
    }

    @Test func nobodyButALoggedInConfirmedAgentGetsTheQueue() throws {
        #expect(bot.request("console.queue", chat: console).failure == "unauthenticated")
        let wrong = bot.request("console.login", chat: console, ["login": "agent", "password": "nope"])
        #expect(wrong.failure == "unauthenticated")
        #expect(wrong.message == "Неверный логин или пароль.")
        let director = bot.request(
            "console.login", chat: console, ["login": "director", "password": "demo-director"])
        #expect(director.failure == "unauthenticated")
        #expect(director.message == "Консоль поддержки доступна только специалистам поддержки.")
        #expect(bot.request("console.queue", chat: console).failure == "unauthenticated")
        // A chat logged in as a director in the chat's own way is refused too.
        let directorChat = "webagent:ffffffffffffffffffffffffffffffff"
        bot.send("/login", chat: directorChat)
        bot.send("director", chat: directorChat)
        bot.send("demo-director", chat: directorChat)
        #expect(bot.request("console.queue", chat: directorChat).failure == "forbidden")
        logInAgent()
        #expect(bot.request("console.queue", chat: console).ok)
        let session = bot.request("console.session", chat: console)
        #expect(session.data["agent"]?.object?["login"] == .string("agent"))
        #expect(bot.request("console.logout", chat: console).ok)
        #expect(bot.request("console.queue", chat: console).failure == "unauthenticated")
    }

    @Test func theConsoleLoginLocksAfterFiveFailuresLikeTheChatsLogin() throws {
        for _ in 0..<5 {
            _ = bot.request("console.login", chat: console, ["login": "agent", "password": "wrong"])
        }
        let locked = bot.request("console.login", chat: console, ["login": "agent", "password": "demo-agent"])
        #expect(locked.failure == "unauthenticated")
        #expect(locked.message?.contains("15") == true || locked.message?.contains("заблок") == true, "\(locked)")
    }

    @Test func anAgentTakesAnswersAndClosesADirectorsTicketAndTheDirectorHearsEachStep() throws {
        directorAsksForHelp("Не приходит письмо <b>с паролем</b>")
        logInAgent()
        let queue = bot.request("console.queue", chat: console)
        let rows = queue.data["tickets"]?.array ?? []
        let row = try #require(rows.first?.object)
        #expect(row["id"] == .number("1"))
        #expect(row["preview"] == .string("Не приходит письмо <b>с паролем</b>"))
        #expect(row["organization"]?.object?["inn"] == .string("7707083893"))
        #expect(row["from"] == .string("d***r"))
        #expect(row["age"] == .string("0 мин"))
        let ticket = bot.request("console.tickets", chat: console, ["id": "1"])
        #expect(ticket.data["actions"]?.array?.contains(.string("take")) == true)
        #expect(ticket.data["ticket"]?.object?["context"]?.object?["dialog"] != nil)
        #expect((ticket.data["suggestions"]?.array?.count ?? 0) >= 4)
        let take = bot.request("console.take", chat: console, ["id": "1"])
        #expect(take.data["message"] == .string("Обращение №1 теперь ваше."))
        #expect(bot.lastPushes.first { $0.chat == "director" }?.text.contains("взял ваше обращение №1") == true)
        let empty = bot.request("console.answer", chat: console, ["id": "1", "text": "  "])
        #expect(empty.failure == "invalid" && empty.field == "text")
        let answer = bot.request("console.answer", chat: console, ["id": "1", "text": "Проверьте папку «Спам»."])
        #expect(answer.ok)
        #expect(bot.lastPushes.first { $0.chat == "director" }?.text.contains("Проверьте папку «Спам».") == true)
        let short = bot.request("console.close", chat: console, ["id": "1", "resolution": "x"])
        #expect(short.failure == "invalid" && short.field == "resolution")
        #expect(bot.request("console.close", chat: console, ["id": "1", "resolution": "Письмо нашлось"]).ok)
        #expect(bot.lastPushes.first { $0.chat == "director" }?.text.contains("Письмо нашлось") == true)
        #expect(bot.request("console.queue", chat: console).data["tickets"]?.array?.isEmpty == true)
        #expect(bot.request("console.tickets", chat: console, ["id": "99"]).failure == "not_found")
    }

    @Test func registeringAnOrganizationMailsTheCredentialsOnlyToItsOfficialAddress() throws {
        logInAgent()
        let bad = bot.request(
            "console.register", chat: console,
            ["inn": "1234567890", "name": "МБОУ СОШ № 5", "email": "s5@example.ru", "director": "Петров Пётр Петрович"])
        #expect(bad.failure == "invalid" && bad.field == "inn")
        let done = bot.request(
            "console.register", chat: console,
            [
                "inn": "7736050003", "name": "МБОУ СОШ № 5 г. Москвы", "email": "s5@example.ru", "region": "77",
                "director": "Петров Пётр Петрович",
            ])
        #expect(done.ok, "\(done)")
        let mail = try #require(try bot.outbox().last)
        #expect(mail.to.map(\.address) == ["s5@example.ru"])
        let line = try #require(mail.textBody.split(separator: "\n").first { $0.contains("Пароль") })
        let password = String(line.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces)
        #expect(password.count >= 8)
        #expect(!done.raw.contains(password))
        #expect((try bot.cabinet.organization(inn: "7736050003")) != nil)
    }

    @Test func confirmingADirectorTellsTheDirectorsChats() throws {
        bot.send("/login", chat: "newdirector")
        bot.send("newdirector", chat: "newdirector")
        bot.send("demo-newdirector", chat: "newdirector")
        logInAgent()
        let refused = bot.request("console.confirm-director", chat: console, ["inn": "12"])
        #expect(refused.failure == "invalid" && refused.field == "inn")
        // The Cabinet's rule holds here as in the chat: no confirmation before the director's consent.
        let early = bot.request("console.confirm-director", chat: console, ["inn": "1655012344"])
        #expect(early.failure == "invalid")
        #expect(early.message == "Сначала нужно согласие на обработку персональных данных.")
        bot.send("Подтвердить директора", chat: "newdirector")
        bot.send("Согласен", chat: "newdirector")
        let done = bot.request("console.confirm-director", chat: console, ["inn": "1655012344"])
        #expect(done.ok, "\(done)")
        #expect(bot.lastPushes.contains { $0.chat == "newdirector" })
    }
}

extension BotHarness {
    /// What a console request answered.
    struct RequestAnswer: CustomStringConvertible {
        var object: [String: JSONValue]
        var raw: String
        var ok: Bool { object["ok"] == .bool(true) }
        var data: [String: JSONValue] { object["data"]?.object ?? [:] }
        var failure: String? { object["failure"]?.string }
        var message: String? { object["message"]?.string }
        var field: String? { object["field"]?.string }
        var description: String { raw }
    }

    /// Sends a console request for `chat` through the turn writer's path; the pushes it made are `lastPushes`.
    func request(_ name: String, chat: String, _ arguments: [String: String] = [:]) -> RequestAnswer {
        let deliveries = processor.handle(
            [.request(AppRequest(connection: 0, chat: chat, name: name, arguments: arguments))], routes: routes)
        var answer = RequestAnswer(object: [:], raw: "")
        var pushes: [ServerLine] = []
        for delivery in deliveries {
            let bytes = Array(delivery.bytes.dropLast())
            let text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix(#"{"type":"result""#) {
                answer = RequestAnswer(object: (try? JSONParser.parse(bytes))?.object ?? [:], raw: text)
            } else if let line = ServerLine.decode(bytes), line.type == "push" {
                pushes.append(line)
            }
        }
        lastPushes = pushes
        return answer
    }
}

extension JSONValue {
    var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
