import Foundation

/// The part every fake messenger API shares: a loopback HTTP server whose requests go to `handle`, a lock
/// over what the fake records, stopping, and holding sends unanswered (to kill a bridge mid-call).
///
/// `@unchecked Sendable`: every mutable property (here and in subclasses) is guarded by `condition`.
open class FakeAPIServer: @unchecked Sendable {
    public let condition = NSCondition()
    private var server: LoopbackHTTPServer?
    public private(set) var isStopped = false
    private var isHoldingSends = false
    private var droppingHeld = false
    /// Sends that were held so far.
    public private(set) var heldCount = 0

    public init() throws {
        let box = Box()
        server = try LoopbackHTTPServer { request in box.owner?.handle(request) }
        box.owner = self
    }

    /// Answers one request; nil closes the connection without an answer.
    open func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        .init(status: 404, body: "{}")
    }

    /// The bridge's `--api-base`.
    public var apiBase: String { server?.base ?? "" }

    /// Stops answering; waiting calls end.
    public func stop() {
        condition.withLock {
            isStopped = true
            isHoldingSends = false
            condition.broadcast()
        }
        server?.stop()
    }

    /// While on, sends wait unanswered; turning it off answers them normally, unless `dropHeld`: then they
    /// close without an answer and are not recorded (the messenger never got them).
    public func holdSends(_ isOn: Bool, dropHeld: Bool = false) {
        condition.withLock {
            isHoldingSends = isOn
            droppingHeld = !isOn && dropHeld
            condition.broadcast()
        }
    }

    /// Holds a send while sends are held (the caller holds `condition`); false when it is to be dropped.
    public func holdIfAsked() -> Bool {
        let wasHeld = isHoldingSends
        if wasHeld {
            heldCount += 1
            condition.broadcast()
        }
        while isHoldingSends && !isStopped { condition.wait() }
        return !((wasHeld && droppingHeld) || isStopped)
    }

    /// Holds the request `seconds`, or until the fake stops (a stalled call).
    public func pause(_ seconds: Double) {
        condition.withLock {
            let deadline = Date(timeIntervalSinceNow: seconds)
            while !isStopped && condition.wait(until: deadline) {}
        }
    }

    /// Lets the server's handler reach the fake, which is made after the server.
    private final class Box: @unchecked Sendable {
        weak var owner: FakeAPIServer?
    }
}
