import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The crash suite on PostgreSQL, with two processes: one is killed under load and its chats fail over to the other,
/// as a bridge reconnects to another server. `BOT_PG_CRASH_SEED` repeats a run.
extension PostgresServeTests {
    @Test func killingOneOfTwoProcessesUnderLoadLosesNothingAndDoesNothingTwice() throws {
        let seed =
            ProcessInfo.processInfo.environment["BOT_PG_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...1 << 40)
        var random = RandomSource.seeded(seed)
        let pair = try PostgresServePair("serve_crash")
        defer { pair.close() }
        let chats = 120, directors = 12, teachers = 4
        try seedCrashDatabase(path: pair.url, directors: directors, teachers: teachers)

        // Every tenth chat a director; chats go to A and B two by two, so each has half, directors too.
        var scriptsOf: [[CrashScript]] = [[], []]
        for index in 0..<chats {
            let script: CrashScript =
                index % (chats / directors) == 0
                ? .director(index / (chats / directors), teachers: teachers) : .credentials(index, helpRounds: 1)
            scriptsOf[index % 4 < 2 ? 0 : 1].append(script)
        }
        let clientA = CrashClient(scripts: scriptsOf[0], window: 32)
        let clientB = CrashClient(scripts: scriptsOf[1], window: 32)
        var pump = FailoverPump(pair: pair, clients: [clientA, clientB], seed: seed)

        // A full window in flight on A, then a moment later the kill: some of it answered and unread, some
        // committed and unanswered, some still in the pipe or in a batch.
        let point = Int.random(in: clientA.totalSteps / 5...clientA.totalSteps * 3 / 5, using: &random)
        try pump.run { clientA.received >= point }
        #expect(try pair.sessions(of: "a") > 0, "A's database sessions are told apart by their name")
        #expect(pair.a.write(clientA.nextBatch()))
        usleep(UInt32.random(in: 0...40_000, using: &random))
        pair.a.kill()
        let answeredByA = clientA.turns
        try #require(try pair.waitUntilDisconnected("a"), "seed \(seed): A's database sessions outlived it")

        // Nothing A acknowledged is lost; what it committed without being heard must come back from B as a
        // duplicate, the rest as a first answer.
        let db = try pair.connection()
        let logged = Set(try db.query("SELECT message_id FROM turn_log") { $0.text(0) })
        let lost = answeredByA.keys.filter { !logged.contains($0) }
        #expect(lost.isEmpty, "seed \(seed): acknowledged by A and lost: \(lost.sorted().prefix(10))")
        pump.expectDuplicate = Dictionary(
            uniqueKeysWithValues: clientA.outstanding.keys.map { ($0, logged.contains($0)) })
        let inFlight = clientA.outstanding.count
        let committedUnheard = pump.expectDuplicate.values.filter { $0 }.count

        // A's chats fail over to B: the unanswered messages again with the same ids, then on to the end.
        pump.route = [1, 1]
        #expect(pair.b.write(clientA.resendOutstanding()))
        try pump.run { clientA.isDone && clientB.isDone }
        #expect(pump.expectDuplicate.isEmpty, "seed \(seed): resent ids never answered: \(pump.expectDuplicate.keys)")

        // Every id A answered, asked of B: the same answer, marked duplicate, and nothing changes.
        let before = try turnTablesFingerprint(db)
        let resent = try resendAnswered(answeredByA, of: clientA, to: pair.b, seed: seed)
        #expect(try turnTablesFingerprint(db) == before, "seed \(seed): resending answered ids changed the database")

        // A again, which delivers the e-mails of turns it committed and was killed before sending.
        try pair.restartA()
        #expect(pair.a.exchange(#"{"type":"ping","id":"up"}"#)?.type == "pong", "A is back: \(pair.logs())")
        #expect(pair.stop() == [0, 0], "both exit cleanly: \(pair.logs())")

        #expect(pump.problems.isEmpty, "seed \(seed): \(pump.problems.prefix(10))")
        for client in [clientA, clientB] {
            #expect(client.problems.isEmpty, "seed \(seed): \(client.problems.prefix(10))")
        }
        try verifyStoredState(
            [clientA, clientB], db: db, outbox: pair.folder.appendingPathComponent("outbox"), seed: seed)
        let decisions = [clientA, clientB].map { $0.confirmed.values.map(\.count).reduce(0, +) }.reduce(0, +)
        print(
            "postgres crash: seed \(seed); \(chats) chats over 2 processes, A killed after \(point) of its answers "
                + "with \(inFlight) in flight (\(committedUnheard) committed, unheard); "
                + "\(clientA.received + clientB.received) turns received "
                + "(\(clientA.duplicates) duplicates on failover), "
                + "\(resent) of A's answers asked of B again; \(decisions) decisions, "
                + "\(clientA.reported.count + clientB.reported.count) reports; none lost or doubled")
    }

    /// Sends every answered id in `answers` to `process` again, a window at a time; returns how many were sent.
    ///
    /// Each must come back as the same turn, marked duplicate.
    private func resendAnswered(
        _ answers: [String: [OutMessage]], of client: CrashClient, to process: ServeProcess, seed: UInt64
    ) throws -> Int {
        var texts: [String: (chat: String, text: String)] = [:]
        for script in client.scripts {
            for (step, line) in script.steps.enumerated() {
                texts[CrashClient.id(script, step)] = (script.chat, line.text)
            }
        }
        let ids = answers.keys.sorted()
        for start in stride(from: 0, to: ids.count, by: 32) {
            let chunk = Array(ids[start..<min(ids.count, start + 32)])
            var bytes: [UInt8] = []
            for id in chunk {
                let sent = try #require(texts[id])
                bytes += WireCodec.encodeMessage(ChatMessage(chat: sent.chat, text: sent.text, id: id))
            }
            #expect(process.write(bytes))
            var waiting = Set(chunk)
            let deadline = Date().addingTimeInterval(30)
            while !waiting.isEmpty && Date() < deadline {
                for line in process.readLines(timeout: 1).compactMap(ServerLine.decode) {
                    guard let id = line.replyTo, waiting.remove(id) != nil else {
                        Issue.record("seed \(seed): unexpected \(line.type) \(line.replyTo ?? "-") \(line.code ?? "")")
                        continue
                    }
                    #expect(line.type == "turn" && line.duplicate, "seed \(seed): \(id) asked of B again")
                    #expect(line.messages == answers[id], "seed \(seed): \(id): A's answer, from B")
                }
            }
            try #require(waiting.isEmpty, "seed \(seed): no answer to \(waiting.sorted().prefix(5))")
        }
        return ids.count
    }

    /// Every decision and report the clients saw is stored once, every request once, every answered id is in the
    /// turn log, and every report's e-mail is in the outbox once.
    private func verifyStoredState(_ clients: [CrashClient], db: Connection, outbox: URL, seed: UInt64) throws {
        let new = outbox.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        let mails = try names.map { try MailMessage.parse(Data(contentsOf: new.appendingPathComponent($0))) }
        #expect(try db.scalarInt("SELECT count(*) FROM outbox_staged") == 0, "seed \(seed): e-mails left staged")
        var expectedIDs: Set<String> = []
        for client in clients {
            #expect(client.isDone, "seed \(seed): every chat finished")
            for (index, script) in client.scripts.enumerated() {
                expectedIDs.formUnion(script.steps.indices.map { CrashClient.id(script, $0) })
                switch script.kind {
                case .director(let login):
                    let rows = try confirmedDecisions(db, director: login)
                    #expect(rows.map(\.0) == client.confirmed[index] ?? [], "seed \(seed): \(login)'s decisions")
                    #expect(rows.allSatisfy { $0.1 == 1 }, "seed \(seed): \(login): a decision stored twice: \(rows)")
                    let reports = try db.scalarInt(
                        """
                        SELECT count(*) FROM report r JOIN account d ON d.organization_id = r.organization_id
                        WHERE d.login = ?
                        """, login)
                    #expect(reports == (client.reported.contains(index) ? 1 : 0), "seed \(seed): \(login)'s report")
                    let school = String(login.dropFirst("dir".count))
                    let copies = mails.filter { $0.to.first?.address == "s\(school)@example.ru" }
                    #expect(
                        copies.count == (client.reported.contains(index) ? 1 : 0),
                        "seed \(seed): \(login)'s report e-mail, once: \(copies.map(\.subject))")
                case .credentials:
                    let statuses = try db.query("SELECT status FROM credential_request WHERE chat = ?", script.chat) {
                        $0.text(0)
                    }
                    #expect(statuses == ["sent"], "seed \(seed): \(script.chat)'s request")
                }
            }
        }
        let logged = try db.query("SELECT message_id FROM turn_log") { $0.text(0) }
        #expect(
            logged.count == expectedIDs.count && Set(logged) == expectedIDs,
            "seed \(seed): every answered id in turn_log once (\(logged.count) rows for \(expectedIDs.count) ids)")
    }
}

