import Foundation
import Testing

@testable import BotCore

/// The direct reader of stored sessions agrees with `Codable` on everything the writer makes, and leaves every
/// other shape to it.
@Suite struct SessionScannerTests {
    static var sessions: [Session] {
        var plain = Session()
        plain.frames = [Frame(id: "menu", version: 1, state: "{}")]
        var full = Session(language: .en)
        full.frames = [
            Frame(id: "menu", version: 0, state: #"{"options":["help"],"unknown":false}"#),
            Frame(id: "form", version: 12, state: #"{"values":{"name":"Ада \"А\" \\ /x"}}"#),
            Frame(id: "f", version: 3, state: "контроль \u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F} \n\r\t 😀 \u{202E}"),
            Frame(id: "", version: 1, state: ""),
        ]
        full.invalidStreak = 123_456
        full.keyboard = Keyboard(step: "form/ask_name", rows: [["Назад", "Отмена"], [], ["\"/x\"", ""]])
        var russian = Session(language: .ru)
        russian.keyboard = Keyboard(step: "s", rows: [])
        return [Session(), plain, full, russian]
    }

    @Test func whatTheWriterWritesIsReadBackAsCodableReadsIt() throws {
        for session in Self.sessions {
            let json = CoreStore.sessionJSONBytes(session)
            let scanned = try #require(SessionScanner.session(json), "\(String(decoding: json, as: UTF8.self))")
            #expect(scanned == session)
            #expect(scanned == (try StateJSON.decode(Session.self, from: json)))
        }
    }

    @Test(arguments: [
        #"{"format":1,"frames":[],"invalidStreak":0} "#,
        #"{ "format":1,"frames":[],"invalidStreak":0}"#,
        #"{"frames":[],"format":1,"invalidStreak":0}"#,
        #"{"format":1.0,"frames":[],"invalidStreak":0}"#,
        #"{"format":01,"frames":[],"invalidStreak":0}"#,
        #"{"format":-1,"frames":[],"invalidStreak":0}"#,
        #"{"format":1,"frames":[],"invalidStreak":0,"language":"de"}"#,
        #"{"format":1,"frames":[],"invalidStreak":0,"extra":true}"#,
        #"{"format":1,"frames":[{"id":"m","state":"\u0041","version":1}],"invalidStreak":0}"#,
        #"{"format":1,"frames":[{"id":"m","state":"\/","version":1}],"invalidStreak":0}"#,
        #"{"format":1,"frames":[{"id":"m","state":"a"}],"invalidStreak":0}"#,
        #"{"format":1,"frames":[,],"invalidStreak":0}"#,
        #"{"format":99999999999999999999,"frames":[],"invalidStreak":0}"#,
    ])
    func anyOtherShapeIsLeftToCodable(_ text: String) {
        #expect(SessionScanner.session(Array(text.utf8)) == nil)
    }

    @Test func everyCutShortRecordIsLeftToCodable() {
        let json = CoreStore.sessionJSONBytes(Self.sessions[2])
        for length in 0..<json.count {
            #expect(SessionScanner.session(Array(json[..<length])) == nil, "cut at \(length)")
        }
        var broken = json
        broken[broken.count / 2] = 0x0A  // a raw newline inside
        #expect(SessionScanner.session(broken) == nil)
    }
}
