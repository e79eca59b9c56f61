/// A call a bridge owes its messenger (a message to send, one to delete, a button press to acknowledge), in
/// the stored form the state file keeps until the messenger accepted it.
public protocol BridgeCall: Codable, Equatable, Sendable {
    /// The chat it goes to, as the adapter addresses it; rewritten when the messenger moved the chat.
    var chat: String { get set }
    /// Whether the chat's pace counts it (sending does; deleting and acknowledging do not).
    var isPacedPerChat: Bool { get }
    /// Whether it deletes the person's message: when the messenger refuses, the person is told.
    var isDeletion: Bool { get }
    /// `sendMessage in chat 4242`, as logs name it (never its text).
    var logName: String { get }
}

/// The calls a bridge owes its messenger, in order per chat, handed out as the rate limits allow.
///
/// Calls of one chat are made one at a time and in the order they were queued; calls of different chats run
/// side by side. A failed call stays at the head of its chat's queue and the chat waits (`retry_after` for a
/// 429, a growing pause for network trouble).
public struct Outbox<Call: BridgeCall>: Sendable {
    /// A queued call and how often it failed so far.
    public struct Entry: Equatable, Sendable {
        public var sequence: Int
        public var call: Call
        public var failures = 0
    }

    /// What to do next.
    public enum Next: Equatable, Sendable {
        /// Make this call now (its chat is marked busy until it is settled).
        case call(Entry)
        /// Nothing may start before this time (nil: nothing is queued that is not already running).
        case wait(until: Double?)
    }

    public private(set) var entries: [Entry] = []
    private var nextSequence = 1
    private var busyChats: Set<String> = []
    private var pausedUntil: [String: Double] = [:]
    public var limiter: RateLimiter

    public init(limiter: RateLimiter, calls: [Call] = []) {
        self.limiter = limiter
        enqueue(calls)
    }

    /// The queued calls, in order (what the state file keeps).
    public var calls: [Call] { entries.map(\.call) }

    /// Whether no call is running.
    public var isIdle: Bool { busyChats.isEmpty }

    /// Queues calls after everything already queued.
    public mutating func enqueue(_ calls: [Call]) {
        for call in calls {
            entries.append(Entry(sequence: nextSequence, call: call))
            nextSequence += 1
        }
    }

    /// The first call allowed to start at `now`, marked running; or the time to ask again.
    public mutating func next(now: Double) -> Next {
        var seen: Set<String> = []
        var earliest: Double?
        for entry in entries {
            let chat = entry.call.chat
            guard seen.insert(chat).inserted, !busyChats.contains(chat) else { continue }
            let perChat = entry.call.isPacedPerChat
            let start = max(
                pausedUntil[chat] ?? now, limiter.earliestStart(chat: chat, perChat: perChat, now: now))
            if start <= now {
                busyChats.insert(chat)
                pausedUntil[chat] = nil
                limiter.record(chat: chat, perChat: perChat, now: now)
                return .call(entry)
            }
            earliest = min(earliest ?? start, start)
        }
        return .wait(until: earliest)
    }

    /// Removes a call the messenger accepted, or refused for good.
    public mutating func settle(_ entry: Entry) {
        busyChats.remove(entry.call.chat)
        entries.removeAll { $0.sequence == entry.sequence }
    }

    /// Keeps a failed call at the head of its chat's queue; the chat waits `delay` seconds.
    public mutating func retry(_ entry: Entry, after delay: Double, now: Double) {
        busyChats.remove(entry.call.chat)
        pausedUntil[entry.call.chat] = now + delay
        if let index = entries.firstIndex(where: { $0.sequence == entry.sequence }) {
            entries[index].failures += 1
        }
    }
}

extension Outbox {
    /// The messenger moved a chat (a Telegram group became a supergroup): the running call and everything
    /// queued for `old` go to `new`, the running one first, without a pause.
    public mutating func move(_ entry: Entry, to new: String) {
        let old = entry.call.chat
        busyChats.remove(old)
        pausedUntil[old] = nil
        for index in entries.indices where entries[index].call.chat == old { entries[index].call.chat = new }
    }
}
