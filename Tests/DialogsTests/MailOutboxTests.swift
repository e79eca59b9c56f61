import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The outbox delivers exactly the e-mails of committed turns, once, also across a crash between a turn's
/// commit and the delivery, and keeps an e-mail it cannot write yet.
@Suite struct MailOutboxTests {
    /// A database with the journal, an outbox folder, and the outbox as the live bot builds it.
    private struct World {
        let folder: URL
        let db: Connection
        var outboxFolder: URL { folder.appendingPathComponent("outbox") }
        var spoolFolder: URL { folder.appendingPathComponent("mail-spool") }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            db = try Connection(path: folder.appendingPathComponent("bot.sqlite").path)
            _ = try Migrator.migrate(db, SchoolBot.migrations)
        }

        /// A new outbox on the same database and folder: the bot after a restart.
        func outbox(spooling: Bool = true) -> MailOutbox {
            MailOutbox(
                folder: outboxFolder, domain: "educont.ru", clock: Clock(), random: .system, journal: db,
                spool: spooling ? spoolFolder : nil)
        }

        func names(in subfolder: String, of root: URL? = nil) -> [String] {
            let path = (root ?? outboxFolder).appendingPathComponent(subfolder).path
            return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        }

        func journalCount() throws -> Int {
            try db.queryFirst("SELECT count(*) FROM outbox_staged") { $0.int(0) } ?? -1
        }

        func subjects() throws -> [String] {
            try names(in: "new").map { name in
                try MailMessage.parse(Data(contentsOf: outboxFolder.appendingPathComponent("new/\(name)"))).subject
            }.sorted()
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }

        /// A file in place of the outbox folder: nothing can be written there until `mendOutbox`.
        func breakOutbox() throws { try Data("not a folder".utf8).write(to: outboxFolder) }

        func mendOutbox() throws { try FileManager.default.removeItem(at: outboxFolder) }

