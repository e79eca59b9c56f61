import BotCore
import BridgeCore
import Foundation
import Testing

@testable import MaxBridge

struct MaxAdapterTests {
    private func decode(_ json: String) throws -> MaxUpdateList {
        try JSONDecoder().decode(MaxUpdateList.self, from: Data(json.utf8))
    }

    @Test func updatesOfTheSchemaBecomeWhatTheCoreTakes() throws {
        let list = try decode(
            """
            {"marker":1005,"updates":[
             {"update_type":"message_created","timestamp":1,"user_locale":"en",
              "message":{"sender":{"user_id":7,"first_name":"Ив","last_name":"Ан","is_bot":false},
               "recipient":{"chat_id":1007,"chat_type":"dialog","user_id":9},"timestamp":1,
               "body":{"mid":"mid.a","seq":1,"text":"Привет","attachments":null}}},
             {"update_type":"message_created","timestamp":2,
              "message":{"sender":{"user_id":7,"first_name":"Ив"},"recipient":{"chat_id":null,"chat_type":"dialog",
               "user_id":9},"timestamp":2,"body":{"mid":"mid.b","seq":2,"text":"","attachments":[{"type":"sticker"}]}}},
             {"update_type":"message_callback","timestamp":3,
              "callback":{"timestamp":3,"callback_id":"cb.1","payload":"Отмена","user":{"user_id":7,"name":"Ив"}},
              "message":{"recipient":{"chat_id":1007,"chat_type":"dialog","user_id":7},"timestamp":3,
               "body":{"mid":"mid.bot","seq":3,"text":"…","attachments":null}}},
             {"update_type":"bot_started","timestamp":4,"chat_id":1007,"user":{"user_id":7,"first_name":"Ив"},
              "payload":"school-1"},
             {"update_type":"message_created","timestamp":5,"message":{"sender":{"user_id":9,"is_bot":true},
               "recipient":{"chat_id":1007,"chat_type":"dialog"},"timestamp":5,
               "body":{"mid":"mid.own","seq":5,"text":"эхо","attachments":null}}},
             {"update_type":"message_created","timestamp":6,"message":"garbage"}
            ]}
            """)
        #expect(list.marker == 1005 && list.updates.count == 6)
        let incoming = list.updates.compactMap(MaxMessenger.incoming)
        #expect(
            incoming.map(\.content) == [
                .text("Привет"), .unsupported, .text("Отмена"), .text("/start school-1"), .nothing,
            ])
        #expect(incoming.map(\.chat) == ["1007", "u7", "1007", "1007", "1007"])
        #expect(incoming[0].key == "mid.a" && incoming[0].messageRef == "mid.a" && incoming[0].cursor == nil)
        #expect(incoming[0].userName == "Ив Ан" && incoming[0].userLanguage == "en")
        #expect(incoming[2].key == "cb:cb.1" && incoming[2].messageRef == nil)
        #expect(incoming[2].immediateCalls == [.answer("cb.1", in: "1007", notification: "Отмена")])
        #expect(incoming[3].key == "start:1007:4")
    }

    @Test func repliesAreSplitBelowTheLimitWithTheButtonsOnTheLastPart() throws {
        let long = (1...30).map { "Строка \($0): " + String(repeating: "ж", count: 200) }.joined(separator: "\n")
        let calls = MaxFormatter.calls(
            for: [OutMessage(long, buttons: [["Да", "Нет"]]), OutMessage("**не жирный** _и_ <b>не тег</b>")],
            chat: "1007")
        #expect(calls.count == 3)
        #expect(calls.allSatisfy { ($0.text?.utf16.count ?? 0) <= 4_000 })
        #expect(calls[0].buttons == nil && calls[1].buttons == [["Да", "Нет"]])
        #expect(calls[2].format == nil && calls[2].text == "**не жирный** _и_ <b>не тег</b>", "plain, as typed")

        let table = MaxFormatter.calls(
            for: [OutMessage("a < b & c", table: MessageTable(columns: ["x"], rows: [["1"]]))], chat: "u7")
        #expect(table == [.send("<pre>a &lt; b &amp; c</pre>", to: "u7", format: "html")])
    }

    @Test func callsAreTheRequestsOfTheSchema() throws {
        let send = MaxCall.send("Привет", to: "1007", buttons: [["Нет логина и пароля"]]).request()
        #expect(send.method == "POST" && send.path == "/messages")
        #expect(send.query.map { "\($0.0)=\($0.1)" } == ["chat_id=1007"])
        let bytes = try #require(send.body)
        let body = try #require(try JSONParser.parse(Array(bytes)).object)
        #expect(body["text"]?.string == "Привет" && body["format"] == nil)
        guard case .array(let attachments)? = body["attachments"], let keyboard = attachments.first?.object,
            case .array(let rows)? = keyboard["payload"]?.object?["buttons"], case .array(let row) = rows.first,
            let button = row.first?.object
        else {
            Issue.record("an inline_keyboard attachment: \(body)")
            return
        }
        #expect(keyboard["type"]?.string == "inline_keyboard")
        #expect(button["type"]?.string == "callback" && button["payload"]?.string == "Нет логина и пароля")
        #expect(MaxCall.send("x", to: "u77").request().query.map(\.0) == ["user_id"])
        let delete = MaxCall.delete("mid.a", in: "1007").request()
        #expect(delete.method == "DELETE" && delete.query.map(\.1) == ["mid.a"] && delete.body == nil)
        let answer = MaxCall.answer("cb.1", in: "1007", notification: "Да").request()
        #expect(answer.path == "/answers" && answer.query.map(\.1) == ["cb.1"])
    }
}
