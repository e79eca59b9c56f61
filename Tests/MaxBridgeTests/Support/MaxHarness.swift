import BridgeTestSupport
import Testing

/// The fake MAX Bot API, a real `botrunner serve --unix` and a real `max-bridge` between them; the test plays
/// the people writing in MAX.
final class MaxHarness: MessengerHarness<FakeMaxAPI> {
    /// The person who writes unless a test says otherwise.
    let user: Int64 = 4242

    init() throws {
        try super.init(program: "max-bridge", fake: try FakeMaxAPI())
    }

    /// The person writes `text`; waits until `count` more messages reached MAX and returns them.
    @discardableResult
    func say(
        _ text: String, expecting count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeMaxAPI.Sent] {
        act(expecting: count, timeout: timeout, sourceLocation: sourceLocation) { fake.userSends(text, user: user) }
    }

    /// The person presses a button of the bot's latest message that has it.
    @discardableResult
    func press(
        _ label: String, expecting count: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeMaxAPI.Sent] {
        act(expecting: count, sourceLocation: sourceLocation) {
            #expect(fake.userPresses(label, user: user) != nil, "no button \(label)", sourceLocation: sourceLocation)
        }
    }
}

extension FakeMaxAPI.Sent: SentMessage {
    /// The button labels, row by row.
    var labels: [[String]] { buttons.map { $0.map(\.text) } }
}
