import Testing

@testable import BotCore

/// A cached session is reused only while the stored JSON is the same bytes.
@Suite struct SessionCacheTests {
    @Test func aSessionIsReusedForTheSameBytesOnly() {
        let cache = SessionCache(capacity: 4)
        let json = Array(#"{"format":1,"frames":[],"invalidStreak":0}"#.utf8)
        cache.store(Session(), json: json, for: "a", checked: true)
        cache.store(Session(), json: [], for: "b", checked: false)
        #expect(cache.session(for: "a", json: json) != nil)
        #expect(cache.session(for: "a", json: json.map { $0 == UInt8(ascii: "0") ? UInt8(ascii: "1") : $0 }) == nil)
        #expect(cache.session(for: "a", json: json + [0x20]) == nil)
        #expect(cache.session(for: "a", json: []) == nil)
        #expect(cache.session(for: "b", json: []) != nil)
        #expect(cache.session(for: "a", json: json)?.checked == true)
        #expect(cache.session(for: "b", json: [])?.checked == false, "a session only decoded is not known good")
        #expect(cache.session(for: "b", json: json) == nil)
        #expect(cache.session(for: "c", json: json) == nil)
    }

    @Test func pastItsCapacityEachNewChatTakesThePlaceOfTheOldest() {
        let cache = SessionCache(capacity: 3)
        let json: [UInt8] = [1]
        for chat in ["a", "b", "c"] { cache.store(Session(), json: json, for: chat, checked: true) }
        cache.store(Session(language: .en), json: json, for: "a", checked: true)  // a known chat: no one leaves
        #expect(cache.count == 3)
        #expect(cache.session(for: "a", json: json)?.session.language == .en)
        cache.store(Session(), json: json, for: "d", checked: true)
        #expect(cache.session(for: "a", json: json) == nil, "the oldest made room")
        #expect(["b", "c", "d"].allSatisfy { cache.session(for: $0, json: json) != nil })
        for chat in ["e", "f", "g", "h"] { cache.store(Session(), json: json, for: chat, checked: true) }
        #expect(cache.count == 3)
        #expect(["f", "g", "h"].allSatisfy { cache.session(for: $0, json: json) != nil })
        #expect(["b", "c", "d", "e"].allSatisfy { cache.session(for: $0, json: json) == nil })
    }
}
