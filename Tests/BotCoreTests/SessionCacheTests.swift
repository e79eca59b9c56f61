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
}
