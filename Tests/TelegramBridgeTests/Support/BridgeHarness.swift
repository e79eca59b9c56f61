import BridgeTestSupport
import Testing

/// The fake Bot API, a real `botrunner serve --unix` and a real `telegram-bridge` between them, in a folder of
/// their own; the test plays the person writing in Telegram.
final class BridgeHarness: MessengerHarness<FakeBotAPI> {
    /// The Telegram chat the person writes in.
    let chat: Int64 = 4242

    init() throws {
        try super.init(program: "telegram-bridge", fake: try FakeBotAPI())
    }

    /// The person writes `text`; waits until `count` more messages reached Telegram and returns them.
    @discardableResult
    func say(
        _ text: String, expecting count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeBotAPI.Sent] {
        act(expecting: count, timeout: timeout, sourceLocation: sourceLocation) { fake.userSends(text, chat: chat) }
    }
}

extension FakeBotAPI.Sent: SentMessage {}
