import BotCore
import BridgeTestSupport
import Foundation
import Testing

/// The fake MAX Bot API, a real `botrunner serve --unix` and a real `max-bridge` between them; the test plays
/// the people writing in MAX.
final class MaxHarness: BridgeRig {
    let fake: FakeMaxAPI
    /// The person who writes unless a test says otherwise.
    let user: Int64 = 4242

    init() throws {
        let fake = try FakeMaxAPI()
        self.fake = fake
        try super.init(program: "max-bridge", botToken: fake.token)
    }

    deinit {
        fake.stop()
    }

    /// Starts (or restarts) the bridge against the fake API and the bot's socket.
    func startBridge(chatRate: String = "100", extra: [String] = []) throws {
        try startBridge(apiBase: fake.apiBase, chatRate: chatRate, extra: extra)
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

    /// Does `action`, then waits until `count` more messages reached MAX; returns them.
    func act(
        expecting count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
        _ action: () -> Void
    ) -> [FakeMaxAPI.Sent] {
        let before = fake.read { $0.sentMessages.count }
        action()
        return awaitMessages(after: before, count: count, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Waits until `count` messages after the first `before` reached MAX; returns them.
    func awaitMessages(
        after before: Int, count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeMaxAPI.Sent] {
        let arrived = fake.wait(timeout: timeout) { $0.sentMessages.count >= before + count }
        let seen = fake.read { fake in (fake.markers, fake.calls.map { "\($0.route) \($0.status)" }) }
        #expect(
            arrived, "expected \(count) message(s); markers \(seen.0), calls \(seen.1); bridge log:\n\(bridgeLogs)",
            sourceLocation: sourceLocation)
        return fake.read { Array($0.sentMessages.dropFirst(before).prefix(count)) }
    }

    /// Lets in-flight work settle, then checks that exactly `total` messages were sent in all.
    func expectNoMoreMessages(total: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        Thread.sleep(forTimeInterval: 0.4)
        let texts = fake.read { $0.sentMessages.map(\.text) }
        #expect(texts.count == total, "messages sent: \(texts)", sourceLocation: sourceLocation)
    }
}

extension FakeMaxAPI.Sent {
    /// The button labels, row by row.
    var labels: [[String]] { buttons.map { $0.map(\.text) } }
}
