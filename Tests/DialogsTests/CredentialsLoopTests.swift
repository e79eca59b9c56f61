import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

/// The whole loop of issue 6: a request arrives at regions@, an agent issues credentials from that ticket,
/// the credentials leave only by e-mail, and the director logs in with what the e-mail holds.
@Suite struct CredentialsLoopTests {
    @Test func theDirectorLogsInWithWhatTheOutboxEmailHolds() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        let request = """
            From: =?UTF-8?B?\(Data("Школа № 9".utf8).base64EncodedString())?= <school9@example.ru>\r
            To: regions@educont.ru\r
            Subject: =?UTF-8?B?\(Data("Запрос логина".utf8).base64EncodedString())?=\r
            Message-ID: <req-9@example.ru>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: base64\r
            \r
            \(Data("Наименование: МБОУ СОШ № 9 г. Казани\nИНН 1655012351\nДиректор Орлова Вера Павловна".utf8).base64EncodedString())\r

            """
        try bot.dropMail(Data(request.utf8), name: "1.req9")
        _ = bot.maintain()

        bot.send("/login", chat: "agent")
        bot.send("agent", chat: "agent")
        bot.send("demo-agent", chat: "agent")
        let queue = bot.send("Очередь обращений", chat: "agent")
        #expect(queue.text.contains("1. №1 [regions@]"))
        let ticket = bot.send("1", chat: "agent")
        #expect(ticket.step == "ticket")
        #expect(ticket.text.contains("Организация: ИНН 1655012351"))
        bot.send("Взять", chat: "agent")
        var turn = bot.send("Зарегистрировать организацию", chat: "agent")
        #expect(turn.step == "register_ask_inn")
        #expect(turn.text.contains("Сейчас указано: 1655012351"), "the INN comes from the letter")
        bot.send("Оставить как есть", chat: "agent")
        turn = bot.send("Оставить как есть", chat: "agent")
        #expect(turn.step == "register_ask_email", "the name comes from the letter")
        bot.send("Оставить как есть", chat: "agent")
        bot.send("16", chat: "agent")
        bot.send("Орлова Вера Павловна", chat: "agent")
        turn = bot.send("Всё верно", chat: "agent")
        #expect(turn.dialog == "agent" && turn.step == "ticket")

        let mail = try #require(try bot.outbox().first)
        #expect(mail.to.map(\.address) == ["school9@example.ru"])
        func value(_ label: String) throws -> String {
            let line = try #require(mail.textBody.split(separator: "\n").first { $0.hasPrefix(label) })
            return String(line.dropFirst(label.count))
        }
        let login = try value("Логин: ")
        let password = try value("Пароль: ")

        bot.send("/login", chat: "school9")
        bot.send(login, chat: "school9")
        let welcome = bot.send(password, chat: "school9")
        #expect(welcome.dialog == "menu")
        #expect(welcome.text.contains("Вы вошли как Орлова Вера Павловна (директор)."))
        #expect(welcome.buttons.contains("Подтвердить директора"))
        #expect(try bot.databaseBytes().range(of: Data(password.utf8)) == nil)
    }
}
