import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import BotCore

/// The turn processor on PostgreSQL when another process gets in the way: a batch that lost a write conflict runs
/// again, a lost connection answers its batch `internal` and the next batch connects again.
@Suite(.requiresPostgres) struct PostgresProcessorTests {
    private func processor(_ url: String) throws -> TurnProcessor<TestEnv> {
        let db = try Connection(postgres: DatabaseLocation(url))
        try Migrator.migrate(db, CoreStore.migrations)
        try db.executeSchema("CREATE TABLE IF NOT EXISTS shared (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        try db.run("INSERT INTO shared (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
        let clock = Clock.frozen(at: Date(timeIntervalSince1970: 1_777_000_000))
        return TurnProcessor(db: db, engine: TestCatalog.engine(), clock: clock, environment: TestEnv())
    }

    private func request(_ name: String) -> [ServerEvent] {
        [.request(AppRequest(connection: 0, chat: "console", name: name))]
    }

    @Test func aBatchThatLostAWriteConflictRunsAgainAndNothingOfItIsKeptTwice() throws {
        let url = try PostgresCluster.shared().createDatabase("retry")
        let bot = try processor(url)
        let other = try Connection(postgres: DatabaseLocation(url))
        let attempts = Mutex(0)
        let db = bot.db
        bot.requests = { _, _ in
            let attempt = attempts.withLock { count in
                count += 1
                return count
            }
            // The batch's snapshot is taken here; on the first attempt another process changes the row meanwhile.
            let seen = try db.scalarInt("SELECT n FROM shared WHERE id = 1") ?? -1
            if attempt == 1 { try other.run("UPDATE shared SET n = n + 100 WHERE id = 1") }
            try db.run("UPDATE shared SET n = ? WHERE id = 1", seen + 1)
            return .object(["seen": .number(String(seen))])
        }
        let routes = RouteTable()
        routes.opened(0)
        let answer = bot.handle(request("count"), routes: routes).map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(attempts.withLock { $0 } == 2)
        #expect(bot.serializationRetriesDone == 1)
        #expect(answer.count == 1 && answer[0].contains("\"seen\":100"), "\(answer)")
        #expect(try other.scalarInt("SELECT n FROM shared WHERE id = 1") == 101, "no update lost, none made twice")
    }

    @Test func aBatchThatKeepsLosingIsAnsweredOverloaded() throws {
        let url = try PostgresCluster.shared().createDatabase("overloaded")
        let bot = try processor(url)
        let other = try Connection(postgres: DatabaseLocation(url))
        let db = bot.db
        bot.requests = { _, _ in
            _ = try db.scalarInt("SELECT n FROM shared WHERE id = 1")
            try other.run("UPDATE shared SET n = n + 1 WHERE id = 1")
            try db.run("UPDATE shared SET n = n + 1000 WHERE id = 1")
            return .object([:])
        }
        let routes = RouteTable()
        routes.opened(0)
        let answer = bot.handle(request("count"), routes: routes).map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(answer.count == 1 && answer[0].contains("\"code\":\"overloaded\""), "\(answer)")
        let runs = TurnProcessor<TestEnv>.serializationRetries + 1
        #expect(try other.scalarInt("SELECT n FROM shared WHERE id = 1") == runs, "only the other process's updates")
    }

    @Test func aLostConnectionAnswersItsBatchInternalAndTheNextBatchGoesOn() throws {
        let url = try PostgresCluster.shared().createDatabase("lost")
        let bot = try processor(url)
        let routes = RouteTable()
        routes.opened(0)
        let start = bot.handle(
            [.job(Job(connection: 0, message: ChatMessage(chat: "c", text: "/start", id: "1")))], routes: routes)
        #expect(ServerLine.decode(Array(start[0].bytes.dropLast()))?.type == "turn")
        let admin = try Connection(postgres: DatabaseLocation(url))
        let pid = try #require(try bot.db.scalarInt("SELECT pg_backend_pid()"))
        try admin.run("SELECT pg_terminate_backend(CAST(? AS INTEGER))", pid)
        let lost = bot.handle(
            [.job(Job(connection: 0, message: ChatMessage(chat: "c", text: "form", id: "2")))], routes: routes)
        let refusal = ServerLine.decode(Array(lost[0].bytes.dropLast()))
        #expect(refusal?.type == "error" && refusal?.code == "internal" && refusal?.replyTo == "2")
        #expect(try admin.scalarInt("SELECT count(*) FROM turn_log WHERE message_id = '2'") == 0)
        // Sent again with the same id: the connection is made again and the message handled once.
        let again = bot.handle(
            [.job(Job(connection: 0, message: ChatMessage(chat: "c", text: "form", id: "2")))], routes: routes)
        let turn = ServerLine.decode(Array(again[0].bytes.dropLast()))
        #expect(turn?.type == "turn" && turn?.duplicate == false && turn?.step == "ask_name")
    }

    @Test func maintenanceRunsInOneProcessAtATimeAndMovesWhenItEnds() throws {
        let url = try PostgresCluster.shared().createDatabase("maintenance")
        let runs = Mutex<[String]>([])
        var first: TurnProcessor<TestEnv>? = try processor(url)
        let second = try processor(url)
        first?.maintenance = {
            runs.withLock { $0.append("first") }
            return []
        }
        second.maintenance = {
            runs.withLock { $0.append("second") }
            return []
        }
        let routes = RouteTable()
        for _ in 0..<3 {
            _ = first?.runMaintenance(routes: routes)
            _ = second.runMaintenance(routes: routes)
        }
        #expect(runs.withLock { $0 } == ["first", "first", "first"])
        first = nil  // that process ends: its connection closes, and once the server has seen it the lease is free
        let deadline = Date().addingTimeInterval(5)
        while runs.withLock({ $0.last }) != "second" && Date() < deadline {
            _ = second.runMaintenance(routes: routes)
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(runs.withLock { $0 }.last == "second")
    }
}
