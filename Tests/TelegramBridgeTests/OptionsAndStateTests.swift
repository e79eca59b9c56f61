import BotCore
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

    @Test func theStateFileRoundTripsAndRefusesGarbage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = StateFile(path: folder.appendingPathComponent("state.json").path)
        #expect(try file.load() == nil)
        let snapshot = BridgeSnapshot(
            offset: 77, answered: [79], secretPrompts: ["4242": 76],
            outbox: [
                .send("<pre>x</pre>", to: 4242, parseMode: "HTML", keyboard: .show([["Да"]])), .delete(5, in: 4242),
            ])
        try file.save(snapshot)
        #expect(try file.load() == snapshot)
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"))
        try "{\"offset\": \"nope\"}".write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(throws: StateFileError.self) { try file.load() }
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
