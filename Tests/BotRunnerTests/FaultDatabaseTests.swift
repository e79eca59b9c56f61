import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The database misbehaves under a running server: locked by another process, the disk full, read-only.
///
/// The bot waits or answers a clear error, never hangs or dies, keeps nothing half-written, and recovers.
@Suite(.serialized) struct FaultDatabaseTests {
    /// A director logged in and looking at the list of 2 pending teachers, on `folder`'s database.
    private func directorAtTheList(_ server: ServeProcess) throws {
        let steps: [(String, String)] = [
            ("/login", "ask_login"), ("dir0", "ask_password"), ("pass-dir-0", "main"),
            ("Подтвердить пользователей", "list"),
        ]
        for (index, (text, step)) in steps.enumerated() {
            let turn = server.exchange(messageLine(chat: "dir", text, id: "setup-\(index)"))
            try #require(turn?.step == step, "\(text): \(String(describing: turn))")
        }
    }

    /// What a confirm would change: decisions, the teachers' statuses, the director's session, the turn log.
    private func decisionState(_ path: String) throws -> String {
        let db = try openDatabase(path)
        let decisions = try db.scalarInt("SELECT count(*) FROM decision") ?? -1
        let pending = try db.scalarInt("SELECT count(*) FROM account WHERE role = 'teacher' AND status = 'pending'")
        let session = try db.scalarText("SELECT state FROM chat_session WHERE chat = 'dir'") ?? "-"
        let turns = try db.scalarInt("SELECT count(*) FROM turn_log") ?? -1
        return "decisions \(decisions), pending \(pending ?? -1), turns \(turns), session \(session)"
    }

    @Test func aDatabaseLockedByAnotherProcessIsWaitedForThenAnsweredOverloaded() throws {
        let folder = crashTestFolder("fault-lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        let server = try ServeProcess(ServeProcess.stdio(folder: folder), logURL: folder.appendingPathComponent("log"))
        #expect(server.exchange(messageLine(chat: "lock", "/start", id: "1"))?.step == "main")
        let other = try openDatabase(path)

        // Locked for a second: the bot waits and answers as usual.
        try other.execute("BEGIN IMMEDIATE")
        let shortStart = Date()
        #expect(server.send(messageLine(chat: "lock", "/help", id: "2")))
        #expect(server.readLines(timeout: 1).isEmpty, "no answer while the lock is held")
        try other.execute("COMMIT")
        let help = server.next()
        #expect(help?.type == "turn" && help?.step == "overview")
        #expect(Date().timeIntervalSince(shortStart) >= 1)

        // Locked past the busy timeout (5 s): `overloaded` for the message, nothing kept, no hang, no crash.
        try other.execute("BEGIN IMMEDIATE")
        let before = try String(describing: other.scalarText("SELECT state FROM chat_session WHERE chat = 'lock'"))
        let longStart = Date()
        #expect(server.send(messageLine(chat: "lock", "Когда придёт логин?", id: "3")))
        let refused = server.next(timeout: 15)
        #expect(refused?.type == "error" && refused?.code == "overloaded" && refused?.replyTo == "3")
        #expect(Date().timeIntervalSince(longStart) >= 4, "the bot waited for the lock first")
        #expect(server.isRunning)
        try other.execute("ROLLBACK")
        #expect(
            try String(describing: other.scalarText("SELECT state FROM chat_session WHERE chat = 'lock'")) == before)
        #expect(try other.scalarInt("SELECT count(*) FROM turn_log WHERE message_id = '3'") == 0)

        // The lock is gone: the same message id is handled as new, from the step the chat was in.
        let again = server.exchange(messageLine(chat: "lock", "Когда придёт логин?", id: "3"))
        #expect(again?.type == "turn" && again?.duplicate == false && again?.step == "faq_when_login")
        #expect(server.log().contains("busy") || server.log().contains("locked"), "the log says why")
        #expect(server.finish() == 0)
    }

    @Test func aFullDiskGivesAClearErrorKeepsNothingHalfWrittenAndRecovers() throws {
        guard let disk = FaultDisk(megabytes: 4) else {
            print("fault: no tmpfs (not root); the full disk is injected in-process only (FaultInProcessTests)")
            return
        }
        defer { disk.unmount() }
        let logs = crashTestFolder("fault-full-log")
        defer { try? FileManager.default.removeItem(at: logs) }
        let path = disk.url.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 2)
        let server = try ServeProcess(ServeProcess.stdio(folder: disk.url), logURL: logs.appendingPathComponent("log"))
        try directorAtTheList(server)
        let before = try decisionState(path)

        let filler = disk.fill()
        for attempt in 0..<3 {
            let refused = server.exchange(messageLine(chat: "dir", "подтвердить 1", id: "confirm"))
            #expect(refused?.type == "error" && refused?.code == "internal", "attempt \(attempt)")
            #expect(refused?.replyTo == "confirm" && refused?.message?.contains("send it again") == true)
            #expect(try decisionState(path) == before, "nothing of the decision was kept")
        }
        #expect(server.isRunning)
        #expect(server.log().contains("disk is full"), "the log says the disk is full")
        // Other chats are refused the same way, and the server stays up.
        #expect(server.exchange(messageLine(chat: "other", "/start", id: "o1"))?.code == "internal")

        try FileManager.default.removeItem(at: filler)
        let confirmed = server.exchange(messageLine(chat: "dir", "подтвердить 1", id: "confirm"))
        #expect(confirmed?.type == "turn" && confirmed?.duplicate == false && confirmed?.step == "list")
        #expect(confirmed?.messages.first?.text.contains("Подтверждено: 1.") == true)
        #expect(server.exchange(messageLine(chat: "other", "/start", id: "o1"))?.step == "main")
        #expect(server.finish() == 0)
        let db = try openDatabase(path)
        #expect(try db.scalarInt("SELECT count(*) FROM decision") == 1, "the decision once")
        #expect(try db.scalarText("PRAGMA integrity_check") == "ok")
    }

    @Test func aReadOnlyDatabaseIsRefusedClearlyAndServedAgainWhenWritable() throws {
        guard let disk = FaultDisk(megabytes: 4) else {
            print("fault: no tmpfs (not root); the read-only database is injected in-process only")
            return
        }
        defer { disk.unmount() }
        let logs = crashTestFolder("fault-ro-log")
        defer { try? FileManager.default.removeItem(at: logs) }
        let path = disk.url.appendingPathComponent("bot.sqlite").path
        let log = logs.appendingPathComponent("log")
        var server = try ServeProcess(ServeProcess.stdio(folder: disk.url), logURL: log)
        #expect(server.exchange(messageLine(chat: "ro", "/start", id: "1"))?.step == "main")
        #expect(server.finish() == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        try #require(disk.remount(readOnly: true))
        server = try ServeProcess(ServeProcess.stdio(folder: disk.url), logURL: log)
        server.send(messageLine(chat: "ro", "/help", id: "2"))
        let status = server.finish(timeout: 15)
        #expect(status != nil && status != 0, "the server refuses to run on a database it cannot write")
        #expect(server.log().contains("read-only"), "the error says why: \(server.log().suffix(400))")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        try #require(disk.remount(readOnly: false))
        server = try ServeProcess(ServeProcess.stdio(folder: disk.url), logURL: log)
        let help = server.exchange(messageLine(chat: "ro", "/help", id: "2"))
        #expect(help?.type == "turn" && help?.step == "overview" && help?.duplicate == false)
        #expect(server.finish() == 0)
    }
}
