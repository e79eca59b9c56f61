import Testing

@testable import BotCore

/// The memo of decoded dialog states: what it keeps, and that it never grows past its capacity.
@Suite struct StateMemoTests {
    @Test func aRememberedStateIsFoundByItsJSON() {
        let memo = StateMemo<Int>(capacity: 4)
        memo.remember(json: "1", state: 1, step: "one")
        memo.remember(json: "2", state: 2, step: "two")
        #expect(memo.value(for: "1")?.state == 1)
        #expect(memo.value(for: "2")?.step == "two")
        #expect(memo.value(for: "3") == nil)
    }

    @Test func theOldestStatesGoFirstWhenItIsFull() {
        let memo = StateMemo<Int>(capacity: 3)
        for number in 1...5 {
            memo.remember(json: "\(number)", state: number, step: "s\(number)")
        }
        #expect(memo.count == 3)
        #expect(memo.value(for: "1") == nil)
        #expect(memo.value(for: "2") == nil)
        for number in 3...5 {
            #expect(memo.value(for: String(number))?.state == number)
        }
    }

    @Test func rememberingAKnownStateAgainTakesNoSecondPlace() {
        let memo = StateMemo<Int>(capacity: 2)
        memo.remember(json: "a", state: 1, step: "x")
        memo.remember(json: "a", state: 1, step: "x")
        memo.remember(json: "b", state: 2, step: "y")
        #expect(memo.value(for: "a")?.state == 1)
        #expect(memo.value(for: "b")?.state == 2)
        memo.remember(json: "c", state: 3, step: "z")
        #expect(memo.count == 2)
        #expect(memo.value(for: "a") == nil)
    }
}
