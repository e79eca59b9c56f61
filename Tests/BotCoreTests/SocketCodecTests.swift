import BotCore
import Foundation
import Testing

/// `StateJSON`, the coder the turn writer stores sessions, states and turns with: it must read what
/// `JSONEncoder` wrote (databases from before it) and write what `JSONDecoder` reads.
@Suite struct StateJSONTests {
    enum Phase: Codable, Equatable {
        case form(FormState)
        case letter(requestID: Int, email: String)
        case idle
    }

    struct Sample: Codable, Equatable {
        var phase: Phase
        var note: String?
        var count: Int8 = -3
        var big: UInt64 = .max
        var ratio: Double = 0.1
        var whole: Double = 2
        var flags: [Bool] = [true, false]
        var table: [String: [Int]] = ["b": [1, 2], "a": []]
        var byNumber: [Int: String] = [3: "three", 10: "ten"]
        var when = Date(timeIntervalSince1970: 1_777_000_000.25)
        var blob = Data([0, 1, 2, 250])
        var link = URL(string: "https://example.ru/a?b=c")!
        var text = "кавычки \" \\ / \n\t\u{1} ёж 🦔"
    }

    static let samples: [Sample] = [
        Sample(phase: .form(FormState(values: ["inn": "7707083893", "name": "МБОУ"], position: .asking(2)))),
        Sample(phase: .letter(requestID: 7, email: "a@b.ru"), note: "n"),
        Sample(phase: .idle, note: nil, count: 0, big: 0, ratio: -1e-20, whole: 1e300, flags: [], table: [:]),
    ]

    @Test(arguments: samples) func itRoundTripsAndAgreesWithFoundation(sample: Sample) throws {
        let ours = try StateJSON.encode(sample)
        #expect(try StateJSON.decode(Sample.self, from: ours) == sample)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(ours.utf8)) == sample, "Foundation reads ours")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let theirs = try encoder.encode(sample)
        #expect(try StateJSON.decode(Sample.self, from: Array(theirs)) == sample, "we read Foundation's")
    }

    @Test func sessionsAndTurnsMatchFoundationByteForByte() throws {
        var session = Session(language: .en)
        session.frames = [Frame(id: "menu", version: 1, state: #"{"options":["help"]}"#)]
        session.invalidStreak = 2
        session.keyboard = Keyboard(step: "menu/main", rows: [["Да", "Нет"], ["Меню"]])
        let turn = Turn(
            messages: [OutMessage("Текст\nещё", buttons: [["Да", "Нет"]], input: .secret)], dialog: "d", step: "s")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try StateJSON.encode(session) == String(decoding: try encoder.encode(session), as: UTF8.self))
        #expect(try StateJSON.encode(turn) == String(decoding: try encoder.encode(turn), as: UTF8.self))
    }

    @Test func badInputIsADecodingError() {
        #expect(throws: DecodingError.self) { try StateJSON.decode(Sample.self, from: "{") }
        #expect(throws: DecodingError.self) { try StateJSON.decode(Sample.self, from: #"{"phase":{"idle":{}}}"#) }
        #expect(throws: DecodingError.self) { try StateJSON.decode(Int8.self, from: "300") }
        #expect(throws: DecodingError.self) { try StateJSON.decode(String.self, from: "5") }
        #expect(throws: EncodingError.self) { try StateJSON.encode([Double.nan]) }
    }

    @Test func theTurnWritersSessionAndTurnRecordsMatchCodable() throws {
        #expect(Mirror(reflecting: Session()).children.count == 5, "a new Session field must be written by CoreStore")
        #expect(Mirror(reflecting: Keyboard(step: "", rows: [])).children.count == 2)
        #expect(Mirror(reflecting: Frame(id: "", version: 0, state: "")).children.count == 3)
        #expect(Mirror(reflecting: Turn(messages: [], dialog: "", step: "")).children.count == 3)
        #expect(Mirror(reflecting: OutMessage("")).children.count == 4)
        #expect(Mirror(reflecting: MessageTable(columns: [], rows: [])).children.count == 2)
        let db = try Connection(path: temporaryDatabasePath())
        try Migrator.migrate(db, CoreStore.migrations)
        var sessions = [Session(), Session(language: .en)]
        sessions[1].frames = [
            Frame(id: "menu", version: 1, state: #"{"options":["help"],"unknown":false}"#),
            Frame(id: "form", version: 3, state: #"{"values":{"name":"Ада \"А\" /x"}}"#),
        ]
        sessions[1].invalidStreak = 2
        sessions[1].keyboard = Keyboard(step: "form/ask_name", rows: [["Назад", "Отмена"], ["\"/x\""]])
        for (index, session) in sessions.enumerated() {
            try CoreStore.saveSession(db, chat: "c\(index)", session, at: Date())
            let stored = try #require(try db.scalarText("SELECT state FROM chat_session WHERE chat = ?", "c\(index)"))
            #expect(stored == (try StateJSON.encode(session)))
            #expect(try CoreStore.loadSession(db, chat: "c\(index)") == session)
        }
        let turn = Turn(
            messages: [
                OutMessage(
                    "a\nb", buttons: [["Да"], ["Нет", "/back"]], input: .text,
                    table: MessageTable(columns: ["x"], rows: [["1"], []])),
                OutMessage("plain"),
            ], dialog: "credentials", step: "ask_inn")
        try CoreStore.recordTurn(db, chat: "c", messageID: "m", turn, at: Date())
        let stored = try #require(try db.scalarText("SELECT turn FROM turn_log WHERE chat = 'c'"))
        #expect(stored == (try StateJSON.encode(turn)))
        #expect(try CoreStore.answeredTurn(db, chat: "c", messageID: "m") == turn)
    }

    @Test func aSessionOfAnotherShapeIsStillReadThroughCodable() throws {
        let db = try Connection(path: temporaryDatabasePath())
        try Migrator.migrate(db, CoreStore.migrations)
        try db.run(
            "INSERT INTO chat_session (chat, state, updated_at) VALUES ('x', ?, 0)",
            #"{"format":1.0,"frames":[],"invalidStreak":0,"extra":true}"#)
        #expect(try CoreStore.loadSession(db, chat: "x") == Session())
        try db.run("UPDATE chat_session SET state = ? WHERE chat = 'x'", #"{"format":1,"frames":[]}"#)
        #expect(try CoreStore.loadSession(db, chat: "x") == nil, "a broken record is a fresh start, as before")
    }

    @Test func theTurnWriterFollowsTheStoredSessionNotItsMemory() throws {
        let path = temporaryDatabasePath()
        let db = try Connection(path: path)
        try Migrator.migrate(db, CoreStore.migrations)
        let clock = Clock.frozen(at: Date(timeIntervalSince1970: 1_777_000_000))
        let bot = TurnProcessor(db: db, engine: TestCatalog.engine(), clock: clock, environment: TestEnv())
        let routes = RouteTable()
        routes.opened(0)
        _ = bot.exchange(ChatMessage(chat: "c", text: "/start"), routes: routes)
        let atMenu = try #require(try db.scalarText("SELECT state FROM chat_session WHERE chat = 'c'"))
        #expect(bot.exchange(ChatMessage(chat: "c", text: "form"), routes: routes).first?.1.step == "ask_name")
        try db.run("UPDATE chat_session SET state = ? WHERE chat = 'c'", atMenu)  // someone else wrote it
        let next = bot.exchange(ChatMessage(chat: "c", text: "Ada"), routes: routes)
        #expect(next.first?.1.dialog == "menu", "the stored session wins over the one kept in memory")
    }
}
