import Foundation
import Testing

/// A message a fake messenger API recorded as sent by the bridge.
public protocol SentMessage: Sendable {
    var text: String { get }
}

/// What a harness needs of a fake messenger API: its address, the messages it recorded, its lock.
public protocol FakeMessenger: AnyObject, Sendable {
    associatedtype Sent: SentMessage
    /// Guards everything the fake records.
    var condition: NSCondition { get }
    var sentMessages: [Sent] { get }
    /// The bridge's `--api-base`.
    var apiBase: String { get }
    var token: String { get }
    func stop()
}

extension FakeMessenger {
    /// Waits until `predicate` holds for the recorded state, up to `timeout` seconds.
    @discardableResult
    public func wait(timeout: Double = 10, until predicate: (Self) -> Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !predicate(self) {
            if !condition.wait(until: deadline) { return predicate(self) }
        }
        return true
    }

    /// A copy of a recorded value, read under the lock.
    public func read<Value>(_ body: (Self) -> Value) -> Value {
        condition.withLock { body(self) }
    }
}

/// A rig whose bridge talks to the fake `fake`; the test plays the people writing in the messenger.
open class MessengerHarness<Fake: FakeMessenger>: BridgeRig {
    public let fake: Fake

    public init(program: String, fake: Fake) throws {
        self.fake = fake
        try super.init(program: program, botToken: fake.token)
    }

    deinit {
        fake.stop()
    }

    /// Starts (or restarts) the bridge against the fake API and the bot's socket.
    public func startBridge(chatRate: String = "100", extra: [String] = []) throws {
        try startBridge(apiBase: fake.apiBase, chatRate: chatRate, extra: extra)
    }

    /// Does `action`, then waits until `count` more messages reached the messenger; returns them.
    public func act(
        expecting count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
        _ action: () -> Void
    ) -> [Fake.Sent] {
        let before = fake.read { $0.sentMessages.count }
        action()
        return awaitMessages(after: before, count: count, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Waits until `count` messages after the first `before` reached the messenger; returns them.
    public func awaitMessages(
        after before: Int, count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Fake.Sent] {
        let arrived = fake.wait(timeout: timeout) { $0.sentMessages.count >= before + count }
        #expect(arrived, "expected \(count) message(s); bridge log:\n\(bridgeLogs)", sourceLocation: sourceLocation)
        return fake.read { Array($0.sentMessages.dropFirst(before).prefix(count)) }
    }

    /// Lets in-flight work settle, then checks that exactly `total` messages were sent in all.
    public func expectNoMoreMessages(total: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        Thread.sleep(forTimeInterval: 0.4)
        let texts = fake.read { $0.sentMessages.map(\.text) }
        #expect(texts.count == total, "messages sent: \(texts)", sourceLocation: sourceLocation)
    }
}
