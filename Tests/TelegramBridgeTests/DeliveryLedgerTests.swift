import Testing

@testable import TelegramBridge

struct DeliveryLedgerTests {
    private func update(_ id: Int64, chat: Int64 = 1, text: String? = "hi") -> TelegramUpdate {
        TelegramUpdate(
            updateID: id,
            message: TelegramMessage(
                messageID: id * 10, chat: .init(id: chat),
                from: .init(firstName: "Ив", lastName: "Ан", languageCode: "ru"),
                text: text))
    }

    @Test func theOffsetMovesOnlyWhenTheTurnArrives() {
        var ledger = DeliveryLedger(offset: 0)
        let fresh = ledger.receive([update(10), update(11, chat: 2)])
        #expect(fresh.map(\.wireID) == ["tg:10", "tg:11"])
        #expect(fresh[0].chatMessage.chat == "tg:1" && fresh[0].chatMessage.userName == "Ив Ан")
        #expect(ledger.offset == 10)
        #expect(ledger.receive([update(10), update(11, chat: 2)]).isEmpty, "a poll repeating pending updates")

        #expect(ledger.turnArrived(for: 11, asksSecret: false) != nil)
        #expect(ledger.offset == 10, "update 10 still waits")
        #expect(ledger.answered == [11])
        #expect(ledger.turnArrived(for: 10, asksSecret: false) != nil)
        #expect(ledger.offset == 12)
        #expect(ledger.answered.isEmpty)
        #expect(ledger.turnArrived(for: 10, asksSecret: false) == nil, "a duplicate turn is not delivered again")
    }

    @Test func updatesWithoutTextAreSettledAtOnce() {
        var ledger = DeliveryLedger(offset: 5)
        #expect(ledger.receive([update(5, text: nil), TelegramUpdate(updateID: 6, message: nil)]).isEmpty)
        #expect(ledger.offset == 7)
        #expect(ledger.receive([update(4)]).isEmpty, "below the offset: already handled")
    }

    @Test func aRestartedLedgerSkipsWhatWasAnsweredAndTakesTheRestAgain() {
        var ledger = DeliveryLedger(offset: 0)
        _ = ledger.receive([update(20), update(21), update(22)])
        _ = ledger.turnArrived(for: 21, asksSecret: false)
        var restarted = DeliveryLedger(offset: ledger.offset, answered: Array(ledger.answered))
        #expect(restarted.offset == 20)
        let again = restarted.receive([update(20), update(21), update(22)])
        #expect(again.map(\.updateID) == [20, 22])
    }

    @Test func theMessageAfterASecretPromptIsTheSecret() {
        var ledger = DeliveryLedger(offset: 0)
        _ = ledger.receive([update(1), update(2, chat: 9)])
        ledger.markPassedOn([1, 2])
        _ = ledger.turnArrived(for: 1, asksSecret: true)
        #expect(ledger.secretPrompts == [1: 1])
        let fresh = ledger.receive([update(2, chat: 9), update(3), update(4)])
        #expect(fresh.map(\.isSecret) == [true, false], "only the chat's first message after the prompt")
        #expect(ledger.takeDeletions().isEmpty, "deleted only once passed on")
        ledger.markPassedOn([3, 4])
        #expect(ledger.takeDeletions() == [.delete(30, in: 1)])
        #expect(ledger.takeDeletions().isEmpty, "queued once")
        _ = ledger.turnArrived(for: 3, asksSecret: false)
        #expect(ledger.secretPrompts.isEmpty)
    }

    @Test func aSecretPromptSurvivesARestartAndAWrongPasswordAsksAgain() {
        var ledger = DeliveryLedger(offset: 0)
        _ = ledger.receive([update(1)])
        _ = ledger.turnArrived(for: 1, asksSecret: true)
        var restarted = DeliveryLedger(offset: ledger.offset, secretPrompts: ledger.secretPrompts)
        #expect(restarted.receive([update(2)]).first?.isSecret == true)
        _ = restarted.turnArrived(for: 2, asksSecret: true)  // wrong password: asked again
        #expect(restarted.receive([update(3)]).first?.isSecret == true)
    }

    @Test func theMarkEndsWithTheChatsNextTurn() {
        var ledger = DeliveryLedger(offset: 0)
        _ = ledger.receive([update(1)])
        _ = ledger.turnArrived(for: 1, asksSecret: true)
        _ = ledger.receive([update(2, text: "/cancel")])
        _ = ledger.turnArrived(for: 2, asksSecret: false)
        #expect(ledger.secretPrompts.isEmpty)
        #expect(ledger.receive([update(3)]).first?.isSecret == false)
    }

    @Test func aRefusedSecretPassesTheClaimToTheNextMessage() {
        var ledger = DeliveryLedger(offset: 0, secretPrompts: [1: 0])
        _ = ledger.receive([update(1), update(2)])
        #expect(ledger.pending[1]?.isSecret == true && ledger.pending[2]?.isSecret == false)
        ledger.refused(1)
        #expect(ledger.pending[2]?.isSecret == true)
        #expect(ledger.offset == 2)
    }

    @Test func overloadedMessagesComeBackWhenDue() {
        var ledger = DeliveryLedger(offset: 0)
        _ = ledger.receive([update(1), update(2)])
        ledger.retry(2, at: 100)
        #expect(ledger.takeDueRetries(now: 99).isEmpty)
        #expect(ledger.takeDueRetries(now: 100).map(\.updateID) == [2])
        #expect(ledger.takeDueRetries(now: 101).isEmpty)
    }
}
