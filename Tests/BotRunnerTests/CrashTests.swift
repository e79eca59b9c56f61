import BotCore
import Cabinet
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Whether the long modes run (`BOT_LONG_TESTS=1 swift test`).
let longTests = ProcessInfo.processInfo.environment["BOT_LONG_TESTS"] == "1"

/// The server under load is killed with SIGKILL at random moments and restarted on the same database; nothing it
/// acknowledged may be lost, and nothing may happen twice.
///
/// Hundreds of chats talk at once (directors confirming teachers and sending a report by e-mail, people filling
/// in the credentials form), with a window of messages outstanding. After every restart: answered message ids sent
/// again are answered with the same turn marked duplicate and change nothing in the database or the outbox; the
/// messages whose answer never came are sent again with the same ids, and every chat goes on from the step its
/// last answer left it in. At the end every decision the client saw confirmed is in the database exactly once,
/// every report it saw sent is stored once and its e-mail is in the outbox once, every request it saw recorded is
/// there once, and every answered id is in the turn log. `BOT_CRASH_SEED` repeats a run; `BOT_CRASH_KILLS` sets
/// the number of kills over standard I/O.
@Suite(.serialized) struct CrashTests {
    @Test func killedAtRandomMomentsOverStandardIO() throws {
        let kills = ProcessInfo.processInfo.environment["BOT_CRASH_KILLS"].flatMap(Int.init) ?? (longTests ? 30 : 3)
        try run(overTCP: false, kills: kills, chats: longTests ? 600 : 200, directors: longTests ? 60 : 20)
    }

    /// The same over one TCP connection that carries every chat, as a messenger bridge does; after each kill the
    /// client connects again and says hello.
    @Test func killedAtRandomMomentsOverTCP() throws {
        try run(overTCP: true, kills: longTests ? 20 : 2, chats: longTests ? 300 : 100, directors: longTests ? 30 : 10)
    }

    private func run(overTCP: Bool, kills: Int, chats: Int, directors: Int) throws {
        let teachers = longTests ? 6 : 5
        let seed =
            ProcessInfo.processInfo.environment["BOT_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...1 << 40)
        var random = RandomSource.seeded(seed)
        let folder = crashTestFolder("crash")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: database, directors: directors, teachers: teachers)

        var scripts: [CrashScript] = []
        for index in 0..<chats {
            scripts.append(
                index % (chats / directors) == 0 && index / (chats / directors) < directors
                    ? .director(index / (chats / directors), teachers: teachers)
                    : .credentials(index, helpRounds: 3))
        }
        let client = CrashClient(scripts: scripts, window: 64)
        let points = (0..<kills).map { _ in Int.random(in: 1..<client.totalSteps, using: &random) }.sorted()
        let server = try CrashServer(folder: folder, overTCP: overTCP)
        var survived = 0
        var duplicatesChecked = 0
        var mailsAtRestart = 0
        for point in points {
            try pump(server, client) { client.received >= point }
            // A full window in flight, then a moment later the kill: some of it answered and unread, some
            // committed and unanswered, some still in the pipe or in a batch.
            #expect(server.transport.write(client.nextBatch()))
            usleep(UInt32.random(in: 0...15_000, using: &random))
            var mailsAtKill = 0
            try server.killAndRestart { mailsAtKill = deliveredMails(database) }
            survived += 1
            duplicatesChecked += try checkDuplicates(server.transport, client, database: database, random: &random)
            // Checked once the restarted server answered: e-mails of committed turns the kill left staged.
            mailsAtRestart += deliveredMails(database) - mailsAtKill
            #expect(server.transport.write(client.resendOutstanding()))
        }
        try pump(server, client) { client.isDone }
        #expect(server.stop() == 0)

        #expect(client.problems.count == 0, "seed \(seed): \(client.problems.prefix(10))")
        try verifyStoredState(client, database: database, seed: seed)
        #expect(survived == kills)
        print(
            "crash (\(overTCP ? "tcp" : "stdio")): \(survived) SIGKILLs survived (seed \(seed)); \(chats) chats, "
                + "\(client.received) turns received (\(client.duplicates) as duplicates after a restart), "
                + "\(duplicatesChecked) answered ids resent; "
                + "\(client.confirmed.values.map(\.count).reduce(0, +)) decisions confirmed and "
                + "\(client.reported.count) reports e-mailed (\(mailsAtRestart) of the e-mails delivered by a restart), "
                + "none lost or doubled")
    }

    /// Sends and receives until `done`, failing when the server stops answering.
    private func pump(_ server: CrashServer, _ client: CrashClient, until done: () -> Bool) throws {
        var quietSince = Date()
        while !done() {
            let batch = client.nextBatch()
            if !batch.isEmpty {
                try #require(server.transport.write(batch), "the server took no input")
            }
            let lines = server.transport.readLines(timeout: 0.05)
            if lines.isEmpty {
                let log = server.process.log().suffix(2_000)
                try #require(Date().timeIntervalSince(quietSince) < 30, "no answer for 30 s: \(log)")
                try #require(server.process.isRunning, "the server exited: \(log)")
                continue
            }
            quietSince = Date()
            lines.forEach(client.receive)
        }
    }

