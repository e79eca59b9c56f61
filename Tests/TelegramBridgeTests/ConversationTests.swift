import BotCore
import Foundation
import Testing

/// The bridge end to end: a fake Bot API on loopback, the real `botrunner serve` on a Unix socket.
@Suite(.serialized) struct ConversationTests {
    @Test func aWholeCredentialRequestThroughTelegram() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        try harness.startBridge()

        let menu = harness.say("/start", expecting: 1)
        #expect(menu[0].text.hasPrefix("Здравствуйте"))
        #expect(menu[0].keyboard?.first == ["Нет логина и пароля"])
        #expect(menu[0].fitsKeyboard, "a reply keyboard fitted to its buttons")

        let intro = harness.say("Нет логина и пароля", expecting: 2)
        #expect(intro[0].text.hasPrefix("Подготовим запрос"))
        #expect(intro[0].keyboard == nil && !intro[0].removesKeyboard, "the first message of a turn keeps the keyboard")
        #expect(intro[1].text.hasPrefix("Полное название"))
        #expect(intro[1].keyboard == [["Назад", "Отмена"]])

        #expect(harness.say("МБОУ СОШ № 1", expecting: 1)[0].text.hasPrefix("ИНН"))
        #expect(harness.say("7707083893", expecting: 1)[0].text.hasPrefix("Регион"))
        #expect(harness.say("16", expecting: 1)[0].text.hasPrefix("Официальный e-mail"))
        #expect(harness.say("school1@example.ru", expecting: 1)[0].text.hasPrefix("ФИО руководителя"))
        let phone = harness.say("Иванов Иван Иванович", expecting: 1)[0]
        #expect(phone.keyboard == [["Пропустить"], ["Назад", "Отмена"]])
        let summary = harness.say("Пропустить", expecting: 1)[0]
        #expect(summary.text.contains("2. ИНН: 7707083893"))
        #expect(summary.keyboard?.first == ["Всё верно"])

        let letter = harness.say("Всё верно", expecting: 3)
        #expect(letter[0].text.contains("Запрос на предоставление доступа"))
        #expect(letter[0].text.contains("Руководитель: Иванов Иван Иванович"))
        #expect(letter[0].keyboard == nil && letter[1].keyboard == nil)
        #expect(letter[2].text == "Письмо отправлено?")
        #expect(letter[2].keyboard == [["Отправлено сегодня"], ["Отправлено в другой день"], ["Отправлю позже"]])
        harness.expectNoMoreMessages(total: 12)

        // The offset moved past every update, one step at a time, and is kept in the state file.
        let last = harness.fake.read { $0.offsets.max() ?? 0 }
        #expect(harness.fake.wait(timeout: 3) { $0.offsets.last == last })
        let offsets = harness.fake.read(\.offsets)
        #expect(offsets == offsets.sorted(), "the offset never goes back")
        #expect(harness.stateText.contains("\"offset\":\(last)"))
        #expect(harness.stateText.contains("\"outbox\":[]"))
    }

    @Test func thePasswordMessageIsDeletedAndNeverLogged() throws {
        let harness = try BridgeHarness()
        try harness.seedDirector()
        try harness.startBot()
        try harness.startBridge()

        #expect(harness.say("/login", expecting: 1)[0].text.hasPrefix("Введите логин"))
        let prompt = harness.say("director", expecting: 1)[0]
        #expect(prompt.text.hasPrefix("Введите пароль"))
        #expect(harness.fake.read(\.deletions).isEmpty, "the login itself is not a secret")

        let before = harness.fake.read { $0.sentMessages.count }
        let password = harness.fake.userSends("demo-director", chat: harness.chat)
        let welcome = harness.awaitMessages(after: before, count: 2)
        #expect(welcome[0].text == "Вход выполнен.")
        #expect(welcome[1].keyboard?.first == ["Подтвердить пользователей"])
        #expect(harness.fake.wait(timeout: 5) { !$0.deletions.isEmpty })
        let deletions = harness.fake.read(\.deletions)
        #expect(deletions.count == 1)
        #expect(deletions.first?.chatID == harness.chat && deletions.first?.messageID == password.message)

        // The next message is an ordinary one again.
        #expect(harness.say("/help", expecting: 1).count == 1)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(harness.fake.read(\.deletions).count == 1)
        #expect(!harness.bridgeLogs.contains("demo-director"))
        #expect(!harness.stateText.contains("demo-director"))
    }

    @Test func aTooManyRequestsAnswerIsHonoured() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        harness.fake.failNext("sendMessage", with: .tooManyRequests(retryAfter: 1))
        try harness.startBridge()

        let menu = harness.say("/start", expecting: 1)
        #expect(menu[0].keyboard?.first == ["Нет логина и пароля"])
        let attempts = harness.fake.read { $0.calls.filter { $0.method == "sendMessage" } }
        #expect(attempts.map(\.status) == [429, 200])
        if attempts.count == 2 {
            #expect(attempts[1].time - attempts[0].time >= 0.95, "retried after retry_after, not before")
        }
        #expect(harness.bridgeLogs.contains("429"))
        harness.expectNoMoreMessages(total: 1)
    }

    @Test func theBridgeRidesOutATelegramTimeout() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        harness.fake.failNext("getUpdates", with: .stall(seconds: 30))
        harness.fake.failNext("getUpdates", with: .badGateway)
        try harness.startBridge()

        let menu = harness.say("/start", expecting: 1, timeout: 15)
        #expect(menu.first?.text.hasPrefix("Здравствуйте") == true)
        #expect(harness.bridgeLogs.contains("getUpdates failed: timed out"))
        #expect(harness.bridgeLogs.contains("getUpdates failed: HTTP 502"))
        #expect(!harness.bridgeLogs.contains(harness.fake.token), "the token is never logged")
        harness.expectNoMoreMessages(total: 1)
    }
}
