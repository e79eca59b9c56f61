import Testing

@testable import BridgeCore

struct DeliveryLedgerTests {
    private func ledger(_ position: Int64 = 0, secretPrompts: [String: Int64] = [:]) -> DeliveryLedger {
        DeliveryLedger(addressing: testAddressing, position: position, secretPrompts: secretPrompts)
    }

    @Test func thePositionMovesOnlyWhenTheTurnArrives() {
        var ledger = ledger()
        let fresh = ledger.receive([update(10), update(11, chat: "2")], next: 12).fresh
        #expect(fresh.map(\.id) == ["t:10", "t:11"])
        #expect(testAddressing.chatMessage(fresh[0]).chat == "t:1")
        #expect(testAddressing.chatMessage(fresh[0]).userName == "Ив Ан")
        #expect(ledger.position == 10)
        #expect(ledger.receive([update(10), update(11, chat: "2")], next: 12).fresh.isEmpty, "a repeated poll")

        #expect(ledger.turnArrived(for: "t:11", asksSecret: false) == "2")
        #expect(ledger.position == 10, "update 10 still waits")
        #expect(ledger.answered == ["t:11": 11])
        #expect(ledger.turnArrived(for: "t:10", asksSecret: false) == "1")
        #expect(ledger.position == 12)
        #expect(ledger.answered.isEmpty)
        #expect(ledger.turnArrived(for: "t:10", asksSecret: false) == nil, "a duplicate turn is not delivered again")
    }

    @Test func updatesWithoutTextAreSettledAtOnceAndTheUnsupportedAreReturned() {
        var ledger = ledger(5)
        let nothing = IncomingUpdate<TestCall>(key: "6", cursor: 6, chat: "1", content: .nothing)
        let received = ledger.receive([update(5, text: nil), nothing], next: 7)
        #expect(received.fresh.isEmpty)
        #expect(received.unsupported.map(\.key) == ["5"], "a sticker is answered by the bridge, a join is not")
        #expect(ledger.position == 7)
        #expect(ledger.receive([update(4)], next: nil).fresh.isEmpty, "below the position: already handled")
        #expect(ledger.receive([update(5, text: nil)], next: nil).unsupported.isEmpty, "answered once")
    }

    @Test func aRestartedLedgerSkipsWhatWasAnsweredAndTakesTheRestAgain() {
        var ledger = ledger()
        _ = ledger.receive([update(20), update(21), update(22)], next: 23)
        _ = ledger.turnArrived(for: "t:21", asksSecret: false)
        var restarted = DeliveryLedger(
            addressing: testAddressing, position: ledger.position, answered: ledger.answered,
            nextSerial: ledger.nextSerial)
        #expect(restarted.position == 20)
        let again = restarted.receive([update(20), update(21), update(22)], next: 23).fresh
        #expect(again.map(\.id) == ["t:20", "t:22"])
    }

    /// MAX numbers no updates: a new update is found again from where the poll before it ended.
    @Test func withoutPositionsANewUpdateIsFoundFromWhereTheLastPollEnded() {
        var ledger = ledger()
        _ = ledger.receive([update(1, positioned: false)], next: 100)
        #expect(ledger.position == 0, "polled from no marker: found again from there")
        _ = ledger.receive([update(1, positioned: false), update(2, positioned: false)], next: 101)
        #expect(ledger.pending["t:2"]?.cursor == 100, "came after the poll that ended at 100")
        _ = ledger.turnArrived(for: "t:1", asksSecret: false)
        #expect(ledger.position == 100)
        #expect(ledger.answered.isEmpty, "pruned: below the position")
        _ = ledger.turnArrived(for: "t:2", asksSecret: false)
        #expect(ledger.position == 101)
        #expect(ledger.receive([IncomingUpdate<TestCall>](), next: 101).fresh.isEmpty && ledger.position == 101)
    }

    @Test func theMessageAfterASecretPromptIsTheSecret() {
        var ledger = ledger()
        _ = ledger.receive([update(1), update(2, chat: "9")], next: nil)
        ledger.markPassedOn(["t:1", "t:2"], now: 0)
        _ = ledger.turnArrived(for: "t:1", asksSecret: true)
        #expect(ledger.secretPrompts == ["1": 1])
        let fresh = ledger.receive([update(2, chat: "9"), update(3), update(4)], next: nil).fresh
        #expect(fresh.map(\.isSecret) == [true, false], "only the chat's first message after the prompt")
        #expect(ledger.takeDeletions().isEmpty, "deleted only once passed on")
        ledger.markPassedOn(["t:3", "t:4"], now: 0)
        #expect(ledger.takeDeletions().map(\.messageRef) == ["30"])
        #expect(ledger.takeDeletions().isEmpty, "queued once")
        _ = ledger.turnArrived(for: "t:3", asksSecret: false)
        #expect(ledger.secretPrompts.isEmpty)
    }

