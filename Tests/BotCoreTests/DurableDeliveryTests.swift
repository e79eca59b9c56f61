import BotCore
import Foundation
import Synchronization
import Testing

@testable import BotCore

/// Commits synced off the writer's thread: nothing a commit holds is acknowledged (or published) before a sync
/// that began after it; a failed sync acknowledges nothing more.
@Suite struct DurableDeliveryTests {
    private func processor(path: String = temporaryDatabasePath(), durability: Durability = .full) throws
        -> TurnProcessor<TestEnv>
    {
        let db = try Connection(path: path, durability: durability)
        try Migrator.migrate(db, CoreStore.migrations)
        let clock = Clock.frozen(at: Date(timeIntervalSince1970: 1_777_000_000))
        return TurnProcessor(db: db, engine: TestCatalog.engine(), clock: clock, environment: TestEnv())
    }

    private func job(_ chat: String, _ text: String, id: String) -> ServerEvent {
        .job(Job(connection: 0, message: ChatMessage(chat: chat, text: text, id: id)))
    }

    @Test func onlyADurableSQLiteFileDefersItsSyncs() throws {
        let path = temporaryDatabasePath()
        let bot = try processor(path: path)
        let sync = try #require(try bot.deferCommitSyncs())
        #expect(sync.path.hasSuffix("-wal") && FileManager.default.fileExists(atPath: sync.path))
        #expect(try bot.db.scalarInt("PRAGMA synchronous") == 1, "the commit itself no longer fsyncs (NORMAL)")
        try sync.sync()
        #expect(try processor(durability: .normal).deferCommitSyncs() == nil, "nobody waits for the disk")
        #expect(try processor(path: ":memory:").deferCommitSyncs() == nil, "nothing to sync")
        #expect(try processor().db.scalarInt("PRAGMA synchronous") == 2, "without deferring, FULL as opened")
    }

    @Test func whatACommitStagedWaitsUntilThatCommitIsDurable() throws {
        let bot = try processor()
        _ = try bot.deferCommitSyncs()
        let routes = RouteTable()
        routes.opened(0)
        let published = LockedBox<[Int]>([])
        bot.hooks = BatchHooks(didCommit: {
            let batch = bot.commits  // counted before its hook runs
            return { published.value.append(batch) }
        })
        _ = bot.handle([job("a", "/start", id: "1")], routes: routes)
        _ = bot.handle([job("b", "/start", id: "2")], routes: routes)
        #expect(bot.commits == 2)
        #expect(published.value.isEmpty, "nothing is published before its commit is durable")
        bot.commitsBecameDurable(through: 1)
        #expect(published.value == [1])
        bot.commitsBecameDurable(through: 1)
        #expect(published.value == [1], "run once")
        bot.commitsBecameDurable(through: 2)
        #expect(published.value == [1, 2], "in commit order")
    }

    @Test func linesLeaveOnlyAfterASyncThatBeganAfterTheirCommit() throws {
        let gate = DispatchSemaphore(value: 0)
        let syncs = Atomic<Int>(0)
        let delivered = LockedBox<[[Outbound]]>([])
        let woken = Atomic<Int>(0)
        let delivery = DurableDelivery(
            sync: {
                syncs.add(1, ordering: .relaxed)
                gate.wait()
            }, log: { _ in }, didSync: { woken.add(1, ordering: .relaxed) },
            deliver: { delivered.value.append($0) })
        delivery.submit(
            commit: 1, events: [], outbound: [Outbound(connection: 0, bytes: Array("one\n".utf8), answered: 1)])
        while syncs.load(ordering: .relaxed) == 0 { usleep(1_000) }
        delivery.submit(
            commit: 2, events: [], outbound: [Outbound(connection: 0, bytes: Array("two\n".utf8), answered: 1)])
        delivery.submit(
            commit: 3, events: [], outbound: [Outbound(connection: 1, bytes: Array("three\n".utf8), answered: 1)])
        usleep(20_000)
        #expect(delivered.value.isEmpty, "nothing before the sync returns")
        let durableBefore = delivery.durableThrough.load(ordering: .relaxed)
        #expect(durableBefore == 0)
        gate.signal()
        gate.signal()
        delivery.finish()
        let lines = delivered.value.flatMap { $0.map { String(decoding: $0.bytes, as: UTF8.self) } }
        #expect(lines == ["one\n", "two\n", "three\n"], "in commit order")
        let syncsNow = syncs.load(ordering: .relaxed)
        #expect(syncsNow == 2, "batches 2 and 3 committed during the first sync share the second")
        let durableThroughNow = delivery.durableThrough.load(ordering: .relaxed)
        #expect(durableThroughNow == 3)
        let wokenNow = woken.load(ordering: .relaxed)
        #expect(wokenNow == 2)
        let failedNow = delivery.failed.load(ordering: .relaxed)
        #expect(!failedNow)
    }

