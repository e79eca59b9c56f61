import BotCore
import Foundation
import Testing

/// MAX under load and trouble, and either side killed mid-conversation: nothing lost, nothing sent twice.
@Suite(.serialized) struct MaxReliabilityTests {
    @Test func aBurstOfFiftyMessagesFromThirtyPeopleStaysWithinThirtyRequestsASecond() throws {
        let harness = try MaxHarness()
        try harness.startBot()
        try harness.startBridge(chatRate: "1")
        let people = (1...30).map { Int64(5_000 + $0) }
        for person in people { harness.fake.userStarts(user: person) }
        for person in people.prefix(20) { harness.fake.userSends("/start", user: person) }
        // A start is answered with one message.
        #expect(harness.fake.wait(timeout: 30) { $0.sentMessages.count >= 50 }, "bridge log:\n\(harness.bridgeLogs)")
        harness.expectNoMoreMessages(total: 50)
        let sent = harness.fake.read(\.sentMessages)
        for person in people {
            let mine = sent.filter { $0.chatID == harness.fake.chat(of: person) }
            #expect(mine.count == (people.prefix(20).contains(person) ? 2 : 1), "person \(person)")
            #expect(mine.first?.text.hasPrefix("Здравствуйте") == true, "the start is answered first")
        }
        let times = harness.fake.read { $0.calls.filter { $0.route != "GET /updates" }.map(\.time) }.sorted()
        let busiest = times.indices.map { start in times[start...].prefix { $0 < times[start] + 1 }.count }.max()
        #expect((busiest ?? 0) <= 30, "at most 30 requests in any second: \(busiest ?? 0)")
        #expect(harness.fake.read { $0.calls.allSatisfy { $0.status == 200 } })
    }

    @Test func tooManyRequestsUnavailableAndStalledCallsAreRiddenOut() throws {
        let harness = try MaxHarness()
        try harness.startBot()
        harness.fake.failNext("GET /updates", with: .stall(seconds: 30))
        harness.fake.failNext("GET /updates", with: .unavailable)
        harness.fake.failNext("POST /messages", with: .tooManyRequests)
        harness.fake.failNext("POST /messages", with: .unavailable)
        try harness.startBridge()

        let menu = harness.act(expecting: 1, timeout: 20) { harness.fake.userStarts(user: harness.user) }
        #expect(menu.first?.text.hasPrefix("Здравствуйте") == true)
        let sends = harness.fake.read { $0.calls.filter { $0.route == "POST /messages" }.map(\.status) }
        #expect(sends == [429, 503, 200])
        let logs = harness.bridgeLogs
        #expect(logs.contains("GET /updates failed: timed out") && logs.contains("GET /updates failed: HTTP 503"))
        #expect(logs.contains("MAX asks to wait 1.0 s (429)"))
        #expect(!logs.contains(harness.fake.token), "the token is never logged")
        harness.expectNoMoreMessages(total: 1)
    }

    @Test func theBotAndTheBridgeKilledMidConversationLoseAndRepeatNothing() throws {
        let harness = try MaxHarness()
        try harness.startBot()
        try harness.startBridge()
        _ = harness.act(expecting: 1) { harness.fake.userStarts(user: harness.user) }
        harness.press("Нет логина и пароля", expecting: 2)

        // The bot dies: what people write meanwhile waits, and the marker with it.
        harness.killBot()
        harness.fake.userSends("МБОУ СОШ № 1", user: harness.user)
        harness.fake.userSends("7707083893", user: harness.user)
        #expect(harness.bridge?.waitForLog("cannot reach the bot") != nil)
        try harness.startBot()
        let resumed = harness.awaitMessages(after: 3, count: 2)
        #expect(resumed.map { String($0.text.prefix(3)) } == ["ИНН", "Рег"], "both answered, in order")

        // The bridge dies while MAX has not accepted a reply: the reply waits in the state file.
        harness.fake.holdSends(true)
        harness.fake.userSends("16", user: harness.user)
        #expect(harness.fake.wait { $0.heldCount == 1 })
        harness.killBridge()
        harness.fake.holdSends(false, dropHeld: true)
        #expect(harness.stateText.contains("Официальный e-mail"))
        try harness.startBridge()
        #expect(harness.awaitMessages(after: 5, count: 1).first?.text.hasPrefix("Официальный e-mail") == true)

        // The bridge dies after passing a message on, before the bot's turn reached it: MAX hands the update
        // out again from the saved marker, the bot answers it from its idempotency record, once.
        #expect(harness.waitForState { $0.contains("\"outbox\":[]") })
        harness.fake.holdSends(true)
        harness.fake.userSends("school1@example.ru", user: harness.user)
        #expect(harness.fake.wait { $0.heldCount == 2 })
        harness.killBridge()
        harness.fake.holdSends(false, dropHeld: true)
        try harness.startBridge()
        #expect(harness.awaitMessages(after: 6, count: 1).first?.text.hasPrefix("ФИО руководителя") == true)
        #expect(harness.say("Иванов Иван Иванович", expecting: 1).first?.labels.first == ["Пропустить"])
        let summary = harness.press("Пропустить", expecting: 1)[0]
        #expect(summary.shown.contains("4. Официальный e-mail: school1@example.ru"))
        harness.expectNoMoreMessages(total: 9)
    }
}
