import Foundation
import Testing

@testable import BridgeCore

struct StateAndTextTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theStateFileRoundTripsAndRefusesGarbage() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = StateFile(path: folder.appendingPathComponent("state.json").path)
        #expect(try file.load(TestCall.self) == nil)
        let snapshot = BridgeSnapshot<TestCall>(
            offset: 77, answered: ["t:79": 79], secretPrompts: ["4242": 12], nextSerial: 13,
            movedChats: ["-5": "-1005"], outbox: [.send("x", to: "4242")])
        try file.save(snapshot)
        #expect(try file.load(TestCall.self) == snapshot)
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the state names chats: readable by its owner only")
        try "{\"offset\": \"nope\"}".write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(throws: StateFileError.self) { try file.load(TestCall.self) }
        try #"{"version":3,"offset":1,"answered":{},"secret_prompts":{},"next_serial":1,"outbox":[]}"#.write(
            toFile: file.path, atomically: true, encoding: .utf8)
        #expect(throws: StateFileError.self) { try file.load(TestCall.self) }
    }

    @Test func bothCataloguesHaveEverySentenceAndTheLanguageIsChosenByItsCode() {
        #expect(BridgeTexts.missingKeys().isEmpty)
        #expect(BridgeTexts.text(.onlyText, language: nil).hasPrefix("Я понимаю только текст"))
        #expect(BridgeTexts.text(.onlyText, language: "en-US").hasPrefix("I understand text only"))
        #expect(BridgeTexts.text(.onlyText, language: "de") == BridgeTexts.text(.onlyText, language: "ru"))
    }

    @Test func theUsageNamesTheProgramAndItsSwitches() throws {
        let program = BridgeProgram(
            name: "x-bridge", messenger: "X", tokenSource: "@XBot", defaultAPIBase: "https://x.example",
            maximumPollTimeout: 90, flags: [("keep-it", "keeps it")])
        #expect(program.usage.contains("usage: x-bridge --bot-token-file FILE"))
        #expect(program.usage.contains("--keep-it"))
        let options = try BridgeOptions.parse(["--bot-token-file", "t", "--connect", "1", "--keep-it"], for: program)
        #expect(options.flags == ["keep-it"] && options.statePath == "x-bridge.state.json")
        #expect(options.apiBase == "https://x.example" && options.answerTimeout == 60)
        let long = try BridgeOptions.parse(
            ["--bot-token-file", "t", "--connect", "1", "--poll-timeout", "90"], for: program)
        #expect(long.pollTimeout == 90)
        #expect(throws: UsageError.self) {
            try BridgeOptions.parse(["--bot-token-file", "t", "--connect", "1", "--answer-timeout", "0"], for: program)
        }
    }
}
