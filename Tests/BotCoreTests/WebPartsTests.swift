import Foundation
import Testing

@testable import BotCore

/// The web channel's parts on their own: the request parser, the signed cookies, the event hubs, the rate limiter.
struct WebPartsTests {
    @Test func theParserTakesPipelinedRequestsAndDecodesTheQuery() throws {
        var parser = HTTPParser()
        let text =
            "GET /api/session?lang=en&q=%D0%B0+b HTTP/1.1\r\nHost: x\r\nCookie: a=1; bot_chat=v.s\r\n\r\n"
            + "POST /api/messages HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        parser.append(Array(text.utf8)[...])
        guard case .request(let first) = parser.next() else { Issue.record("no first request"); return }
        #expect(first.method == "GET" && first.path == "/api/session")
        #expect(first.query == ["lang": "en", "q": "а b"])
        #expect(first.cookie("bot_chat") == "v.s")
        #expect(!first.wantsClose)
        guard case .request(let second) = parser.next() else { Issue.record("no second request"); return }
        #expect(second.body == Array("{}".utf8))
        #expect(second.wantsClose)
        guard case .incomplete = parser.next() else { Issue.record("a third request from nothing"); return }
    }

    @Test func aBodyIsAwaitedUntilItsLengthArrives() {
        var parser = HTTPParser()
        parser.append(Array("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab".utf8)[...])
        guard case .incomplete = parser.next() else { Issue.record("answered before the body"); return }
        parser.append(Array("cde".utf8)[...])
        guard case .request(let request) = parser.next() else { Issue.record("no request"); return }
        #expect(request.body == Array("abcde".utf8))
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400), ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 70000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411), ("GET / HTTP/1.1\r\n: x\r\n\r\n", 400),
    ])
    func badRequestsGetTheirStatus(text: String, status: Int) {
        var parser = HTTPParser()
        parser.append(Array(text.utf8)[...])
        guard case .failure(let got, _) = parser.next() else { Issue.record("\(text) was taken"); return }
        #expect(got == status)
    }

    @Test func aSignedIDVerifiesAndAnyChangeDoesNot() throws {
        let key = try WebKey(secret: Array(repeating: 1, count: 32))
        let other = try WebKey(secret: Array(repeating: 2, count: 32))
        let id = WebKey.randomHex(bytes: 16)
        #expect(id.count == 32 && id != WebKey.randomHex(bytes: 16))
        let cookie = key.sign(id)
        #expect(key.verify(cookie) == id)
        #expect(other.verify(cookie) == nil)
        #expect(key.verify(String(cookie.dropLast()) + (cookie.hasSuffix("a") ? "b" : "a")) == nil)
        #expect(key.verify("x" + cookie.dropFirst()) == nil)
        #expect(key.verify(id) == nil)
        #expect(key.checkCSRF(key.csrf(for: id), for: id))
        #expect(!key.checkCSRF(other.csrf(for: id), for: id))
        #expect(!key.checkCSRF(nil, for: id))
        #expect(throws: WebKeyError.self) { try WebKey(secret: Array(repeating: 1, count: 31)) }
    }

    @Test func hubsReplayAfterAnIDOfThisBootAndEverythingForAnotherBoot() {
        let hubs = EventHubs(firstConnection: 100)
        let hub = hubs.hub(for: "web:a")
        #expect(hubs.hub(for: "web:a") === hub)
        let events = (1...3).map { hubs.publish(Array("p\($0)".utf8), to: hub) }
        #expect(hubs.replay(hub, after: hubs.eventID(events[0])).map(\.id) == [events[1].id, events[2].id])
        #expect(hubs.replay(hub, after: "0000-1").count == 3)
        #expect(hubs.replay(hub, after: nil).count == 3)
        for number in 0..<100 { _ = hubs.publish([UInt8(number)], to: hub) }
        #expect(hubs.replay(hub, after: nil).count == EventHubs.kept)
    }

    @Test func aHubClosedAfterTheLoopsReadingOfTheClockIsNotForgottenAndNothingTraps() {
        let hubs = EventHubs(firstConnection: 100)
        let hub = hubs.hub(for: "web:a")
        hub.idleSince = 2_000
        hubs.forgetQuiet(now: 1_000, quiet: 10)  // the stream closed after `now` was read
        #expect(hubs.byChat["web:a"] != nil)
        hubs.forgetQuiet(now: 3_000, quiet: 10)
        #expect(hubs.byChat["web:a"] == nil)
    }

    @Test func theRateLimiterAllowsABurstThenRefillsAtItsRate() {
        var limiter = RateLimiter(perSecond: 2, burst: 4)
        let start: UInt64 = 1_000_000_000
        for _ in 0..<4 { #expect(limiter.take("a", now: start) == nil) }
        #expect(limiter.take("a", now: start) == 1)
        #expect(limiter.take("b", now: start) == nil)  // another client has its own bucket
        #expect(limiter.take("a", now: start + 500_000_000) == nil)  // half a second: one token back
        #expect(limiter.take("a", now: start + 400_000_000) != nil)  // an earlier reading never traps
    }
}
