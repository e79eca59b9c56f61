import BotCore
import Testing

@Suite struct WireCodecTests {
    private func decode(_ text: String) -> Result<ClientLine, WireError> {
        WireCodec.decode(Array(text.utf8), lineNumber: 3)
    }

    private func code(_ text: String) -> WireErrorCode? {
        if case .failure(let error) = decode(text) { return error.code }
        return nil
    }

    @Test func decodesAFullMessage() {
        let line = #"{"chat": "tg:4242", "text": "/start", "id": "m-17", "user": {"name": "Иван", "lang": "ru"}}"#
        #expect(
            decode(line)
                == .success(
                    .message(
                        ChatMessage(chat: "tg:4242", text: "/start", id: "m-17", userName: "Иван", userLanguage: "ru")))
        )
    }

    @Test func decodesPingAndHello() {
        #expect(decode(#"{"type":"ping","id":"p1"}"#) == .success(.ping(id: "p1")))
        #expect(decode(#"{"type":"hello","token":"s3"}"#) == .success(.hello(token: "s3")))
    }

    @Test func badJSONSaysWhereAndWhat() {
        guard case .failure(let error) = decode(#"{"chat": "a", "text": "b""#) else {
            Issue.record("accepted broken JSON")
            return
        }
        #expect(error.code == .badJSON)
        #expect(error.message == "line 3: expected '}' at column 26")
        #expect(code("[1,2]") == .badJSON)
        #expect(code("") == .badJSON)
        #expect(code(String(repeating: "[", count: 100)) == .badJSON)
    }

    @Test func badUTF8() {
        #expect(WireCodec.decode([0x7B, 0xFF, 0x7D], lineNumber: 1).failure?.code == .badUTF8)
    }

    @Test func missingAndBadFields() {
        #expect(code(#"{"text":"hi"}"#) == .missingField)
        #expect(code(#"{"chat":"a"}"#) == .missingField)
        #expect(code(#"{"chat":1,"text":"hi"}"#) == .badField)
        #expect(code(#"{"chat":"","text":"hi"}"#) == .badField)
        #expect(code(#"{"chat":"a","text":"hi","id":7}"#) == .badField)
        #expect(code(#"{"type":"dance","chat":"a","text":"hi"}"#) == .badField)
        #expect(code("{\"chat\":\"\(String(repeating: "c", count: 129))\",\"text\":\"hi\"}") == .badField)
        #expect(code("{\"chat\":\"a\",\"text\":\"\(String(repeating: "я", count: 4097))\"}") == .badField)
        #expect(code(#"{"chat":"a","text":"hi","user":"bob"}"#) == .badField)
    }

    @Test func errorsCarryTheIDTheyAnswer() {
        #expect(decode(#"{"chat":"a","id":"m-18"}"#).failure?.replyTo == "m-18")
    }

    @Test func escapesRoundTrip() {
        let text = "кавычка \" слеш \\ перевод\nстроки \u{01} и 😀"
        let encoded = WireCodec.encodeMessage(ChatMessage(chat: "c", text: text, id: "1"))
        #expect(encoded.last == 0x0A)
        #expect(
            WireCodec.decode(Array(encoded.dropLast()), lineNumber: 1)
                == .success(.message(ChatMessage(chat: "c", text: text, id: "1"))))
        #expect(
            decode(#"{"chat":"c","text":"\ud83d\ude00\u0436"}"#)
                == .success(.message(ChatMessage(chat: "c", text: "😀ж"))))
        #expect(code(#"{"chat":"c","text":"\ud83d"}"#) == .badJSON)
    }

    @Test func turnLineHasEveryField() {
        let turn = Turn(
            messages: [
                OutMessage(
                    "Введите ИНН", buttons: [["Назад", "Отмена"]], input: .secret,
                    table: MessageTable(columns: ["№"], rows: [["1"]]))
            ],
            dialog: "credentials", step: "ask_inn")
        let text = String(
            decoding: WireCodec.encodeTurn(turn, chat: "tg:1", replyTo: "m-1", duplicate: true),
            as: UTF8.self)
        #expect(
            text
                == #"{"type":"turn","chat":"tg:1","reply_to":"m-1","duplicate":true,"messages":[{"text":"Введите ИНН","buttons":[["Назад","Отмена"]],"input":"secret","table":{"columns":["№"],"rows":[["1"]]}}],"meta":{"dialog":"credentials","step":"ask_inn"}}"#
                + "\n")
        let line = ServerLine.decode(Array(text.utf8.dropLast()))
        #expect(line?.messages == turn.messages)
        #expect(line?.dialog == "credentials" && line?.duplicate == true)
    }

    @Test func errorAndPongLines() {
        let error = String(
            decoding: WireCodec.encodeError(WireError(.lineTooLong, "too long", replyTo: nil)), as: UTF8.self)
        #expect(error == #"{"type":"error","code":"line_too_long","message":"too long"}"# + "\n")
        #expect(String(decoding: WireCodec.encodePong(id: "p1"), as: UTF8.self) == #"{"type":"pong","id":"p1"}"# + "\n")
        #expect(
            Set(WireErrorCode.allCases.map(\.rawValue)) == [
                "bad_json", "bad_utf8", "line_too_long", "missing_field", "bad_field", "unauthorized", "overloaded",
                "internal",
            ])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