/// Drives the crash test's clients over the pair: client i's messages go to process `route[i]` (0: A, 1: B), and
/// every line read is handed to the client whose message it answers.
struct FailoverPump {
    let pair: PostgresServePair
    let clients: [CrashClient]
    let seed: UInt64
    var route = [0, 1]
    /// Ids resent after the kill: whether B must answer each as a duplicate (A had committed it).
    var expectDuplicate: [String: Bool] = [:]
    private(set) var problems: [String] = []

    init(pair: PostgresServePair, clients: [CrashClient], seed: UInt64) {
        self.pair = pair
        self.clients = clients
        self.seed = seed
    }

    private func process(_ number: Int) -> ServeProcess { number == 0 ? pair.a : pair.b }

    /// Sends and receives until `done`, failing when the servers stop answering.
    mutating func run(until done: () -> Bool) throws {
        var quietSince = Date()
        while !done() {
            for (client, number) in zip(clients, route) {
                let batch = client.nextBatch()
                if !batch.isEmpty {
                    try #require(process(number).write(batch), "seed \(seed): process \(number) took no input")
                }
            }
            var got = false
            for number in Set(route).sorted() {
                for bytes in process(number).readLines(timeout: 0.005) {
                    got = true
                    take(bytes, from: number)
                }
            }
            if got {
                quietSince = Date()
            } else {
                try #require(
                    Date().timeIntervalSince(quietSince) < 30, "seed \(seed): no answer for 30 s: \(pair.logs())")
                for number in Set(route) {
                    try #require(process(number).isRunning, "seed \(seed): process \(number) exited: \(pair.logs())")
                }
            }
        }
    }

    private mutating func take(_ bytes: [UInt8], from number: Int) {
        guard let line = ServerLine.decode(bytes), let id = line.replyTo,
            let owner = clients.indices.first(where: { clients[$0].outstanding[id] != nil })
        else {
            problems.append("process \(number): unexpected line \(String(decoding: bytes.prefix(300), as: UTF8.self))")
            return
        }
        if route[owner] != number { problems.append("\(id) answered by process \(number), sent to \(route[owner])") }
        if let duplicate = expectDuplicate.removeValue(forKey: id), line.type == "turn", line.duplicate != duplicate {
            problems.append(
                "\(id): committed by A before the kill: \(duplicate), yet B answered duplicate: \(line.duplicate)")
        }
        clients[owner].receive(bytes)
    }
}
