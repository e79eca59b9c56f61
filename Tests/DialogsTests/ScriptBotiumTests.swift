import BotCore
import Foundation
import Testing

@testable import Dialogs

/// Parses a Botium conversation given as text.
func parseConvo(_ text: String, utterances: [String: [String]] = [:]) throws(ScriptError) -> DialogueScript {
    try BotiumReader.parse(text, path: "t.convo.txt", utterances: utterances, readFile: { _ in nil })
}

@Suite("Botium reader")
struct ScriptBotiumTests {
    @Test func titleSectionsAndText() throws {
        let script = try parseConvo(
            """
            Greeting
            a description line

            #me
            hello
            bot

            #bot
            !Hi there
            second line
            """)
        #expect(script.title == "Greeting" && !script.expectsEveryPush)
        #expect(
            script.steps.map(\.action).prefix(2) == [
                .chat(ChatDeclaration(name: "me")), .send(SentMessage(chat: "me", text: "hello\nbot"), []),
            ])
        guard case .botMessage(let bot) = script.steps.last?.action else {
            Issue.record("no #bot")
            return
        }
        #expect(bot.chat == "me" && !bot.isOptional)
        #expect(bot.checks.map(\.check) == [.botiumText(["Hi there\nsecond line"])] && bot.checks[0].isNegated)
        #expect(script.steps.last?.location == ScriptLocation(file: "t.convo.txt", line: 8))
    }

    @Test func asserterLines() throws {
        let script = try parseConvo(
            """
            t
            #me
            BUTTON Нет логина и пароля
            #bot
            BUTTONS Да|Нет \\| может быть
            !BUTTONS Выйти
            TEXT_CONTAINS_ALL_IC привет|пока
            TEXT_REGEXP_ANY ^a|b$
            TEXT_EQUALS x
            TEXT_WILDCARD_ANY a*b
            WAITFORBOT
            < step main
            """)
        #expect(script.steps[1].action == .send(SentMessage(chat: "me", text: "Нет логина и пароля"), []))
        guard case .botMessage(let bot) = script.steps.last?.action else {
            Issue.record("no #bot")
            return
        }
        #expect(
            bot.checks.map(\.check) == [
                .buttonsContain(["Да", "Нет | может быть"]), .buttonsContain(["Выйти"]),
                .botiumAsserter(
                    BotiumTextAsserter(
                        mode: .contains, needsAll: true, ignoresCase: true, arguments: ["привет", "пока"])),
                .botiumAsserter(
                    BotiumTextAsserter(mode: .regexp, needsAll: false, ignoresCase: false, arguments: ["^a", "b$"])),
                .botiumAsserter(
                    BotiumTextAsserter(mode: .equals, needsAll: false, ignoresCase: false, arguments: ["x"])),
                .botiumAsserter(
                    BotiumTextAsserter(mode: .wildcard, needsAll: false, ignoresCase: false, arguments: ["a*b"])),
                .meta(dialog: nil, step: "main"),
            ])
        #expect(bot.checks.map(\.isNegated) == [false, true, false, false, false, false, false])
    }

    @Test func utterancesPauseChannelsAndOwnLines() throws {
        let script = try parseConvo(
            """
            t
            #begin
            clock 2026-04-30 10:00
            org 7707083893 "Школа" email=a@example.ru
            #me director
            GREETING
            PAUSE 1500
            #bot director
            BOT_HI
            #end
            outbox empty
            """, utterances: ["GREETING": ["привет", "здравствуйте"], "BOT_HI": ["Здравствуйте*", "Добрый день"]])
        let actions = script.steps.map(\.action)
        #expect(actions.count == 7)
        #expect(actions[2] == .chat(ChatDeclaration(name: "director")))
        #expect(actions[3] == .advanceClock([ClockMove(2, .seconds)]))
        #expect(actions[4] == .send(SentMessage(chat: "director", text: "привет"), []))
        guard case .botMessage(let bot) = actions[5] else {
            Issue.record("no #bot")
            return
        }
        #expect(bot.checks.map(\.check) == [.botiumText(["Здравствуйте*", "Добрый день"])])
        guard case .outbox(let outbox) = actions[6] else {
            Issue.record("no outbox")
            return
        }
        #expect(outbox.isEmpty)
    }

    @Test func utterancesFile() {
        let parsed = BotiumReader.parseUtterances("GREETING\n\nпривет\n  здравствуйте \n")
        #expect(parsed?.name == "GREETING" && parsed?.alternatives == ["привет", "здравствуйте"])
        #expect(BotiumReader.parseUtterances("\n \n") == nil)
    }

    @Test(arguments: [
        ("t\n#me\nhi\n#robot\nx", 4, ScriptError.Problem.unknownSection("robot")),
        ("t\n#include PCONVO_HELLO", 2, .unsupported("#include of partial convos")),
        ("t\n#me\nhi\n#bot\nINTENT greeting", 5, .unsupported("INTENT in #bot")),
        ("t\n#me\nMEDIA pic.png", 3, .unsupported("MEDIA in #me")),
        ("t\n#me\nhi\n#bot\n?hello\nBUTTONS a", 5, .mixedOptional),
        ("t\n#me\nhi\n#bot\n?hello\n#me\nbye", 4, .optionalWithoutFollower),
        ("t\n#bot\nhello", 2, .botBeforeMe),
        ("t\n#me\n\n#bot\nx", 2, .emptyMessage),
        ("t\n#me\nhi\n#bot\nTEXT_REGEXP_ANY (", 5, .badRegex(pattern: "(", reason: "")),
        ("t\n#me\nPAUSE soon", 3, .badValue(what: "PAUSE", value: "soon", expected: "milliseconds")),
        ("t\n#begin\nfrobnicate", 3, .unknownDirective("frobnicate")),
        ("t\n#me\nhi\n#bot\n< Привет", 5, .unknownExpectation("Привет")),
    ])
    func errorsNameTheirLine(_ text: String, _ line: Int, _ problem: ScriptError.Problem) {
        do {
            _ = try parseConvo(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.location == ScriptLocation(file: "t.convo.txt", line: line), "\(text)")
            if case .badRegex = problem, case .badRegex(let pattern, _) = error.problem {
                #expect(pattern == "(")
            } else {
                #expect(error.problem == problem, "\(text)")
            }
        }
    }

    @Test func aConversationRunsAgainstTheBot() throws {
        let script = try parseConvo(
            """
            Two messages and a push

            #me
            /start

            #bot
            menu

            #me
            two

            #bot
            FIRST

            #bot
            ?no such message

            #bot
            sec*line
            BUTTONS b
            !BUTTONS c
            < input secret

            #me teacher
            /start

            #bot teacher
            MENU

            #me teacher
            echo ready

            #bot teacher
            ready

            #me
            notify teacher

            #bot
            TEXT_EQUALS sent to teacher

            #bot teacher
            Ping From *
            """)
        let result = ScriptFakeBot.runner.run(script)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func aBotMessageThatDoesNotMatchFails() throws {
        let script = try parseConvo("t\n#me\n/start\n#me\ntwo\n#bot\nmenu\n#bot\nfirst\n#bot\nsecond\n#bot\nthird")
        let result = ScriptFakeBot.runner.run(script)
        guard case .failed(let failures) = result.outcome else {
            Issue.record("passed")
            return
        }
        #expect(failures.first?.location == ScriptLocation(file: "t.convo.txt", line: 12))
        #expect(failures.first?.expected == ["one more bot message"])
    }

    @Test func aNegatedTextFailsWhenItIsThere() throws {
        let script = try parseConvo("t\n#me\n/start\n#bot\n#me\necho hello world\n#bot\n!HELLO")
        let result = ScriptFakeBot.runner.run(script)
        guard case .failed(let failures) = result.outcome else {
            Issue.record("passed")
            return
        }
        #expect(failures.first?.location.line == 8)
    }

    @Test func filesAndUtterancesFromDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("botium-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SAY_HI\necho hi there\necho hello".write(
            to: folder.appendingPathComponent("hi.utterances.txt"), atomically: true, encoding: .utf8)
        try "Hi\n\n#me\n/start\n#bot\n#me\nSAY_HI\n\n#bot\nhi THERE\n".write(
            to: folder.appendingPathComponent("hi.convo.txt"), atomically: true, encoding: .utf8)
        let result = ScriptFakeBot.runner.run(file: folder.appendingPathComponent("hi.convo.txt").path)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }
}
