import BotCore
import Foundation
import Testing

/// Either side killed with SIGKILL mid-conversation: nothing lost, nothing answered or taken twice.
@Suite(.serialized) struct RestartTests {
    @Test func theBotKilledAndRestartedMidConversation() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        try harness.startBridge()
        harness.say("/start", expecting: 1)
        harness.say("Нет логина и пароля", expecting: 2)
        harness.say("МБОУ СОШ № 1", expecting: 1)

        harness.killBot()
        let inn = harness.fake.userSends("7707083893", chat: harness.chat)
        harness.fake.userSends("16", chat: harness.chat)
        #expect(harness.fake.wait(timeout: 5) { $0.offsets.filter { $0 == inn.update }.count >= 2 })
        #expect(harness.bridge?.waitForLog("cannot reach the bot") != nil)
        let sentWhileDown = harness.fake.read { $0.sentMessages.count }
        #expect(sentWhileDown == 4)
        #expect(harness.fake.read { $0.offsets.max() } == inn.update, "the offset waits for the bot's turn")

        try harness.startBot()
        let resumed = harness.awaitMessages(after: sentWhileDown, count: 2)
        #expect(resumed.map { String($0.text.prefix(6)) } == ["Регион", "Официа"], "both answered, in order")

        // The bot dies right after a message reached it: answered before or after the restart, never twice.
        let before = harness.fake.read { $0.sentMessages.count }
        harness.fake.userSends("school1@example.ru", chat: harness.chat)
        Thread.sleep(forTimeInterval: 0.05)
        harness.killBot()
        try harness.startBot()
        #expect(harness.awaitMessages(after: before, count: 1).first?.text.hasPrefix("ФИО руководителя") == true)

        harness.say("Иванов Иван Иванович", expecting: 1)
        let summary = harness.say("Пропустить", expecting: 1)[0]
        #expect(summary.text.contains("2. ИНН: 7707083893"))
        #expect(summary.text.contains("3. Регион: 16"))
        #expect(summary.text.contains("4. Официальный e-mail: school1@example.ru"))
        let letter = harness.say("Всё верно", expecting: 3)
        #expect(letter[0].text.contains("Запрос на предоставление доступа"))
        harness.expectNoMoreMessages(total: 12)
    }

    @Test func theBridgeKilledAndRestartedTakesNoUpdateTwice() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        try harness.startBridge()
        harness.say("/start", expecting: 1)
        harness.say("Нет логина и пароля", expecting: 2)

        // Killed while Telegram has not accepted the reply yet: the reply waits in the state file.
        harness.fake.holdSends(true)
        let name = harness.fake.userSends("МБОУ СОШ № 1", chat: harness.chat)
        #expect(harness.fake.wait { $0.heldCount == 1 })
        harness.killBridge()
        harness.fake.holdSends(false, dropHeld: true)
        #expect(harness.stateText.contains("\"offset\":\(name.update + 1)"))
        #expect(harness.stateText.contains("ИНН организации"))

        let offsetsBefore = harness.fake.read { $0.offsets.count }
        try harness.startBridge()
        let inn = harness.awaitMessages(after: 3, count: 1)
        #expect(inn.first?.text.hasPrefix("ИНН") == true)
        #expect(harness.fake.wait { $0.offsets.count > offsetsBefore })
        #expect(harness.fake.read { $0.offsets[offsetsBefore] } == name.update + 1, "resumes past the answered update")

        // Killed after passing a message on, before the bot's turn reached it: the bot answers the resent
        // message (same id) from its idempotency record, and the answer is delivered once. (Killed only once
        // the state file shows the reply accepted: between Telegram's answer and that write, a crash would
        // send the reply again, there being no idempotency key for sendMessage.)
        #expect(harness.waitForState { $0.contains("\"outbox\":[]") })
        harness.killBridge()
        let innUpdate = harness.fake.userSends("7707083893", chat: harness.chat)
        let direct = try LineClient(connectingTo: .unixSocket(path: harness.socketPath))
        let token = try String(contentsOfFile: harness.bridgeTokenPath, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try direct.send(#"{"type":"hello","token":"\#(token)"}"#)
        try direct.send(ChatMessage(chat: "tg:\(harness.chat)", text: "7707083893", id: "tg:\(innUpdate.update)"))
        let lostTurn = direct.receive()
        #expect(lostTurn?.type == "turn" && lostTurn?.duplicate == false)
        direct.close()

        try harness.startBridge()
        let region = harness.awaitMessages(after: 4, count: 1)
        #expect(region.first?.text.hasPrefix("Регион") == true)
        #expect(harness.say("16", expecting: 1).first?.text.hasPrefix("Официальный e-mail") == true)
        harness.expectNoMoreMessages(total: 6)
        #expect(harness.bridgeLogs.contains("passed to the bot"))
    }
}
