import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

@Suite struct SecretsTests {
    @Test func aPasswordTypedAtLoginIsNowhereInTheDatabase() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        bot.send("/start")
        bot.send("/login")
        let prompt = bot.send("director")
        #expect(prompt.messages.last?.input == .secret)
        let welcome = bot.send("demo-director")
        #expect(welcome.dialog == "menu")
        #expect(!welcome.text.contains("demo-director"))
        let bytes = try bot.databaseBytes()
        #expect(bytes.range(of: Data("demo-director".utf8)) == nil)
        #expect(bytes.range(of: Data("$y$".utf8)) != nil, "yescrypt hashes are stored")
    }

    @Test func aPasswordChosenAtRegistrationIsKeptOnlyAsASealUntilItIsRepeated() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        for text in [
            "/start", "Регистрация учителя или ученика", "7707083893", "Учитель", "Сергеева Мария Олеговна",
            "m.s@example.ru", "m.sergeeva", "Всё верно",
        ] { bot.send(text) }
        let repeatPrompt = bot.send("Chosen-Пароль-77")
        #expect(repeatPrompt.step == "repeat_password" && repeatPrompt.messages.last?.input == .secret)
        func session() throws -> String {
            try bot.processor.db.scalarText("SELECT state FROM chat_session WHERE chat = 'c1'") ?? ""
        }
        #expect(!(try session()).contains("Chosen-Пароль-77"), "the session holds no password")
        #expect(try session().contains("$y$"), "only its seal")
        #expect(try bot.databaseBytes().range(of: Data("Chosen-Пароль-77".utf8)) == nil)
        #expect(bot.send("Chosen-Пароль-77").dialog == "menu")
        #expect(!(try session()).contains("$y$"), "and the seal is gone once the account is made")
        bot.send("/login")
        bot.send("m.sergeeva")
        #expect(bot.send("Chosen-Пароль-77").text.contains("ждёт подтверждения"), "the repeated password is the one")
    }

    @Test func aPasswordTypedIntoTheLoginFieldIsNeverKept() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        bot.send("/login")
        let prompt = bot.send("demo-director")  // the password, typed where the login was asked
        #expect(prompt.messages.last?.input == .secret, "it still asks for a password: nothing tells it apart")
        let session = try bot.processor.db.scalarText("SELECT state FROM chat_session WHERE chat = 'c1'") ?? ""
        #expect(!session.contains("demo-director"), "the session does not hold it: \(session)")
        #expect(bot.send("something").text.contains("Неверный логин или пароль"))
        #expect(try bot.databaseBytes().range(of: Data("demo-director".utf8)) == nil, "nor does any table")
        bot.send("ｄｉｒｅｃｔｏｒ")  // full-width: the login, normalized
        #expect(bot.send("demo-director").dialog == "menu", "logged in")
    }

    @Test func wrongPasswordsLockTheLoginWithOneMessage() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        bot.send("/login")
        var replies: [String] = []
        for _ in 0..<5 {
            bot.send("director")
            replies.append(bot.send("wrong-password").text)
        }
        #expect(replies[0] == replies[1], "a wrong pair gets one message")
        #expect(replies[4].contains("заблокирован"))
        bot.send("director")
        #expect(bot.send("demo-director").text.contains("заблокирован"), "even the right password waits 15 minutes")
    }

    @Test func issuedCredentialsGoOnlyToTheOfficialEmail() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        bot.send("/login", chat: "agent")
        bot.send("agent", chat: "agent")
        bot.send("demo-agent", chat: "agent")
        bot.send("Очередь обращений", chat: "agent")
        bot.send("Зарегистрировать организацию", chat: "agent")
        bot.send("1655012351", chat: "agent")
        var turn = bot.send("МБОУ СОШ № 7 г. Казани", chat: "agent")
        #expect(turn.step == "register_ask_email")
        bot.send("school7@example.ru", chat: "agent")
        bot.send("Пропустить", chat: "agent")
        bot.send("Петров Пётр Петрович", chat: "agent")
        turn = bot.send("Всё верно", chat: "agent")
        #expect(turn.text.contains("school7@example.ru"))
        let mail = try #require(try bot.outbox().first)
        #expect(mail.to.first?.address == "school7@example.ru")
        let password = try #require(mail.textBody.split(separator: "\n").first { $0.hasPrefix("Пароль: ") })
            .dropFirst("Пароль: ".count)
        #expect(password.count >= 8)
        #expect(!turn.text.contains(password), "the password is never shown in a chat")
        #expect(try bot.databaseBytes().range(of: Data(password.utf8)) == nil)
    }
}
