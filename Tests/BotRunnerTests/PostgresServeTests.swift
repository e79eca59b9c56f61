import BotCore
import Foundation
import PostgresTestSupport
import Testing

/// Two `botrunner serve --stdio` processes on one PostgreSQL database, as several servers behind the bridges share it.
///
/// A message id answered by one is answered by the other as a duplicate, a chat's session is the same in both, and
/// chats whose messages go to either process run to the end with each request recorded once. The crash case (one of
/// the two killed under load) is in `PostgresServeCrashTests.swift`.
@Suite(.serialized, .requiresPostgres) struct PostgresServeTests {
    @Test func theSameMessageIDSentToAnotherProcessIsAnsweredOnce() throws {
        let pair = try PostgresServePair("serve_dup")
        defer { pair.close() }
        let chat = "tg:pg-1"
        func line(_ text: String, id: String) -> String {
            let bytes = WireCodec.encodeMessage(ChatMessage(chat: chat, text: text, id: id))
            return String(decoding: bytes.dropLast(), as: UTF8.self)  // exchange() adds the newline
        }

        let first = try #require(pair.a.exchange(line("/start", id: "1")), "A: \(pair.logs())")
        #expect(first.type == "turn" && first.replyTo == "1" && !first.duplicate)
        #expect(first.dialog == "menu" && first.step == "main")
        #expect(!first.messages.isEmpty)

        // The same line to the other process: the first turn again, marked duplicate.
        let again = try #require(pair.b.exchange(line("/start", id: "1")), "B: \(pair.logs())")
        #expect(again.type == "turn" && again.replyTo == "1" && again.duplicate)
        #expect(again.messages == first.messages)
        #expect(again.dialog == first.dialog && again.step == first.step)

        // The chat goes on in B from where A left it, and in A from where B left it.
        let second = try #require(pair.b.exchange(line("Нет логина и пароля", id: "2")))
        #expect(second.type == "turn" && second.replyTo == "2" && !second.duplicate)
        #expect(second.dialog == "credentials" && second.step == "ask_name", "\(second)")
        let third = try #require(pair.a.exchange(line("МБОУ СОШ № 1 г. Казани", id: "3")))
        #expect(third.type == "turn" && third.replyTo == "3" && !third.duplicate)
        #expect(third.dialog == "credentials" && third.step == "ask_inn", "\(third)")
        // And B's answer, asked of A, is B's.
        let secondAgain = try #require(pair.a.exchange(line("Нет логина и пароля", id: "2")))
        #expect(secondAgain.duplicate && secondAgain.messages == second.messages && secondAgain.step == "ask_name")

        let db = try pair.connection()
        #expect(try db.scalarInt("SELECT count(*) FROM turn_log WHERE chat = ?", chat) == 3)
        #expect(
            try db.query("SELECT message_id FROM turn_log WHERE chat = ? ORDER BY message_id", chat) { $0.text(0) }
                == ["1", "2", "3"])
        #expect(try db.scalarInt("SELECT count(*) FROM chat_session WHERE chat = ?", chat) == 1)
        #expect(pair.stop() == [0, 0], "both exit cleanly: \(pair.logs())")
    }

    @Test func chatsSpreadOverTwoProcessesRunToTheEnd() throws {
        let pair = try PostgresServePair("serve_spread")
        defer { pair.close() }
        let scripts = (0..<40).map(CrashScript.reference)
        let processes = [pair.a, pair.b]
        var answered = Array(repeating: 0, count: scripts.count)
        var last: [Int: ServerLine] = [:]
        var outstanding: [String: (index: Int, to: Int)] = [:]
        var problems: [String] = []

        // Message k of a chat goes to A when k is even, else to B; the next one only once the answer came.
        func send(_ index: Int) {
            let script = scripts[index]
            let step = answered[index]
            let id = CrashClient.id(script, step)
            outstanding[id] = (index, step % 2)
            let ok = processes[step % 2].write(
                WireCodec.encodeMessage(ChatMessage(chat: script.chat, text: script.steps[step].text, id: id)))
            if !ok { problems.append("\(id): process \(step % 2 == 0 ? "A" : "B") took no input") }
        }
        scripts.indices.forEach(send)
        var quietSince = Date()
        while !outstanding.isEmpty && problems.count < 20 {
            var got = false
            for (from, process) in processes.enumerated() {
                for bytes in process.readLines(timeout: 0.005) {
                    got = true
                    guard let line = ServerLine.decode(bytes), line.type == "turn", let id = line.replyTo,
                        let sent = outstanding.removeValue(forKey: id)
                    else {
                        problems.append("unexpected line: \(String(decoding: bytes.prefix(300), as: UTF8.self))")
                        continue
                    }
                    let index = sent.index
                    let expected = scripts[index].steps[answered[index]]
                    if from != sent.to { problems.append("\(id) sent to \(sent.to) answered by \(from)") }
                    if line.duplicate { problems.append("\(id): a first answer marked duplicate") }
                    if line.dialog != expected.dialog || line.step != expected.step {
                        let text = line.messages.first?.text.prefix(120) ?? ""
                        problems.append(
                            "\(id): expected \(expected.dialog)/\(expected.step), got "
                                + "\(line.dialog ?? "-")/\(line.step ?? "-"): \(text)")
                    }
                    answered[index] += 1
                    last[index] = line
                    if answered[index] < scripts[index].steps.count { send(index) }
                }
            }
            if got {
                quietSince = Date()
            } else {
                try #require(Date().timeIntervalSince(quietSince) < 30, "no answer for 30 s: \(pair.logs())")
                try #require(pair.a.isRunning && pair.b.isRunning, "a server exited: \(pair.logs())")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")

        for (index, script) in scripts.enumerated() {
            #expect(answered[index] == script.steps.count, "\(script.chat) answered \(answered[index])")
            #expect(last[index]?.dialog == "credentials" && last[index]?.step == "letter", "\(script.chat) ended")
        }
        let db = try pair.connection()
        let requests = try db.query("SELECT chat, count(*) FROM credential_request GROUP BY chat") {
            "\($0.text(0))=\($0.int(1))"
        }
        #expect(requests.sorted() == scripts.map { "\($0.chat)=1" }.sorted(), "one credential request per chat")
        #expect(try db.scalarInt("SELECT count(*) FROM credential_request") == scripts.count)
        let logged = try db.query("SELECT chat, message_id FROM turn_log") { "\($0.text(0))|\($0.text(1))" }
        let expectedIDs = scripts.flatMap { script in
            script.steps.indices.map { "\(script.chat)|\(CrashClient.id(script, $0))" }
        }
        #expect(logged.count == expectedIDs.count && Set(logged) == Set(expectedIDs), "turn_log holds every id once")
        #expect(pair.stop() == [0, 0], "both exit cleanly: \(pair.logs())")
    }
}

/// Two `botrunner serve --stdio` processes, A and B, on one fresh PostgreSQL database with a pinned clock, sharing
/// one folder (their current folder, with the outbox and the inbox).
///
/// Each process's database sessions carry its name (`PGAPPNAME`), so a test can see when a killed one's are gone.
final class PostgresServePair {
    let url: String
    let folder: URL
    private(set) var a: ServeProcess
    let b: ServeProcess

    init(_ name: String) throws {
        url = try PostgresCluster.shared().createDatabase(name)
        folder = crashTestFolder("pg-serve")
        a = try Self.start("a", url: url, folder: folder)
        b = try Self.start("b", url: url, folder: folder)
    }

    private static func start(_ name: String, url: String, folder: URL) throws -> ServeProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["PGAPPNAME"] = applicationName(name)
        return try ServeProcess(
            [
                "serve", "--stdio", "--db", url, "--outbox", folder.appendingPathComponent("outbox").path,
                "--inbox", folder.appendingPathComponent("inbox").path, "--now", "2026-04-30T10:00:00+03:00",
            ], logURL: folder.appendingPathComponent("\(name).log"), environment: environment, directory: folder)
    }

    static func applicationName(_ name: String) -> String { "botrunner-serve-\(name)" }

    /// A new process A on the same database and folder (after `a.kill()`).
    func restartA() throws {
        a = try Self.start("a", url: url, folder: folder)
    }

    /// A connection of the test's own.
    func connection() throws -> Connection {
        try Connection.open(DatabaseLocation(url))
    }

    /// How many database sessions process `name` ("a" or "b") has open.
    func sessions(of name: String) throws -> Int {
        try connection().scalarInt(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
            Self.applicationName(name)) ?? -1
    }

    /// Waits until process `name` has no database session left (the server ended a killed one's, rolling back
    /// what it had not committed and letting go of its locks); false after `timeout` seconds.
    func waitUntilDisconnected(_ name: String, timeout: TimeInterval = 30) throws -> Bool {
        let db = try connection()
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let count = try db.scalarInt(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
                Self.applicationName(name))
            if count == 0 { return true }
            guard Date() < deadline else { return false }
            usleep(10_000)
        }
    }

    /// Ends both the graceful way; their exit statuses.
    func stop() -> [Int32?] {
        [a.isRunning ? a.finish() : nil, b.finish()]
    }

    /// The end of both logs, for failure messages.
    func logs() -> String {
        "A: \(a.log().suffix(1_500))\nB: \(b.log().suffix(1_500))"
    }

    /// Kills what still runs and removes the folder.
    func close() {
        for process in [a, b] where process.isRunning { process.kill() }
        try? FileManager.default.removeItem(at: folder)
    }
}
