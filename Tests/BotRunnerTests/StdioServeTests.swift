import BotCore
import Foundation
import Testing

@Suite(.serialized) struct StdioServeTests {
    let folder = BotProcess.temporaryFolder()
    var database: String { folder.appendingPathComponent("bot.sqlite").path }

    private func serve() throws -> BotProcess {
        try BotProcess(["serve", "--stdio", "--db", database, "--now", "2026-04-30T10:00:00+03:00"])
    }

    @Test func aTurnThenAKillThenTheChatResumesAtTheSameStep() throws {
        let bot = try serve()
        let first = bot.exchange(#"{"chat":"t:1","text":"/start","id":"1","user":{"name":"Иван"}}"#)
        #expect(first?.type == "turn")
        #expect(first?.replyTo == "1")
        #expect(first?.dialog == "menu" && first?.step == "main")
        #expect(first?.messages.first?.text.contains("Иван") == true)
        let help = bot.exchange(#"{"chat":"t:1","text":"/help","id":"2"}"#)
        #expect(help?.dialog == "help" && help?.step == "overview")
        let topic = bot.exchange(#"{"chat":"t:1","text":"Когда придёт логин?","id":"3"}"#)
        #expect(topic?.step == "faq_when_login")
        #expect(topic?.messages.first?.text.contains("3 рабочих дней") == true)
        bot.kill()

        let again = try serve()
        let duplicate = again.exchange(#"{"chat":"t:1","text":"/help","id":"2"}"#)
        #expect(duplicate?.duplicate == true)
        #expect(duplicate?.messages == help?.messages)
        let resumed = again.exchange(#"{"chat":"t:1","text":"Сменился директор","id":"4"}"#)
        #expect(resumed?.dialog == "help", "the chat is still in help after the restart")
        #expect(resumed?.step == "faq_director_changed")
        #expect(resumed?.messages.first?.text.contains("ssod@innopolis.ru") == true)
        #expect(again.finish() == 0)
    }

    @Test func everyStdioErrorCodeAndThePing() throws {
        let bot = try serve()
        #expect(bot.exchange("{nope")?.code == "bad_json")
        bot.write([0x7B, 0x22, 0xFF, 0x22, 0x7D, 0x0A])
        #expect(bot.readLine().flatMap(ServerLine.decode)?.code == "bad_utf8")
        bot.send("{\"chat\":\"x\",\"text\":\"" + String(repeating: "a", count: 70_000) + "\"}")
        #expect(bot.readLine().flatMap(ServerLine.decode)?.code == "line_too_long")
        #expect(bot.exchange(#"{"text":"hi","id":"m"}"#)?.code == "missing_field")
        let bad = bot.exchange(#"{"chat":"x","text":5,"id":"m-18"}"#)
        #expect(bad?.code == "bad_field" && bad?.replyTo == "m-18")
        let pong = bot.exchange(#"{"type":"ping","id":"p1"}"#)
        #expect(pong?.type == "pong" && pong?.id == "p1")
        let turn = bot.exchange("{\"chat\":\"x\",\"text\":\"/start\"}\r")
        #expect(turn?.type == "turn" && turn?.replyTo == nil, "the connection stays usable after errors")
        #expect(bot.finish() == 0)
    }

    @Test func turnsOfOneChatKeepTheirOrderInABurst() throws {
        let bot = try serve()
        var burst = ""
        for index in 0..<50 {
            burst += #"{"chat":"c\#(index % 5)","text":"/start","id":"\#(index)"}"# + "\n"
        }
        bot.write(Array(burst.utf8))
        var seen: [String: [Int]] = [:]
        for _ in 0..<50 {
            guard let line = bot.readLine().flatMap(ServerLine.decode), let chat = line.chat,
                let id = line.replyTo.flatMap(Int.init)
            else {
                Issue.record("missing turn")
                return
            }
            seen[chat, default: []].append(id)
        }
        for (_, ids) in seen {
            #expect(ids == ids.sorted())
        }
        #expect(seen.values.map(\.count).reduce(0, +) == 50)
        #expect(bot.finish() == 0)
    }
}
