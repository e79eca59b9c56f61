import BotCore
import BridgeCore
import Foundation
import Testing

@testable import TelegramBridge

struct OptionsAndStateTests {
    @Test func theCommandLineIsParsedAndDefaulted() throws {
        let options = try BridgeOptions.parse(["--bot-token-file", "t", "--connect", "7000", "--state=s.json"])
        #expect(options.connect == .tcp(host: "127.0.0.1", port: 7000))
        #expect(options.statePath == "s.json")
        #expect(options.apiBase == "https://api.telegram.org")
        #expect(options.pollTimeout == 30 && options.chatRate == 1 && options.globalRate == 30)
        let unix = try BridgeOptions.parse(["--connect", "unix:/run/bot.sock", "--bot-token-file", "t"])
        #expect(unix.connect == .unixSocket(path: "/run/bot.sock"))
    }

    @Test(arguments: [
        (["--connect", "1"], "--bot-token-file is required"),
        (["--bot-token-file", "t"], "--connect is required"),
        (["--bot-token-file", "t", "--connect", "host:0"], "--connect needs the bot's port, not 0"),
        (["--bot-token-file", "t", "--connect", "1", "--api-base", "ftp://x"], "--api-base takes an http"),
        (["--bot-token-file", "t", "--connect", "1", "--poll-timeout", "99"], "--poll-timeout takes whole seconds"),
        (["--bot-token-file", "t", "--connect", "1", "--colour", "red"], "unknown option --colour"),
        (["--bot-token-file", "t", "--connect"], "--connect needs a value"),
    ])
    func badCommandLinesSayWhatIsWrong(words: [String], message: String) {
        #expect(throws: UsageError.self) { try BridgeOptions.parse(words) }
        do {
            _ = try BridgeOptions.parse(words)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func tokenFilesAreTrimmedAndChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good").path
        try " 123:ABC-def \n".write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try BridgeOptions.readBotToken(good) == "123:ABC-def")
        let bad = folder.appendingPathComponent("bad").path
        try "123:ABC\nsecond line\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: UsageError.self) { try BridgeOptions.readBotToken(bad) }
        #expect(throws: UsageError.self) { try BridgeOptions.readBotToken(folder.appendingPathComponent("none").path) }
        #expect(try BridgeOptions.readBridgeToken(bad) == "123:ABC\nsecond line")
    }

    @Test func telegramCallsRoundTripAndAVersionOneStateFileIsTakenOver() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = StateFile(path: folder.appendingPathComponent("state.json").path)
        let snapshot = BridgeSnapshot<TelegramCall>(
            offset: 77, answered: ["tg:79": 79],
            outbox: [
                .send("<pre>x</pre>", to: 4242, parseMode: "HTML", keyboard: .show([["Да"]])), .delete(5, in: 4242),
            ])
        try file.save(snapshot)
        #expect(try file.load(TelegramCall.self) == snapshot)

        // What the first telegram-bridge wrote: update ids as numbers, chats as numbers.
        let versionOne = """
            {"answered":[79,80],"offset":77,"outbox":[{"chatID":4242,"method":"sendMessage","text":"Да?"},\
            {"chatID":4242,"messageID":5,"method":"deleteMessage"}],"secret_prompts":{"4242":76},"version":1}
            """
        try versionOne.write(toFile: file.path, atomically: true, encoding: .utf8)
        let loaded = try #require(try file.load(TelegramCall.self))
        #expect(loaded.version == 2 && loaded.offset == 77)
        #expect(loaded.answered == ["tg:79": 79, "tg:80": 80])
        #expect(loaded.secretPrompts == ["4242": 76] && loaded.nextSerial == 81)
        #expect(loaded.outbox == [.send("Да?", to: 4242), .delete(5, in: 4242)])
    }

    @Test func updatesDecodeLeniently() throws {
        let json = """
            {"ok":true,"result":[
              {"update_id":1,"message":{"message_id":5,"chat":{"id":-9,"type":"group"},"text":"hi"}},
              {"update_id":2,"message":{"message_id":"odd"}},
              {"update_id":3,"edited_message":{"message_id":6}}
            ]}
            """
        let response = try JSONDecoder().decode(TelegramResponse<[TelegramUpdate]>.self, from: Data(json.utf8))
        #expect(response.result?.map(\.updateID) == [1, 2, 3])
        #expect(response.result?.first?.message?.chat.id == -9)
        #expect(response.result?.dropFirst().allSatisfy { $0.message == nil } == true)
    }
}

struct TelegramUpdateTests {
    @Test func anUpdateBecomesWhatTheCoreTakes() throws {
        let json = """
            {"ok":true,"result":[
              {"update_id":1,"message":{"message_id":5,"chat":{"id":-9,"type":"group"},"text":"hi",
               "from":{"id":1,"first_name":"Ив","language_code":"en"}}},
              {"update_id":2,"message":{"message_id":6,"chat":{"id":9},"sticker":{"file_id":"x"}}},
              {"update_id":3,"message":{"message_id":7,"chat":{"id":9},"document":{"file_id":"y"},
               "caption":"Приказ №5"}},
              {"update_id":4,"message":{"message_id":8,"chat":{"id":9},"new_chat_title":"7Б"}},
              {"update_id":5,"message":{"message_id":9,"chat":{"id":9},"voice":{"file_id":"z"}}}
            ]}
            """
        let response = try JSONDecoder().decode(TelegramResponse<[TelegramUpdate]>.self, from: Data(json.utf8))
        let incoming = try #require(response.result).map(TelegramMessenger.incoming)
        #expect(incoming.map(\.content) == [.text("hi"), .unsupported, .text("Приказ №5"), .nothing, .unsupported])
        #expect(incoming[0].chat == "-9" && incoming[0].messageRef == "5" && incoming[0].cursor == 1)
        #expect(incoming[0].userLanguage == "en" && incoming[0].userName == "Ив")
    }
}
