import BotCore
import BridgeCore
import Testing

@testable import TelegramBridge

struct MessageFormatterTests {
    @Test func buttonsBecomeAKeyboardAndATurnWithoutThemRemovesIt() {
        let turn = [
            OutMessage("Подготовим запрос."),
            OutMessage("Полное название:", buttons: [["Назад", "Отмена"]], input: .text),
        ]
        #expect(
            MessageFormatter.calls(for: turn, chatID: 7, isTurn: true) == [
                .send("Подготовим запрос.", to: 7),
                .send("Полное название:", to: 7, keyboard: .show([["Назад", "Отмена"]])),
            ])
        let plain = [OutMessage("Вход выполнен."), OutMessage("Готово.")]
        #expect(
            MessageFormatter.calls(for: plain, chatID: 7, isTurn: true) == [
                .send("Вход выполнен.", to: 7), .send("Готово.", to: 7, keyboard: .remove),
            ])
    }

    @Test func aPushWithoutButtonsLeavesTheKeyboardAlone() {
        let calls = MessageFormatter.calls(for: [OutMessage("Ответ поддержки")], chatID: 7, isTurn: false)
        #expect(calls == [.send("Ответ поддержки", to: 7)])
    }

    @Test func aTableArrivesAsMonospacedText() {
        let table = MessageTable(columns: ["№", "ФИО"], rows: [["1", "Петров <Пётр>"]])
        let calls = MessageFormatter.calls(
            for: [OutMessage("1. Петров <Пётр> & Co", buttons: [["Меню"]], table: table)], chatID: 7, isTurn: true)
        #expect(
            calls == [
                .send(
                    "<pre>1. Петров &lt;Пётр&gt; &amp; Co</pre>", to: 7, parseMode: "HTML",
                    keyboard: .show([["Меню"]]))
            ])
    }

    @Test func longTextsAreSplitOnLineBoundariesWithTheKeyboardOnTheLastPart() {
        let line = String(repeating: "я", count: 99)
        let text = Array(repeating: line, count: 100).joined(separator: "\n")  // 9,999 characters
        let calls = MessageFormatter.calls(for: [OutMessage(text, buttons: [["Да"]])], chatID: 1, isTurn: true)
        #expect(calls.count == 3)
        #expect(calls.allSatisfy { ($0.text?.utf16.count ?? 0) <= 4_096 })
        #expect(calls.map { $0.text?.split(separator: "\n").count } == [40, 40, 20], "40 lines of 100 fit in 4,096")
        #expect(calls.map(\.keyboard) == [nil, nil, .show([["Да"]])])
        #expect(calls.compactMap(\.text).joined(separator: "\n") == text, "nothing lost or added")
    }

    @Test(arguments: [10, 4_096])
    func aLineLongerThanTheLimitIsCutAtASpace(limit: Int) {
        let words = Array(repeating: "слово", count: limit / 2).joined(separator: " ")
        let parts = TextSplitter.split(words, limit: limit)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf16.count <= limit && !$0.isEmpty })
        #expect(parts.joined() == words)
        #expect(parts.dropLast().allSatisfy { $0.hasSuffix(" ") })
    }

    @Test func splittingCountsUTF16AndNeverCutsACharacter() {
        let emoji = String(repeating: "👍", count: 5)  // 2 UTF-16 units each
        #expect(TextSplitter.split(emoji, limit: 4) == ["👍👍", "👍👍", "👍"])
        #expect(TextSplitter.split("short", limit: 4_096) == ["short"])
        #expect(TextSplitter.split("ab\ncd\nef", limit: 5) == ["ab\ncd", "ef"])
    }

    @Test func emptyTextsAreNotSent() {
        #expect(MessageFormatter.calls(for: [OutMessage("  ")], chatID: 1, isTurn: false).isEmpty)
        #expect(
            MessageFormatter.calls(for: [OutMessage("", buttons: [["Да"]])], chatID: 1, isTurn: true) == [
                .send("…", to: 1, keyboard: .show([["Да"]]))
            ])
    }

    @Test func requestBodiesHaveTelegramsShape() throws {
        let body = TelegramCall.send("Привет", to: -100, keyboard: .show([["A", "B"]])).requestBody()
        let object = try JSONParser.parse(Array(body)).object
        #expect(object?["chat_id"] == .number("-100"))
        #expect(object?["text"] == .string("Привет"))
        let markup = object?["reply_markup"]?.object
        #expect(markup?["resize_keyboard"] == .bool(true))
        #expect(
            markup?["keyboard"]
                == .array([.array([.object(["text": .string("A")]), .object(["text": .string("B")])])]))
        let remove = try JSONParser.parse(Array(TelegramCall.send("x", to: 1, keyboard: .remove).requestBody()))
        #expect(remove.object?["reply_markup"] == .object(["remove_keyboard": .bool(true)]))
        let delete = try JSONParser.parse(Array(TelegramCall.delete(55, in: 1).requestBody()))
        #expect(delete == .object(["chat_id": .number("1"), "message_id": .number("55")]))
    }
}
