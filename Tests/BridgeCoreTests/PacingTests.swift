import Testing

@testable import BridgeCore

struct PacingTests {
    @Test func aChatGetsABurstThenAboutOneMessageASecond() {
        var limiter = RateLimiter()
        var starts: [Double] = []
        var now = 0.0
        while starts.count < 6 {
            let start = limiter.earliestStart(chat: "1", perChat: true, now: now)
            now = start
            limiter.record(chat: "1", perChat: true, now: start)
            starts.append(start)
        }
        #expect(starts == [0, 0, 0, 1, 2, 3])
        #expect(limiter.earliestStart(chat: "2", perChat: true, now: now) == now, "other chats are not slowed")
        #expect(limiter.earliestStart(chat: "1", perChat: false, now: now) == now, "deletions skip the chat's pace")
    }

    @Test func atMostThirtyCallsInAnySecond() {
        var limiter = RateLimiter()
        for chat in 0..<30 { limiter.record(chat: String(chat), perChat: true, now: 0.5) }
        #expect(limiter.earliestStart(chat: "99", perChat: true, now: 0.6) == 1.5)
        #expect(limiter.earliestStart(chat: "99", perChat: true, now: 1.5) == 1.5)
    }

    @Test func anOutboxKeepsEachChatInOrderAndOneCallAtATime() {
        var outbox = Outbox<TestCall>(limiter: RateLimiter(chatRate: 1, chatBurst: 3))
        outbox.enqueue([.send("a1", to: "1"), .send("a2", to: "1"), .send("b1", to: "2")])
        guard case .call(let first) = outbox.next(now: 0), case .call(let second) = outbox.next(now: 0) else {
            Issue.record("two chats start at once")
            return
        }
        #expect([first.call.text, second.call.text] == ["a1", "b1"])
        #expect(outbox.next(now: 0) == .wait(until: nil), "a2 waits for a1")
        outbox.settle(first)
        guard case .call(let third) = outbox.next(now: 0) else {
            Issue.record("a2 goes once a1 is done")
            return
        }
        #expect(third.call.text == "a2")
    }

    @Test func aRetriedCallStaysFirstAndItsChatWaits() {
        var outbox = Outbox<TestCall>(limiter: RateLimiter())
        outbox.enqueue([.send("a1", to: "1"), .send("a2", to: "1")])
        guard case .call(let first) = outbox.next(now: 10) else {
            Issue.record("a1 starts")
            return
        }
        outbox.retry(first, after: 5, now: 10)  // 429, retry_after 5
        #expect(outbox.next(now: 12) == .wait(until: 15))
        guard case .call(let again) = outbox.next(now: 15) else {
            Issue.record("a1 again after retry_after")
            return
        }
        #expect(again.call.text == "a1" && again.failures == 1)
        #expect(outbox.calls.map(\.text) == ["a1", "a2"])
    }
}

struct MovedChatTests {
    @Test func aMovedChatTakesItsQueuedCallsAlongAndGoesOnAtOnce() {
        var outbox = Outbox<TestCall>(limiter: RateLimiter())
        outbox.enqueue([.send("a1", to: "1"), .send("a2", to: "1"), .send("b1", to: "2")])
        guard case .call(let first) = outbox.next(now: 0) else {
            Issue.record("a1 starts")
            return
        }
        outbox.move(first, to: "-100")
        #expect(outbox.calls.map(\.chat) == ["-100", "-100", "2"])
        guard case .call(let again) = outbox.next(now: 0) else {
            Issue.record("a1 again, at once, in the new chat")
            return
        }
        #expect(again.call == .send("a1", to: "-100"))
    }
}