    @Test func aHeldBatchAndAllAfterItWaitForTheWriter() throws {
        let delivered = LockedBox<[String]>([])
        let syncs = Atomic<Int>(0)
        let delivery = DurableDelivery(
            sync: { syncs.add(1, ordering: .relaxed) }, log: { _ in }, didSync: {},
            deliver: { delivered.value += $0.map { String(decoding: $0.bytes, as: UTF8.self) } })
        func line(_ text: String) -> [Outbound] { [Outbound(connection: 0, bytes: Array(text.utf8), answered: 1)] }
        delivery.submit(commit: 1, events: [], outbound: line("plain"))
        delivery.submit(commit: 2, events: [], outbound: line("with mail"), held: true)
        delivery.submit(commit: 3, events: [], outbound: line("after"))
        while delivery.durableThrough.load(ordering: .relaxed) < 3 { usleep(1_000) }
        usleep(10_000)
        #expect(delivered.value == ["plain"], "the held batch waits for the writer's work, and the next for it")
        #expect(delivery.takeReady(through: 1).isEmpty, "not before the writer finished commit 2's work")
        let ready = delivery.takeReady(through: 3).map { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(ready == ["with mail", "after"])
        delivery.submit(commit: 4, events: [], outbound: line("later"))
        delivery.finish()
        #expect(delivered.value == ["plain", "later"], "once the writer took them, the thread delivers again")
    }

    @Test func aFailedSyncAcknowledgesNothingMore() throws {
        struct DiskGone: Error {}
        let syncs = Atomic<Int>(0)
        let delivered = LockedBox<[Outbound]>([])
        let logged = LockedBox<[String]>([])
        let delivery = DurableDelivery(
            sync: {
                syncs.add(1, ordering: .relaxed)
                throw DiskGone()
            }, log: { logged.value.append($0) }, didSync: {}, deliver: { delivered.value += $0 })
        let answered = [Outbound(connection: 4, bytes: Array("turn\n".utf8), answered: 2)]
        delivery.submit(
            commit: 1, events: [job("a", "hi", id: "m1"), .ping(connection: 0, id: "p1"), .wake(chat: "a")],
            outbound: answered)
        while !delivery.failed.load(ordering: .relaxed) { usleep(1_000) }
        delivery.submit(commit: 2, events: [job("b", "hi", id: "m2")], outbound: answered)
        delivery.finish()
        let lines = delivered.value.map { ServerLine.decode(Array($0.bytes.dropLast())) }
        #expect(lines.map { $0?.type } == ["error", "error", "error"], "no turn, only refusals")
        #expect(lines.map { $0?.code } == ["internal", "internal", "internal"])
        #expect(lines.map { $0?.replyTo } == ["m1", "p1", "m2"], "each answers its own line; a wake answers none")
        #expect(delivered.value.allSatisfy { $0.answered == 1 })
        let syncsNow = syncs.load(ordering: .relaxed)
        #expect(syncsNow == 1, "a failed fsync is never retried as if nothing happened")
        let durableThroughNow = delivery.durableThrough.load(ordering: .relaxed)
        #expect(durableThroughNow == 0)
        #expect(logged.value.count == 1 && logged.value[0].contains("stopping"))
    }
}