        /// One turn sends an e-mail and its batch commits.
        func sendAndCommit(_ outbox: MailOutbox, _ subject: String) throws {
            try db.transaction { _ = try outbox.send(MailOutboxTests.mail(subject)) }
            outbox.didCommit()
        }
    }

    static func mail(_ subject: String) -> OutgoingMail {
        OutgoingMail(
            from: MailAddress(address: "noreply@educont.ru"), to: [MailAddress(address: "school1@example.ru")],
            subject: subject, body: "Отчёт во вложении.")
    }

    @Test func aMessageWaitsInTmpUntilTheCommitAndIsDeliveredOnce() throws {
        let world = try World()
        defer { world.remove() }
        let outbox = world.outbox()
        try world.db.transaction {
            try outbox.send(Self.mail("Отчёт №1"))
            #expect(world.names(in: "tmp").count == 1)
            #expect(world.names(in: "new").isEmpty, "nothing reaches new/ before the commit")
        }
        outbox.didCommit()
        #expect(try world.subjects() == ["Отчёт №1"])
        #expect(world.names(in: "tmp").isEmpty)
        #expect(try world.journalCount() == 0)
        outbox.didCommit()
        world.outbox().recover()
        #expect(world.names(in: "new").count == 1, "delivered once")
    }

    @Test func aCommitNotYetDurableDeliversNothingUntilItIs() throws {
        let world = try World()
        defer { world.remove() }
        let outbox = world.outbox()
        #expect(outbox.committed() == nil, "a commit that sent nothing leaves nothing to wait for")
        try world.db.transaction { _ = try outbox.send(Self.mail("Отчёт №1")) }
        let first = try #require(outbox.committed())
        try world.db.transaction { _ = try outbox.send(Self.mail("Отчёт №2")) }
        let second = try #require(outbox.committed())
        #expect(world.names(in: "new").isEmpty, "committed, not yet durable: nothing leaves")
        #expect(world.names(in: "tmp").count == 2)
        #expect(try world.journalCount() == 2)
        first()
        #expect(try world.subjects() == ["Отчёт №1"], "only the durable commit's e-mail")
        #expect(try world.journalCount() == 1)
        second()
        #expect(try world.subjects() == ["Отчёт №1", "Отчёт №2"])
        #expect(world.names(in: "tmp").isEmpty)
        #expect(try world.journalCount() == 0)
    }

    @Test func aCrashBetweenTheCommitAndTheDeliveryLosesNothing() throws {
        let world = try World()
        defer { world.remove() }
        let before = world.outbox()
        try world.db.transaction {
            try before.send(Self.mail("Отчёт №1"))
            try before.send(Self.mail("Отчёт №2"))
        }
        // The process dies here: the turn committed, its e-mails are still in tmp/.
        #expect(world.names(in: "new").isEmpty)
        #expect(try world.journalCount() == 2)
        let after = world.outbox()
        after.recover()
        #expect(try world.subjects() == ["Отчёт №1", "Отчёт №2"])
        #expect(world.names(in: "tmp").isEmpty)
        #expect(try world.journalCount() == 0)
        world.outbox().recover()
        #expect(world.names(in: "new").count == 2, "a second start delivers nothing twice")
    }

    @Test func aRolledBackBatchSendsNothing() throws {
        let world = try World()
        defer { world.remove() }
        let outbox = world.outbox()
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try world.db.transaction {
                try outbox.send(Self.mail("Отчёт №1"))
                throw Failure()
            }
        }
        outbox.didRollBack()
        world.outbox().recover()
        #expect(world.names(in: "new").isEmpty)
        #expect(world.names(in: "tmp").isEmpty)
        #expect(try world.journalCount() == 0)
    }

    @Test func aTurnThatFailedInACommittedBatchSendsNothing() throws {
        let world = try World()
        defer { world.remove() }
        let outbox = world.outbox()
        struct Failure: Error {}
        try world.db.transaction {
            try outbox.send(Self.mail("Другая беседа"))
            // One turn of the batch fails after composing its e-mail; the batch goes on and commits.
            _ = try? world.db.transaction {
                try outbox.send(Self.mail("Неудачный ход"))
                throw Failure()
            }
        }
        outbox.didCommit()
        #expect(try world.subjects() == ["Другая беседа"])
        #expect(world.names(in: "tmp").isEmpty)
    }

    @Test func aMessageTheOutboxCannotTakeWaitsInTheSpoolAndGoesOutLater() throws {
        let world = try World()
        defer { world.remove() }
        try world.breakOutbox()
        let outbox = world.outbox()
        var logged: [String] = []
        outbox.log = { logged.append($0) }
        try world.sendAndCommit(outbox, "Отчёт №1")
        #expect(outbox.pendingCount == 1)
        #expect(world.names(in: "tmp", of: world.spoolFolder).count == 1)
        #expect(logged.contains { $0.contains("kept for retry") })
        #expect(!logged.joined().contains("Отчёт во вложении"), "the log never holds the mail")

        try world.mendOutbox()
        outbox.didCommit()
        #expect(try world.subjects() == ["Отчёт №1"])
        #expect(outbox.pendingCount == 0)
        #expect(world.names(in: "tmp", of: world.spoolFolder).isEmpty)
        #expect(try world.journalCount() == 0)
    }

    @Test func aSpooledMessageSurvivesACrashAndIsDeliveredOnce() throws {
        let world = try World()
        defer { world.remove() }
        try world.breakOutbox()
        try world.sendAndCommit(world.outbox(), "Отчёт №1")
        // The process dies while the outbox is still broken; it is mended before the next start.
        try world.mendOutbox()
        let after = world.outbox()
        after.recover()
        #expect(try world.subjects() == ["Отчёт №1"])
        #expect(world.names(in: "tmp", of: world.spoolFolder).isEmpty)
        #expect(try world.journalCount() == 0)
        world.outbox().recover()
        #expect(world.names(in: "new").count == 1, "delivered once")
    }

    @Test func aSpooledMessageCopiedBeforeACrashIsNotCopiedTwice() throws {
        let world = try World()
        defer { world.remove() }
        try world.breakOutbox()
        try world.sendAndCommit(world.outbox(), "Отчёт №1")
        try world.mendOutbox()
        // The copy reached the outbox, then the process died before the spooled file went.
        let spooled = try #require(world.names(in: "tmp", of: world.spoolFolder).first)
        let outbox = try Maildir(root: world.outboxFolder)
        _ = try outbox.stage(
            Data(contentsOf: world.spoolFolder.appendingPathComponent("tmp/\(spooled)")), name: spooled)
        try outbox.publish(spooled)
        world.outbox().recover()
        #expect(world.names(in: "new") == [spooled])
        #expect(world.names(in: "tmp", of: world.spoolFolder).isEmpty)
        #expect(try world.journalCount() == 0)
    }

    @Test func withNowhereToStageAMessageWaitsInMemory() throws {
        let world = try World()
        defer { world.remove() }
        try world.breakOutbox()
        let outbox = world.outbox(spooling: false)
        try world.sendAndCommit(outbox, "Отчёт №1")
        #expect(outbox.pendingCount == 1)
        #expect(try world.journalCount() == 0)
        try world.mendOutbox()
        outbox.didCommit()
        #expect(try world.subjects() == ["Отчёт №1"])
    }

    @Test func aTurnThatFailedWhileMailWaitsInMemorySendsNothing() throws {
        let world = try World()
        defer { world.remove() }
        try world.breakOutbox()
        let outbox = world.outbox(spooling: false)
        struct Failure: Error {}
        try world.db.transaction {
            outbox.willBeginTurn()
            try outbox.send(Self.mail("Другая беседа"))
            outbox.willBeginTurn()
            _ = try? world.db.transaction {
                try outbox.send(Self.mail("Неудачный ход"))
                throw Failure()
            }
            outbox.didFailTurn()
            outbox.willBeginTurn()
            try outbox.send(Self.mail("Следующий ход"))
        }
        outbox.didCommit()
        #expect(outbox.pendingCount == 2)
        try world.mendOutbox()
        outbox.didCommit()
        #expect(try world.subjects() == ["Другая беседа", "Следующий ход"])
    }

    @Test func aMessageThatCannotReachNewIsDeliveredAtTheNextStart() throws {
        let world = try World()
        defer { world.remove() }
        let outbox = world.outbox()
        try world.db.transaction { _ = try outbox.send(Self.mail("Отчёт №1")) }
        // new/ becomes unusable between the staging and the commit.
        let new = world.outboxFolder.appendingPathComponent("new")
        try FileManager.default.removeItem(at: new)
        try Data().write(to: new)
        outbox.didCommit()
        #expect(outbox.pendingCount == 1)
        #expect(try world.journalCount() == 1)

        try FileManager.default.removeItem(at: new)
        world.outbox().recover()
        #expect(try world.subjects() == ["Отчёт №1"])
        #expect(try world.journalCount() == 0)
    }

    @Test func aStartWithNothingStagedMakesNoFolder() throws {
        let world = try World()
        defer { world.remove() }
        world.outbox().recover()
        #expect(!FileManager.default.fileExists(atPath: world.outboxFolder.path))
    }

    @Test func abandonedStagedFilesThatNoTurnCommittedAreRemoved() throws {
        let world = try World()
        defer { world.remove() }
        _ = try Maildir(root: world.outboxFolder)
        let tmp = world.outboxFolder.appendingPathComponent("tmp")
        try Data("old".utf8).write(to: tmp.appendingPathComponent("1.old"))
        try Data("fresh".utf8).write(to: tmp.appendingPathComponent("2.fresh"))
        var times = [timespec(tv_sec: time(nil) - 37 * 3_600, tv_nsec: 0)]
        times.append(times[0])
        #expect(utimensat(AT_FDCWD, tmp.appendingPathComponent("1.old").path, times, 0) == 0)
        // Written on this host by a process that has ended (a pid above any pid_max), and by this one.
        let host = ProcessInfo.processInfo.hostName
        let ended = "1764400000.M1P2147483000Q1.\(host)"
        let running = "1764400000.M1P\(ProcessInfo.processInfo.processIdentifier)Q1.\(host)"
        try Data("ended".utf8).write(to: tmp.appendingPathComponent(ended))
        try Data("running".utf8).write(to: tmp.appendingPathComponent(running))
        world.outbox().recover()
        #expect(
            world.names(in: "tmp") == ["2.fresh", running].sorted(),
            "a fresh file of another or a running process may belong to a turn under way")
        #expect(world.names(in: "new").isEmpty)
    }
}