    @Test func aSecretPromptSurvivesARestartAndAWrongPasswordAsksAgain() {
        var ledger = ledger()
        _ = ledger.receive([update(1)], next: nil)
        _ = ledger.turnArrived(for: "t:1", asksSecret: true)
        var restarted = DeliveryLedger(
            addressing: testAddressing, position: ledger.position, secretPrompts: ledger.secretPrompts,
            nextSerial: ledger.nextSerial)
        #expect(restarted.receive([update(2)], next: nil).fresh.first?.isSecret == true)
        _ = restarted.turnArrived(for: "t:2", asksSecret: true)  // wrong password: asked again
        #expect(restarted.receive([update(3)], next: nil).fresh.first?.isSecret == true)
    }

    @Test func theMarkEndsWithTheChatsNextTurn() {
        var ledger = ledger()
        _ = ledger.receive([update(1)], next: nil)
        _ = ledger.turnArrived(for: "t:1", asksSecret: true)
        _ = ledger.receive([update(2, text: "/cancel")], next: nil)
        _ = ledger.turnArrived(for: "t:2", asksSecret: false)
        #expect(ledger.secretPrompts.isEmpty)
        #expect(ledger.receive([update(3)], next: nil).fresh.first?.isSecret == false)
    }

    @Test func aRefusedSecretPassesTheClaimToTheNextMessage() {
        var ledger = ledger(secretPrompts: ["1": 0])
        _ = ledger.receive([update(1), update(2)], next: nil)
        #expect(ledger.pending["t:1"]?.isSecret == true && ledger.pending["t:2"]?.isSecret == false)
        ledger.refused("t:1")
        #expect(ledger.pending["t:2"]?.isSecret == true)
        #expect(ledger.position == 2)
    }

    @Test func overloadedMessagesComeBackWhenDue() {
        var ledger = ledger()
        _ = ledger.receive([update(1), update(2)], next: nil)
        ledger.retry("t:2", at: 100)
        #expect(ledger.takeDueRetries(now: 99).isEmpty)
        #expect(ledger.takeDueRetries(now: 100).map(\.id) == ["t:2"])
        #expect(ledger.takeDueRetries(now: 101).isEmpty)
    }

    /// One message the bot never answers must not hold the position (and so the chat's later messages) for
    /// ever; its turn, when it comes, is still delivered once.
    @Test func aMessageTheBotNeverAnswersIsReleasedAfterTheTimeout() {
        var ledger = ledger()
        _ = ledger.receive([update(1), update(2)], next: 3)
        #expect(ledger.releaseOverdue(now: 100, timeout: 60).isEmpty, "never given to the bot: it waits for it")
        ledger.markPassedOn(["t:1", "t:2"], now: 10)
        _ = ledger.turnArrived(for: "t:2", asksSecret: false)
        #expect(ledger.releaseOverdue(now: 70, timeout: 60).isEmpty)
        #expect(ledger.releaseOverdue(now: 71, timeout: 60).map(\.id) == ["t:1"])
        #expect(ledger.position == 3, "the position moves on")
        #expect(ledger.turnArrived(for: "t:1", asksSecret: false) == "1", "a late turn is delivered")
        #expect(ledger.turnArrived(for: "t:1", asksSecret: false) == nil, "once")
    }

    @Test func aKeyTooLongForTheProtocolGetsAShortStableID() {
        let long = String(repeating: "x", count: 200)
        let id = testAddressing.message(long)
        #expect(id.utf8.count <= 128 && id.hasPrefix("t:h"))
        #expect(id == testAddressing.message(long))
        #expect(id != testAddressing.message(long + "y"))
        #expect(testAddressing.message("mid.1") == "t:mid.1")
    }
}

struct StalePollTests {
    /// A poll made from the old position while the bot answered (MAX re-sends what is unread from there) must
    /// not pass the answered message on again, though the position already moved past it.
    @Test func anUpdateBroughtAgainByAPollUnderWayIsNotPassedOnTwice() {
        var ledger = DeliveryLedger(addressing: testAddressing, position: 0)
        _ = ledger.receive([update(1, positioned: false)], next: 1001)
        _ = ledger.turnArrived(for: "t:1", asksSecret: false)
        #expect(ledger.position == 1001 && ledger.answered.isEmpty)
        #expect(ledger.receive([update(1, positioned: false)], next: 1001).fresh.isEmpty)
    }
}

extension StalePollTests {
    /// Without positions of their own, updates seen again do not move the position: only where a poll ended
    /// does (a press after them must still be found).
    @Test func updatesSeenAgainDoNotMoveThePositionPastTheNextOne() {
        var ledger = DeliveryLedger(addressing: testAddressing, position: 0)
        _ = ledger.receive([update(1, positioned: false)], next: 1001)
        _ = ledger.receive([update(1, positioned: false)], next: 1001)
        _ = ledger.turnArrived(for: "t:1", asksSecret: false)
        #expect(ledger.position == 1001)
        let fresh = ledger.receive([update(1, positioned: false), update(2, positioned: false)], next: 1002).fresh
        #expect(fresh.map(\.id) == ["t:2"] && fresh.first?.cursor == 1001)
    }
}
