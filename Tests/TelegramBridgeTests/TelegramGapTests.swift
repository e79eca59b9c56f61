import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What a fake Bot API run found missing: media, webhooks, supergroups.
@Suite(.serialized) struct TelegramGapTests {
    @Test func aStickerIsAnsweredAndADocumentsCaptionIsText() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        try harness.startBridge()
        harness.say("/start", expecting: 1)

        var before = harness.fake.read { $0.sentMessages.count }
        harness.fake.userSends(nil, chat: harness.chat, extra: #""sticker":{"file_id":"s1","type":"regular"}"#)
        let sticker = harness.awaitMessages(after: before, count: 1)
        #expect(sticker.first?.text.hasPrefix("Я понимаю только текст") == true)
        #expect(sticker.first?.keyboard == nil && sticker.first?.removesKeyboard == false, "the keyboard stays")

        before = harness.fake.read { $0.sentMessages.count }
        harness.fake.userSends(
            nil, chat: harness.chat, extra: #""document":{"file_id":"d1"},"caption":"Нет логина и пароля""#)
        let answer = harness.awaitMessages(after: before, count: 2)
        #expect(answer.first?.text.hasPrefix("Подготовим запрос") == true, "the caption went to the bot as text")
        harness.expectNoMoreMessages(total: 4)
    }

    @Test func aWebhookIsDeletedOnceAndPollingGoesOn() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        let webhook =
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
        harness.fake.failNext("getUpdates", with: .conflict(webhook))
        try harness.startBridge()
        #expect(harness.say("/start", expecting: 1).first?.text.hasPrefix("Здравствуйте") == true)
        #expect(harness.fake.read { $0.calls.filter { $0.method == "deleteWebhook" }.count } == 1)
        #expect(harness.bridgeLogs.contains("deleted it (deleteWebhook)"))
    }

    @Test func keepingTheWebhookStopsWithAClearMessage() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        harness.fake.failNext(
            "getUpdates", with: .conflict("Conflict: can't use getUpdates method while webhook is active"))
        try harness.startBridge(extra: ["--keep-webhook"])
        let bridge = try #require(harness.bridge)
        bridge.process.waitUntilExit()
        #expect(bridge.process.terminationStatus == 1)
        #expect(harness.bridgeLogs.contains("start without --keep-webhook"))
        #expect(harness.fake.read { $0.calls.filter { $0.method == "deleteWebhook" }.isEmpty })
    }

    @Test func aGroupThatBecameASupergroupGetsItsAnswerThere() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        try harness.startBridge()
        harness.fake.failNext("sendMessage", with: .migrated(to: -1_004_242))
        harness.fake.userSends("/start", chat: harness.chat)
        #expect(harness.fake.wait { $0.sentMessages.count == 1 })
        #expect(harness.fake.read { $0.sentMessages.first?.chatID } == -1_004_242)
        #expect(harness.waitForState { $0.contains(#""moved_chats":{"4242":"-1004242"}"#) })
        // Later answers to the old chat go to the new one too.
        #expect(harness.say("/help", expecting: 1).first?.chatID == -1_004_242)
        #expect(harness.bridgeLogs.contains("moved the chat to -1004242"))
    }
}

extension TelegramGapTests {
    /// A message the bot takes and does not answer (here: the bot is stopped, its connection open) holds the
    /// offset only for `--answer-timeout`; then the offset moves on, so later updates are not held behind it,
    /// and the late turn is still delivered once.
    @Test func anUnansweredUpdateHoldsTheOffsetOnlyUntilTheTimeout() throws {
        let harness = try BridgeHarness()
        try harness.startBot()
        try harness.startBridge(extra: ["--answer-timeout", "1"])
        harness.say("/start", expecting: 1)
        let bot = try #require(harness.bot)
        kill(bot.process.processIdentifier, SIGSTOP)
        defer { kill(bot.process.processIdentifier, SIGCONT) }
        let stuck = harness.fake.userSends("/help", chat: harness.chat)
        #expect(harness.bridge?.waitForLog("has not answered tg:\(stuck.update)") != nil)
        #expect(harness.fake.wait(timeout: 5) { $0.offsets.contains(stuck.update + 1) }, "the offset moved on")
        kill(bot.process.processIdentifier, SIGCONT)
        let late = harness.awaitMessages(after: 1, count: 2)
        #expect(late.first?.text.hasPrefix("Как начать работу") == true, "the late turn is delivered")
        harness.expectNoMoreMessages(total: 3)
    }
}
