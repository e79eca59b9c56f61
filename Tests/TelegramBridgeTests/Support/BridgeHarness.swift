import BotCore
import BridgeTestSupport
import Foundation
import Testing

/// The fake Bot API, a real `botrunner serve --unix` and a real `telegram-bridge` between them, in a folder of
/// their own; the test plays the person writing in Telegram.
final class BridgeHarness: BridgeRig {
    let fake: FakeBotAPI
    /// The Telegram chat the person writes in.
    let chat: Int64 = 4242

    init() throws {
        let fake = try FakeBotAPI()
        self.fake = fake
        try super.init(program: "telegram-bridge", botToken: fake.token)
    }

    deinit {
        fake.stop()
    }

    /// Starts (or restarts) the bridge against the fake API and the bot's socket.
    func startBridge(chatRate: String = "100", extra: [String] = []) throws {
        try startBridge(apiBase: fake.apiBase, chatRate: chatRate, extra: extra)
    }

    /// The person writes `text`; waits until `count` more messages reached Telegram and returns them.
    @discardableResult
    func say(
        _ text: String, expecting count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeBotAPI.Sent] {
        let before = fake.read { $0.sentMessages.count }
        fake.userSends(text, chat: chat)
        return awaitMessages(after: before, count: count, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Waits until `count` messages after the first `before` reached Telegram; returns them.
    func awaitMessages(
        after before: Int, count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeBotAPI.Sent] {
        let arrived = fake.wait(timeout: timeout) { $0.sentMessages.count >= before + count }
        #expect(arrived, "expected \(count) message(s); bridge log:\n\(bridgeLogs)", sourceLocation: sourceLocation)
        return fake.read { Array($0.sentMessages.dropFirst(before).prefix(count)) }
    }

    /// Lets in-flight work settle, then checks that exactly `total` messages were sent in all.
    func expectNoMoreMessages(total: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        Thread.sleep(forTimeInterval: 0.4)
        let texts = fake.read { $0.sentMessages.map(\.text) }
        #expect(texts.count == total, "messages sent: \(texts)", sourceLocation: sourceLocation)
    }
}
