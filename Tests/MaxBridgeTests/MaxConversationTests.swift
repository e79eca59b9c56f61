import BotCore
import Foundation
import Testing

/// `max-bridge` end to end: the fake MAX Bot API on loopback, the real `botrunner serve` on a Unix socket.
@Suite(.serialized) struct MaxConversationTests {
    @Test func aDirectorsWholeCredentialRequestThroughMax() throws {
        let harness = try MaxHarness()
        try harness.startBot()
        try harness.startBridge()

        let menu = harness.act(expecting: 1) { harness.fake.userStarts(user: harness.user, payload: "site") }
        #expect(menu[0].text.hasPrefix("Здравствуйте"))
        #expect(menu[0].chatID == harness.fake.chat(of: harness.user))
        #expect(menu[0].labels.first == ["Нет логина и пароля"])
        #expect(menu[0].buttons.first?.first?.payload == "Нет логина и пароля", "the payload is the label")
        #expect(menu[0].format == nil, "plain text: nothing MAX would parse")

        let intro = harness.press("Нет логина и пароля", expecting: 2)
        #expect(intro[0].text.hasPrefix("Подготовим запрос") && intro[0].buttons.isEmpty)
        #expect(intro[1].text.hasPrefix("Полное название"))
        #expect(intro[1].labels == [["Назад", "Отмена"]])
        #expect(harness.fake.wait(timeout: 3) { $0.answers.count == 1 })
        #expect(harness.fake.read { $0.answers.first?.notification } == "Нет логина и пароля")

        let school = "МБОУ \"Школа_*[<&>]\" № 1"
        #expect(harness.say(school, expecting: 1)[0].text.hasPrefix("ИНН"))
        #expect(harness.say("7707083893", expecting: 1)[0].text.hasPrefix("Регион"))
        #expect(harness.say("16", expecting: 1)[0].text.hasPrefix("Официальный e-mail"))
        #expect(harness.say("school1@example.ru", expecting: 1)[0].text.hasPrefix("ФИО руководителя"))
        let phone = harness.say("Иванов Иван Иванович", expecting: 1)[0]
        #expect(phone.labels == [["Пропустить"], ["Назад", "Отмена"]])
        let summary = harness.press("Пропустить", expecting: 1)[0]
        #expect(summary.shown.contains("1. Название: \(school)"), "shown literally: \(summary.shown)")
        #expect(summary.shown.contains("2. ИНН: 7707083893"))

        let letter = harness.press("Всё верно", expecting: 3)
        #expect(letter[0].shown.contains("Запрос на предоставление доступа"))
        #expect(letter[0].shown.contains(school))
        #expect(letter[2].text == "Письмо отправлено?")
        #expect(letter[2].labels == [["Отправлено сегодня"], ["Отправлено в другой день"], ["Отправлю позже"]])
        harness.expectNoMoreMessages(total: 12)
        #expect(harness.fake.read { $0.answers.count } == 3, "every press answered once")

        // The marker moved with the conversation and is kept in the state file.
        let markers = harness.fake.read { $0.markers.compactMap { $0 } }
        #expect(markers == markers.sorted(), "the marker never goes back")
        #expect(harness.waitForState { $0.contains("\"offset\":\(markers.last ?? -1)") })
        #expect(harness.stateText.contains("\"outbox\":[]"))
    }

    @Test func thePasswordMessageIsDeletedOrThePersonIsAskedTo() throws {
        let harness = try MaxHarness()
        try harness.seedDirector()
        try harness.startBot()
        try harness.startBridge()

        #expect(harness.say("/login", expecting: 1)[0].text.hasPrefix("Введите логин"))
        #expect(harness.say("director", expecting: 1)[0].text.hasPrefix("Введите пароль"))
        #expect(harness.fake.read(\.deletions).isEmpty, "the login itself is not a secret")
        var mid = ""
        let welcome = harness.act(expecting: 2) { mid = harness.fake.userSends("demo-director", user: harness.user) }
        #expect(welcome[0].text == "Вход выполнен.")
        #expect(harness.fake.wait(timeout: 5) { $0.deletions == [mid] })
        #expect(!harness.bridgeLogs.contains("demo-director"))
        #expect(!harness.stateText.contains("demo-director"))

        // Where MAX will not delete it, the person is told to.
        harness.fake.refuseDeletions()
        harness.say("/logout", expecting: 1)
        harness.say("/login", expecting: 1)
        harness.say("director", expecting: 1)
        harness.fake.userSends("demo-director", user: harness.user)
        let told = harness.fake.wait(timeout: 10) { fake in
            fake.sentMessages.contains { $0.text.hasPrefix("Не удалось удалить сообщение с паролем") }
        }
        #expect(told, "bridge log:\n\(harness.bridgeLogs)")
        #expect(harness.fake.read(\.deletions).count == 1)
        #expect(harness.bridgeLogs.contains("DELETE /messages in chat \(harness.fake.chat(of: harness.user)) refused"))
    }

    @Test func aStickerIsAnsweredInWordsAndUnaskedUpdatesStayOut() throws {
        let harness = try MaxHarness()
        try harness.startBot()
        try harness.startBridge()
        #expect(
            harness.act(expecting: 1) { harness.fake.userStarts(user: harness.user) }[0].text.hasPrefix("Здравствуйте"))
        let answer = harness.act(expecting: 1) {
            harness.fake.chatTitleChanges(user: harness.user)
            harness.fake.userSendsSticker(user: harness.user)
        }
        #expect(answer[0].text.hasPrefix("Я понимаю только текст"))
        harness.expectNoMoreMessages(total: 2)
        #expect(harness.fake.read { $0.markers.count } >= 2)
    }

    @Test func aWrongTokenStopsTheBridgeWithAClearMessage() throws {
        let harness = try MaxHarness()
        try "not-the-token\n".write(toFile: harness.botTokenPath, atomically: true, encoding: .utf8)
        try harness.startBot()
        try harness.startBridge()
        let bridge = try #require(harness.bridge)
        bridge.process.waitUntilExit()
        #expect(bridge.process.terminationStatus == 1)
        #expect(harness.bridgeLogs.contains("MAX refused the bot token (401 verify.token"))
        #expect(!harness.bridgeLogs.contains("not-the-token"))
    }
}
