import BotCore
import Dialogs
import Foundation
import Testing

/// Faults injected into the processor's own connection, so they hit exactly where a test wants them and run
/// anywhere: the database turned read-only (`PRAGMA query_only`) and the disk full (`PRAGMA max_page_count`).
@Suite(.serialized) struct FaultInProcessTests {
    /// The school bot on a fresh database, driven as `serve` drives it.
    final class Bot {
        let folder = crashTestFolder("fault-inprocess")
        let processor: TurnProcessor<SchoolEnvironment>
        let routes = RouteTable()
        var db: Connection { processor.db }

        init(directors: Int = 1, teachers: Int = 2) throws {
            let path = folder.appendingPathComponent("bot.sqlite").path
            try seedCrashDatabase(path: path, directors: directors, teachers: teachers)
            processor = try SchoolBot.makeProcessor(
                BotConfiguration(
                    databasePath: path, clock: Clock.frozen(at: Clock.parseInstant("2026-05-12T10:00:00+03:00")!),
                    durability: .normal, random: .seeded(3), passwordCost: 1))
            routes.opened(0)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// One message in a batch of its own; the line that answered it.
        func send(_ chat: String, _ text: String, id: String) -> ServerLine? {
            batch([(chat, text, id)]).first
        }

        /// Messages handled in one batch (one transaction); the answers, in order.
        func batch(_ messages: [(chat: String, text: String, id: String)]) -> [ServerLine] {
            let events = messages.map {
                ServerEvent.job(Job(connection: 0, message: ChatMessage(chat: $0.chat, text: $0.text, id: $0.id)))
            }
            return processor.handle(events, routes: routes).compactMap { ServerLine.decode(Array($0.bytes.dropLast())) }
                .filter { $0.type != "push" }
        }

        /// What a message may change: every session, the turn log, decisions, tickets.
        func state() throws -> String {
            let sessions = try db.query("SELECT chat, state FROM chat_session ORDER BY chat") {
                "\($0.text(0))=\($0.text(1))"
            }
            var text = sessions.joined(separator: "\n")
            for table in ["turn_log", "decision", "ticket", "ticket_message", "credential_request"] {
                text += "\n\(table) \(try db.scalarInt("SELECT count(*) FROM \(table)") ?? -1)"
            }
            return text
        }

        func outboxCount() -> Int {
            let new = folder.appendingPathComponent("outbox/new").path
            return (try? FileManager.default.contentsOfDirectory(atPath: new).count) ?? 0
        }
    }

    @Test func aDatabaseTurnedReadOnlyRefusesCleanlyAndRecovers() throws {
        let bot = try Bot()
        for (index, text) in ["/login", "dir0", "pass-dir-0", "Подтвердить пользователей"].enumerated() {
            try #require(bot.send("dir", text, id: "s\(index)")?.type == "turn")
        }
        let before = try bot.state()
        try bot.db.execute("PRAGMA query_only = ON")
        let refused = bot.send("dir", "подтвердить 1", id: "confirm")
        #expect(refused?.type == "error" && refused?.code == "internal" && refused?.replyTo == "confirm")
        #expect(try bot.state() == before, "nothing of the decision was kept")
        #expect(bot.send("new", "/start", id: "n1")?.code == "internal")

        try bot.db.execute("PRAGMA query_only = OFF")
        let confirmed = bot.send("dir", "подтвердить 1", id: "confirm")
        #expect(confirmed?.type == "turn" && confirmed?.duplicate == false && confirmed?.step == "list")
        #expect(try bot.db.scalarInt("SELECT count(*) FROM decision") == 1)
        #expect(bot.send("new", "/start", id: "n1")?.step == "main")
    }

    @Test func aFullDiskRefusesCleanlyAndRecovers() throws {
        let bot = try Bot()
        try #require(bot.send("warm", "/start", id: "w")?.type == "turn")
        let pages = try #require(try bot.db.scalarInt("PRAGMA page_count"))
        try bot.db.execute("PRAGMA max_page_count = \(pages)")
        var failed: (chat: String, state: String)?
        for index in 0..<500 {
            let before = try bot.state()
            let answer = bot.send("chat\(index)", "/start", id: "m")
            if answer?.type == "error" {
                #expect(answer?.code == "internal" && answer?.replyTo == "m")
                #expect(try bot.state() == before, "the refused message left nothing")
                failed = ("chat\(index)", before)
                break
            }
            #expect(answer?.step == "main")
        }
        let full = try #require(failed, "the pages ran out")
        #expect(bot.send(full.chat, "/start", id: "m")?.code == "internal", "still full: still refused")
        try bot.db.execute("PRAGMA max_page_count = 1073741823")
        let answer = bot.send(full.chat, "/start", id: "m")
        #expect(answer?.type == "turn" && answer?.duplicate == false && answer?.step == "main")
        #expect(try bot.db.scalarText("PRAGMA integrity_check") == "ok")
    }

    /// SQLite may roll a whole transaction back when one statement fails for want of space: the messages after
    /// it in the same batch must not then run outside any transaction, half-written and answered with an error.
    @Test func aFaultThatEndsTheTransactionLeavesNoMessageOfTheBatchHalfWritten() throws {
        let bot = try Bot()
        try #require(bot.send("big", "позовите оператора", id: "b1")?.step == "ask_question")
        try #require(bot.send("old", "/start", id: "o1")?.type == "turn")
        // Two free pages: room for a small message, not for an 8 KiB question.
        let filler = String(repeating: "x", count: 7_000)
        try bot.db.execute("INSERT INTO push_queue (chat, messages, created_at) VALUES ('x', '\(filler)', 0)")
        try bot.db.execute("DELETE FROM push_queue")
        let pages = try #require(try bot.db.scalarInt("PRAGMA page_count"))
        try bot.db.execute("PRAGMA max_page_count = \(pages)")
        let question = String(repeating: "Вопрос про логин. ", count: 220)
        let before = try bot.state()
        let answers = bot.batch([
            ("old", "/help", "o2"), ("big", question, "b2"), ("small", "/start", "s1"),
            ("old", "Когда придёт логин?", "o3"),
        ])
        try #require(answers.count == 4)
        let db = bot.db
        for (answer, (chat, id)) in zip(answers, [("old", "o2"), ("big", "b2"), ("small", "s1"), ("old", "o3")]) {
            let stored = try db.scalarInt("SELECT count(*) FROM turn_log WHERE chat = ? AND message_id = ?", chat, id)
            if answer.type == "error" {
                #expect(stored == 0, "\(chat) \(id) was answered with an error but its turn was stored")
            } else {
                #expect(stored == 1, "\(chat) \(id) was answered but its turn was not stored")
            }
        }
        if answers.allSatisfy({ $0.type == "error" }) {
            #expect(try bot.state() == before, "a batch refused whole changed nothing")
        }
        try db.execute("PRAGMA max_page_count = 1073741823")
        #expect(bot.send("small", "/start", id: "s1")?.type == "turn")
        #expect(bot.send("big", question, id: "b2")?.step == "waiting")
        #expect(try db.scalarText("PRAGMA integrity_check") == "ok")
    }
}
