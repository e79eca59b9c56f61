import BotCore
import Foundation
import Testing

@testable import Dialogs

@Suite("Script recorder and suite")
struct ScriptRecorderTests {
    /// A fake bot in a temporary folder, fed through a recorder as `botrunner chat --record` feeds it.
    final class Recording {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recording-\(UUID())")
        let clock = Clock.frozen(at: ScriptClock.defaultStart)
        let routes = RouteTable()
        let processor: TurnProcessor<SchoolEnvironment>
        let recorder: ScriptRecorder

        init() throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            processor = try ScriptFakeBot.make(
                BotConfiguration(
                    databasePath: folder.appendingPathComponent("bot.sqlite").path, clock: clock, durability: .normal,
                    random: .seeded(1), passwordCost: 1))
            recorder = ScriptRecorder(clock: clock)
            routes.opened(0)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func send(_ text: String, chat: String = "term:local") {
            let message = ChatMessage(chat: chat, text: text, id: "term-\(text.count)-\(UUID())")
            recorder.record(message, replies: processor.exchange(message, routes: routes))
        }
    }

    @Test func aRecordedConversationReplaysAsATest() throws {
        let recording = try Recording()
        recording.send("/start")
        recording.send("two")
        recording.send("my-password")
        recording.clock.advance(by: 5 * 60 + 10)
        recording.send("notify term:local")
        recording.send("echo \"quoted\" \\ text")
        let text = recording.recorder.text
        #expect(text.hasPrefix("# Recorded with botrunner chat --record\nclock 2026-03-02T10:00:00+03:00\n"))
        #expect(text.contains("> <secret>") && !text.contains("> my-password"))
        #expect(text.contains("clock +5 minutes\nchat term:local") == false)
        #expect(text.contains("\nclock +5 minutes\n"))
        #expect(text.contains("push term:local\n< text \"ping from term:local\"\n< buttons \"ok\""))
        #expect(
            text.contains(
                "< message 2 text:\n    second\n    line\n< message 2 buttons \"b\"\n< message 2 input secret"))
        do {
            _ = try parseScript(text)
            Issue.record("the placeholder was accepted")
        } catch {
            #expect(error.problem == .recordedSecret)
        }
        let filled = text.replacingOccurrences(of: "> <secret>", with: "> my-password")
        let result = ScriptFakeBot.runner.run(try parseScript(filled))
        #expect(result.isPassed, "\(ScriptReporter.text(result))\n\(filled)")
    }

    @Test func setupLinesFollowTheClock() throws {
        let recorder = ScriptRecorder(clock: Clock.frozen(at: ScriptClock.defaultStart), language: .en, setup: ["demo"])
        #expect(recorder.text.hasSuffix("+03:00\nlanguage en\ndemo\n"))
        #expect(try parseScript(recorder.text).steps.map(\.action).suffix(2) == [.language(.en), .demoSchool])
    }

    @Test func aRecordingIsWrittenToAFile() throws {
        let recording = try Recording()
        recording.send("/start")
        let path = recording.folder.appendingPathComponent("out.dialog").path
        try recording.recorder.write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == recording.recorder.text)
        let result = ScriptFakeBot.runner.run(file: path)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func chatsWithOddIDsAndHintsAreDeclared() throws {
        let recording = try Recording()
        let message = ChatMessage(chat: "tg 42", text: "/start", userName: "Иван", userLanguage: "en")
        recording.recorder.record(message, replies: recording.processor.exchange(message, routes: recording.routes))
        #expect(recording.recorder.text.contains("chat chat1 id=\"tg 42\" user=\"Иван\" lang=\"en\"\n> /start"))
        #expect(try parseScript(recording.recorder.text).steps.count == 3)
    }

    @Test func textsThatAnIndentedBlockCannotHoldAreQuoted() {
        #expect(ScriptRecorder.fitsBlock("a\nb"))
        #expect(!ScriptRecorder.fitsBlock("one line"))
        #expect(!ScriptRecorder.fitsBlock("a\n  b"))
        #expect(!ScriptRecorder.fitsBlock("a\nb\n"))
        #expect(!ScriptRecorder.fitsBlock("a \nb"))
        #expect(ScriptRecorder.messageLines([OutMessage("  indented\nx")]) == [#"< text "  indented\nx""#])
    }

    // MARK: - Suite

    @Test func foldersAreSearchedAndScriptsRunInParallelInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "b.dialog": "include _prelude.dialog\n> /start\n> echo b\n< text \"b\"",
            "_prelude.dialog": "clock 2026-04-30 10:00",
            "sub/a.dialog": "> /start\n> echo a\n< text \"not a\"",
            "_shared/x.dialog": "frobnicate",
            "c.convo.txt": "C\n#me\n/start\n#bot\n#me\necho c\n#bot\nc",
            "notes.txt": "not a script",
        ]
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let missing = folder.appendingPathComponent("missing.dialog").path
        let found = ScriptSuite.discover([folder.path, missing])
        #expect(
            found.scripts == ["b.dialog", "c.convo.txt", "sub/a.dialog"].map { folder.appendingPathComponent($0).path })
        #expect(found.missing == [missing])
        let reported = ScriptReportLog()
        let results = ScriptSuite.run(found.scripts, runner: ScriptFakeBot.runner, threads: 3) { reported.add($0.path) }
        #expect(results.map(\.path) == found.scripts)
        #expect(reported.paths == found.scripts)
        #expect(results.map(\.isPassed) == [true, true, false])
        #expect(ScriptReporter.summary(results) == "2 passed, 1 failed")
        let report = ScriptReporter.text(results[2])
        #expect(report.hasPrefix("FAIL \(found.scripts[2]) ("))
        #expect(report.contains("  \(found.scripts[2]):3: < text \"not a\""))
        #expect(report.contains("    expected: message that is exactly:"))
        #expect(report.contains("    diff (- expected, + came):\n      - not a\n      + a"))
        #expect(ScriptReporter.text(results[0]).hasPrefix("ok   \(found.scripts[0]) ("))
    }

    @Test func aBrokenScriptIsReportedWithItsLine() {
        let result = ScriptResult(
            path: "x.dialog",
            outcome: .broken(ScriptError(.unknownDirective("what"), at: ScriptLocation(file: "x.dialog", line: 3))))
        #expect(
            ScriptReporter.text(result)
                == "FAIL x.dialog\n  x.dialog:3: error in the script: unknown directive \"what\"")
        #expect(result.failures.first?.came == ["unknown directive \"what\""])
    }
}

/// Paths reported by a parallel run, in the order reported.
final class ScriptReportLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        list.append(path)
    }

    var paths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
