import BotCore
import Foundation
import Testing

@Suite struct TurnProcessorTests {
    private func processor(path: String = temporaryDatabasePath()) throws -> TurnProcessor<TestEnv> {
        let db = try Connection(path: path)
        try Migrator.migrate(db, CoreStore.migrations)
        let clock = Clock.frozen(at: Date(timeIntervalSince1970: 1_777_000_000))
        return TurnProcessor(db: db, engine: TestCatalog.engine(), clock: clock, environment: TestEnv())
    }

    @Test func aRepeatedIDIsAnsweredAgainAndChangesNothing() throws {
        let bot = try processor()
        let routes = RouteTable()
        routes.opened(0)
        _ = bot.exchange(ChatMessage(chat: "c", text: "/start", id: "1"), routes: routes)
        let first = bot.exchange(ChatMessage(chat: "c", text: "form", id: "2"), routes: routes)
        let again = bot.exchange(ChatMessage(chat: "c", text: "form", id: "2"), routes: routes)
        #expect(first.count == 1 && again.count == 1)
        #expect(again[0].1.duplicate && !first[0].1.duplicate)
        #expect(again[0].1.messages == first[0].1.messages)
        let next = bot.exchange(ChatMessage(chat: "c", text: "Ada", id: "3"), routes: routes)
        #expect(next[0].1.step == "ask_code", "the duplicate did not advance the form")
    }

    @Test func sessionsSurviveReopeningTheDatabase() throws {
        let path = temporaryDatabasePath()
        let routes = RouteTable()
        routes.opened(0)
        do {
            let bot = try processor(path: path)
            _ = bot.exchange(ChatMessage(chat: "c", text: "/start"), routes: routes)
            _ = bot.exchange(ChatMessage(chat: "c", text: "form"), routes: routes)
        }
        let reopened = try processor(path: path)
        let turn = reopened.exchange(ChatMessage(chat: "c", text: "/help"), routes: routes)
        #expect(turn.first?.1.dialog == "help")
        let back = reopened.exchange(ChatMessage(chat: "c", text: "ok"), routes: routes)
        #expect(back.first?.1.step == "ask_name")
    }

    @Test func aFailingTurnIsAnInternalErrorAndOtherChatsGoOn() throws {
        let bot = try processor()
        let routes = RouteTable()
        routes.opened(0)
        let hooks = LockedBox<[String]>([])
        bot.hooks = BatchHooks(
            didCommit: {
                hooks.value.append("commit")
                return { hooks.value.append("durable") }
            }, didRollBack: { hooks.value.append("rollback") },
            willBeginTurn: { hooks.value.append("turn") }, didFailTurn: { hooks.value.append("failed") })
        let events: [ServerEvent] = [
            .job(Job(connection: 0, message: ChatMessage(chat: "a", text: "/start", id: "a1"))),
            .job(Job(connection: 0, message: ChatMessage(chat: "a", text: "boom", id: "a2"))),
            .ping(connection: 0, id: "p"),
            .job(Job(connection: 0, message: ChatMessage(chat: "b", text: "/start", id: "b1"))),
        ]
        let lines = bot.handle(events, routes: routes).compactMap { ServerLine.decode(Array($0.bytes.dropLast())) }
        #expect(lines.map(\.type) == ["turn", "error", "pong", "turn"])
        #expect(lines[1].code == "internal" && lines[1].replyTo == "a2")
        #expect(lines[3].chat == "b")
        #expect(
            hooks.value == ["turn", "turn", "failed", "turn", "commit", "durable"],
            "the application hears which turn failed; every commit is durable when it returns")
        let again = bot.exchange(ChatMessage(chat: "a", text: "form"), routes: routes)
        #expect(again.first?.1.dialog == "form", "the failed turn left chat a where it was")
    }

    @Test func aPushThatWaitedIsDeliveredOnceWhenTheChatSendsTwoMessagesInOneBatch() throws {
        let bot = try processor()
        let routes = RouteTable()
        routes.opened(0)
        _ = try bot.db.transaction {
            try CoreStore.enqueuePush(bot.db, Push(chat: "c", messages: [OutMessage("waited")]), at: Date())
        }
        let events: [ServerEvent] = [
            .job(Job(connection: 0, message: ChatMessage(chat: "c", text: "/start", id: "1"))),
            .job(Job(connection: 0, message: ChatMessage(chat: "c", text: "/help", id: "2"))),
            .attach(connection: 0, chat: "c"),
        ]
        let lines = bot.handle(events, routes: routes).compactMap { ServerLine.decode(Array($0.bytes.dropLast())) }
        #expect(lines.map(\.type) == ["push", "turn", "turn"])
        #expect(lines.first?.messages.first?.text == "waited")
        #expect(try bot.db.scalarInt("SELECT count(*) FROM push_queue") == 0)
    }

    /// The processor skips the stack check for a session its engine saved; one changed behind its back and read by
    /// a console's request first is still checked at the chat's next turn.
    @Test func aSessionChangedBehindTheProcessorsBackIsStillChecked() throws {
        let bot = try processor()
        bot.requests = { _, _ in .object([:]) }
        let routes = RouteTable()
        routes.opened(0)
        _ = bot.exchange(ChatMessage(chat: "c", text: "/start", id: "1"), routes: routes)
        _ = bot.exchange(ChatMessage(chat: "c", text: "form", id: "2"), routes: routes)
        var stored = try #require(try CoreStore.loadSession(bot.db, chat: "c"))
        stored.frames[1].version = 0  // as if the form's flow had changed since
        _ = try bot.db.transaction { try CoreStore.saveSession(bot.db, chat: "c", stored, at: Date()) }
        _ = bot.handle([.request(AppRequest(connection: 0, chat: "c", name: "look"))], routes: routes)
        let turn = bot.exchange(ChatMessage(chat: "c", text: "Ada", id: "3"), routes: routes)
        #expect(turn.first?.1.dialog == "menu")
        #expect(turn.first?.1.messages.first?.text == "ru:core.flow_changed")
    }
}
