/// Paces a messenger's API calls within its limits: about one message a second in a chat (with a short burst, so
/// that a turn of two or three messages goes out at once) and at most 30 calls in any one second overall.
///
/// Times are seconds on a monotonic clock the caller reads, so tests can drive it with plain numbers.
/// See https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
public struct RateLimiter: Sendable {
    /// Messages a second one chat gets on average.
    public var chatRate: Double
    /// Messages one chat may get at once before the average applies.
    public var chatBurst: Double
    /// Calls in any window of `window` seconds, over all chats.
    public var globalLimit: Int
    public var window: Double

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private var buckets: [String: Bucket] = [:]
    /// Start times of the latest calls, oldest first, at most `globalLimit` of them.
    private var recent: [Double] = []

    public init(chatRate: Double = 1, chatBurst: Double = 3, globalLimit: Int = 30, window: Double = 1) {
        precondition(chatRate > 0 && chatBurst >= 1 && globalLimit > 0 && window > 0, "limits must be positive")
        self.chatRate = chatRate
        self.chatBurst = chatBurst
        self.globalLimit = globalLimit
        self.window = window
    }

    /// The earliest time a call may start; `perChat` is false for calls the chat's pace does not count
    /// (deleting a message), which still count against the global limit.
    public func earliestStart(chat: String, perChat: Bool, now: Double) -> Double {
        var start = now
        if perChat {
            let tokens = self.tokens(chat: chat, now: now)
            if tokens < 1 { start = now + (1 - tokens) / chatRate }
        }
        if recent.count >= globalLimit {
            start = max(start, recent[recent.count - globalLimit] + window)
        }
        return start
    }

    /// Notes a call starting at `now`.
    public mutating func record(chat: String, perChat: Bool, now: Double) {
        if perChat {
            buckets[chat] = Bucket(tokens: tokens(chat: chat, now: now) - 1, updated: now)
            if buckets.count > 10_000 { forgetRestedChats(now: now) }
        }
        recent.append(now)
        if recent.count > globalLimit { recent.removeFirst(recent.count - globalLimit) }
    }

    private func tokens(chat: String, now: Double) -> Double {
        guard let bucket = buckets[chat] else { return chatBurst }
        return min(chatBurst, bucket.tokens + max(0, now - bucket.updated) * chatRate)
    }

    /// Drops the buckets that are full again: they mean the same as no bucket.
    private mutating func forgetRestedChats(now: Double) {
        buckets = buckets.filter { chat, _ in tokens(chat: chat, now: now) < chatBurst }
    }
}