    /// Resends a sample of answered ids: each must come back as the same turn, marked duplicate, and the database
    /// must not change.
    ///
    /// Returns how many were checked.
    private func checkDuplicates(
        _ server: LineTransport, _ client: CrashClient, database: String, random: inout RandomSource
    ) throws -> Int {
        // The server answers a ping only once it has started, e-mails left staged by the kill delivered.
        #expect(server.write(Array(#"{"type":"ping","id":"ready"}"#.utf8) + [0x0A]))
        let readyBy = Date().addingTimeInterval(30)
        var ready = false
        while !ready && Date() < readyBy {
            ready = server.readLines(timeout: 1).compactMap(ServerLine.decode).contains { $0.type == "pong" }
        }
        try #require(ready, "the restarted server answered no ping")
        let before = try fingerprint(database)
        let sample = client.answeredSample(24, using: &random)
        var bytes: [UInt8] = []
        for answered in sample {
            bytes += WireCodec.encodeMessage(ChatMessage(chat: answered.chat, text: answered.text, id: answered.id))
        }
        #expect(server.write(bytes))
        var answers: [String: ServerLine] = [:]
        let deadline = Date().addingTimeInterval(30)
        while answers.count < sample.count && Date() < deadline {
            for line in server.readLines(timeout: 1).compactMap(ServerLine.decode) {
                if let id = line.replyTo { answers[id] = line }
            }
        }
        for answered in sample {
            let line = answers[answered.id]
            #expect(line?.type == "turn" && line?.duplicate == true, "\(answered.id) resent after a restart")
            #expect(line?.messages == answered.messages, "\(answered.id): the same answer again")
        }
        #expect(try fingerprint(database) == before, "resending answered ids changed the database")
        return sample.count
    }

    /// How many e-mails are in the outbox's `new/`.
    private func deliveredMails(_ database: String) -> Int {
        let new = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("outbox/new")
        return (try? FileManager.default.contentsOfDirectory(atPath: new.path).count) ?? 0
    }

    /// The sessions, the row counts of every table a turn may write, and the e-mails in the outbox.
    private func fingerprint(_ path: String) throws -> String {
        try turnTablesFingerprint(Connection(path: path)) + "\nmails: \(deliveredMails(path))"
    }

    private func verifyStoredState(_ client: CrashClient, database: String, seed: UInt64) throws {
        let db = try Connection(path: database)
        // Every e-mail a committed turn promised is in the outbox once, none waits in tmp/ or in the journal.
        let outbox = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("outbox")
        let new = outbox.appendingPathComponent("new")
        let mails = try FileManager.default.contentsOfDirectory(atPath: new.path).map {
            try MailMessage.parse(Data(contentsOf: new.appendingPathComponent($0)))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("tmp").path).isEmpty)
        #expect(try db.scalarInt("SELECT count(*) FROM outbox_staged") == 0)
        for (index, script) in client.scripts.enumerated() {
            switch script.kind {
            case .director(let login):
                let rows = try confirmedDecisions(db, director: login)
                #expect(rows.map(\.0) == client.confirmed[index] ?? [], "seed \(seed): \(login)'s decisions")
                #expect(rows.allSatisfy { $0.1 == 1 }, "seed \(seed): \(login): a decision stored twice")
                let confirmedTeachers = try db.scalarInt(
                    """
                    SELECT count(*) FROM account t JOIN account d ON d.organization_id = t.organization_id
                    WHERE d.login = ? AND t.role = 'teacher' AND t.status = 'confirmed'
                    """, login)
                #expect(confirmedTeachers == rows.count)
                let reports = try db.scalarInt(
                    "SELECT count(*) FROM report r JOIN account d ON d.organization_id = r.organization_id WHERE d.login = ?",
                    login)
                #expect(reports == (client.reported.contains(index) ? 1 : 0), "seed \(seed): \(login)'s report")
                let school = String(login.dropFirst("dir".count))
                let copies = mails.filter { $0.to.first?.address == "s\(school)@example.ru" }
                #expect(
                    copies.count == (client.reported.contains(index) ? 1 : 0)
                        && copies.allSatisfy { $0.subject.contains("Отчёт №1") },
                    "seed \(seed): \(login)'s report e-mail, once: \(copies.map(\.subject))")
            case .credentials(let inn):
                let statuses = try db.query("SELECT status FROM credential_request WHERE inn = ?", inn) { $0.text(0) }
                #expect(statuses == ["sent"], "seed \(seed): \(script.chat)'s request")
            }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM turn_log") == client.totalSteps, "every answered id is kept")
    }
}
