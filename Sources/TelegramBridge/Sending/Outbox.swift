/// The calls the bridge owes Telegram, in order per chat, handed out as the rate limits allow.
///
/// Calls of one chat are made one at a time and in the order they were queued; calls of different chats run
/// side by side. A failed call stays at the head of its chat's queue and the chat waits (`retry_after` for a
/// 429, a growing pause for network trouble).
struct Outbox: Sendable {
    /// A queued call and how often it failed so far.
    struct Entry: Equatable, Sendable {
        var sequence: Int
        var call: TelegramCall
        var failures = 0
    }

    /// What to do next.
    enum Next: Equatable {
        /// Make this call now (its chat is marked busy until it is settled).
        case call(Entry)
        /// Nothing may start before this time (nil: nothing is queued that is not already running).
        case wait(until: Double?)
    }

    private(set) var entries: [Entry] = []
    private var nextSequence = 1
    private var busyChats: Set<Int64> = []
    private var pausedUntil: [Int64: Double] = [:]
    var limiter: RateLimiter

    init(limiter: RateLimiter, calls: [TelegramCall] = []) {
        self.limiter = limiter
        enqueue(calls)
    }

    /// The queued calls, in order (what the state file keeps).
    var calls: [TelegramCall] { entries.map(\.call) }

    /// Whether no call is running.
    var isIdle: Bool { busyChats.isEmpty }

    /// Queues calls after everything already queued.
    mutating func enqueue(_ calls: [TelegramCall]) {
        for call in calls {
            entries.append(Entry(sequence: nextSequence, call: call))
            nextSequence += 1
        }
    }

    /// The first call allowed to start at `now`, marked running; or the time to ask again.
    mutating func next(now: Double) -> Next {
        var seen: Set<Int64> = []
        var earliest: Double?
        for entry in entries {
            let chat = entry.call.chatID
            guard seen.insert(chat).inserted, !busyChats.contains(chat) else { continue }
            let perChat = entry.call.method == .sendMessage
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

    /// Removes a call Telegram accepted, or refused for good.
    mutating func settle(_ entry: Entry) {
        busyChats.remove(entry.call.chatID)
        entries.removeAll { $0.sequence == entry.sequence }
    }

    /// Keeps a failed call at the head of its chat's queue; the chat waits `delay` seconds.
    mutating func retry(_ entry: Entry, after delay: Double, now: Double) {
        busyChats.remove(entry.call.chatID)
        pausedUntil[entry.call.chatID] = now + delay
        if let index = entries.firstIndex(where: { $0.sequence == entry.sequence }) {
            entries[index].failures += 1
        }
    }
}
