import BotCore
import Foundation
import Testing

@testable import Dialogs

/// Runs `text` as `t.dialog` on the fake bot (or another runner).
func runScript(_ text: String, runner: ScriptRunner = ScriptFakeBot.runner, files: [String: String] = [:])
    throws -> ScriptResult
{
    runner.run(try parseScript(text, files: files))
}

/// The failures of a result, or none when it passed.
func scriptFailures(_ result: ScriptResult) -> [ScriptFailure] {
    if case .failed(let failures) = result.outcome { return failures }
    return []
}

@Suite("Script runner: turns")
struct ScriptRunnerTurnTests {
    @Test func everyCheckHoldsOnATwoMessageTurn() throws {
        let result = try runScript(
            """
            > /start
            < dialog menu step main
            < text "menu"
            < buttons "three" "two" "one"
            < buttons contain "two"
            < not buttons contain "four"
            < input none
            < messages 1
            > two
            < messages 2
            < text "first"
            < text:
                second
                line
            < message 2 text "second\\nline"
            < contains "first" "line"
            < not contains "third"
            < regex "(?m)^first\\nsecond$"
            < not regex "third"
            < one of "zero" | "first"
            < buttons "b"
            < message 1 buttons none
            < input secret
            < message 1 input none
            < not duplicate
            < not error internal
            """)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func aWrongTextShowsTheTurnAndADiff() throws {
        let result = try runScript("# title\n> /start\n> two\n< text \"second\\nlane\"")
        let failure = try #require(scriptFailures(result).first)
        #expect(failure.location == ScriptLocation(file: "t.dialog", line: 4))
        #expect(failure.line == "< text \"second\\nlane\"")
        #expect(failure.expected == ["message that is exactly:", "| second", "| lane"])
        #expect(failure.came.first == "the turn to \"> two\" (t.dialog:3):")
        #expect(failure.came.contains("  | line"))
        #expect(failure.diff == ["  second", "- lane", "+ line"])
    }

    @Test(arguments: [
        ("< dialog help step main", ["- dialog help step main", "+ dialog menu step main"]),
        ("< buttons \"one\" \"four\"", ["- [four]", "+ [three]", "+ [two]"]),
        ("< input secret", ["- input secret", "+ input none"]),
        ("< messages 2", ["- 2 message(s)", "+ 1 message(s)"]),
    ])
    func aWrongMetaButtonInputOrCountShowsADiff(_ line: String, _ diff: [String]) throws {
        let result = try runScript("> /start\n" + line)
        #expect(scriptFailures(result).map(\.diff) == [diff])
    }

    @Test(arguments: [
        "< contains \"menu\" \"nothing\"", "< not contains \"menu\"", "< regex \"^nothing\"", "< one of \"a\" \"b\"",
        "< buttons contain \"four\"", "< not buttons contain \"one\"", "< duplicate", "< error internal",
        "< message 2 text \"menu\"", "< not text \"menu\"", "< step other",
    ])
    func aCheckThatDoesNotHoldFails(_ line: String) throws {
        let result = try runScript("> /start\n" + line)
        #expect(scriptFailures(result).map(\.line) == [line])
    }

    @Test func everyFailingLineOfTheStepIsReportedAndTheRunStops() throws {
        let result = try runScript("> /start\n< text \"x\"\n< step main\n< step y\n> echo never\n< text \"never\"")
        #expect(scriptFailures(result).map(\.location.line) == [2, 4])
    }

    @Test func optionalLinesBecomeNotes() throws {
        let result = try runScript("> /start\n<? contains \"reminder\"\n< text \"menu\"")
        #expect(result.isPassed)
        #expect(result.notes.map(\.location.line) == [2])
        #expect(ScriptReporter.text(result).contains("note: an optional line did not hold"))
    }

    @Test func duplicateMessageIDsGetTheSameTurnAgain() throws {
        let result = try runScript(
            """
            > /start
            > [id m-1] echo first
            < text "first"
            < not duplicate
            > [id m-1] echo second
            < text "first"
            < duplicate
            """)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func anErrorLineInsteadOfATurn() throws {
        let result = try runScript("> /start\n> boom\n< error internal\n< messages 0")
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func theLanguageIsTheBotDefault() throws {
        let result = try runScript("language en\n> /start\n< text \"menu\"")
        #expect(result.isPassed)
    }

    @Test func chatHintsReachTheBot() throws {
        let result = try runScript("chat a id=tg:42 user=\"Иван\" lang=en\n> /start\n> echo hi\n< text \"hi\"")
        #expect(result.isPassed)
    }
}

@Suite("Script runner: the bot cannot start")
struct ScriptRunnerEnvironmentTests {
    struct Broken: Error {}

    @Test func aBotThatCannotBeBuiltIsAScriptErrorAtTheFirstLineThatNeedsIt() throws {
        let runner = ScriptRunner(makeProcessor: { _ in throw Broken() })
        let result = try runScript("# nothing yet\nclock 2026-04-30 10:00\n> /start", runner: runner)
        guard case .broken(let error) = result.outcome else {
            Issue.record("not broken")
            return
        }
        #expect(error.location == ScriptLocation(file: "t.dialog", line: 3))
        #expect(error.problem == .environment("Broken()"))
    }

    @Test func aTemporaryFolderThatCannotBeMade() {
        let runner = ScriptRunner(temporaryFolder: URL(fileURLWithPath: "/proc/no-such-place"))
        let result = runner.run(DialogueScript(path: "t.dialog", steps: []))
        guard case .broken(let error) = result.outcome, case .environment = error.problem else {
            Issue.record("not broken: \(result.outcome)")
            return
        }
        #expect(error.location == nil)
    }
}

@Suite("Script runner: clock")
struct ScriptRunnerClockTests {
    @Test func theClockStartsMovesAndCountsBusinessDays() throws {
        let result = try runScript(
            """
            > /start
            > time
            < text "2026-03-02 10:00"
            clock 2026-04-30 10:00
            > time
            < text "2026-04-30 10:00"
            clock +3 business days
            > time
            < text "2026-05-06 10:00"
            clock +1 day 2 hours 30 minutes
            > time
            < text "2026-05-07 12:30"
            clock +1 week
            > time
            < text "2026-05-14 12:30"
            """)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func theClockDoesNotGoBack() throws {
        let result = try runScript("> time\nclock 2026-01-01 10:00")
        guard case .broken(let error) = result.outcome else {
            Issue.record("not broken")
            return
        }
        #expect(error.location == ScriptLocation(file: "t.dialog", line: 2))
        #expect(error.problem == .clockBackwards("2026-03-02T07:00:00Z"))
    }

    @Test func beforeAnythingHappensTheClockMaySetAnyInstant() throws {
        let result = try runScript("clock 2025-09-01 09:00\n> /start\n> time\n< text \"2025-09-01 09:00\"")
        #expect(result.isPassed)
    }
}

@Suite("Script runner: pushes")
struct ScriptRunnerPushTests {
    @Test func threeChatsWithLiveAndQueuedPushes() throws {
        let result = try runScript(
            """
            chat director
            chat teacher
            chat agent
            > /start
            chat director
            > /start
            > notify teacher
            < text "sent to teacher"
            > notify agent
            push agent live
            < text "ping from director"
            < buttons "ok"
            clock +2 hours
            chat teacher
            > echo hello
            < text "hello"
            push teacher queued
            < text "ping from director"
            chat agent
            > notify director
            push director live
            < contains "agent"
            """)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func aPushNobodyExpectedFailsAtTheEnd() throws {
        let result = try runScript("chat a\n> /start\nchat b\n> /start\n> notify a\n< text \"sent to a\"\n")
        let failure = try #require(scriptFailures(result).first)
        #expect(failure.location.line == 5 && failure.line == "> notify a")
        #expect(failure.came.first == "a push to a, live:")
    }

    @Test func aPushToAChatTheScriptDoesNotKnow() throws {
        let result = try runScript("> /start\n> notify stranger\n")
        #expect(result.isPassed, "a push to a chat no connection carried is kept in the database")
    }

    @Test func aPushThatDidNotCome() throws {
        let result = try runScript("chat a\n> /start\npush a\n< text \"x\"")
        let failure = try #require(scriptFailures(result).first)
        #expect(failure.line == "push a" && failure.expected == ["a push to a"])
    }

    @Test func aPushThatCameTheOtherWay() throws {
        let result = try runScript("chat a\nchat b\n> /start\n> notify a\nchat a\n> /start\npush a live")
        #expect(scriptFailures(result).first?.expected == ["a push that came live"])
    }

    @Test func aDisconnectedChatGetsItsPushesQueued() throws {
        let result = try runScript(
            """
            chat a
            > /start
            disconnect
            chat b
            > /start
            > notify a
            chat a
            > echo back
            push a queued
            < text "ping from b"
            """)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func aWrongPushTextFails() throws {
        let result = try runScript("chat a\n> /start\nchat b\n> /start\n> notify a\npush a\n< text \"pong\"")
        #expect(
            scriptFailures(result).first?.came.first?.hasPrefix("the push to a (came live after t.dialog:5)") == true)
    }
}

@Suite("Script runner: fixtures and mail")
struct ScriptRunnerFixtureTests {
    @Test func fixturesMakeOrganizationsAndAccounts() throws {
        let result = try runScript(
            """
            org 7707083893 "МБОУ СОШ № 1" email=school1@example.ru region=16
            account director login=director password=demo-director org=7707083893 name="Иванов Иван Иванович" confirmed
            account teacher login=teacher1 password=demo-teacher org=7707083893 name="Петрова Анна Сергеевна"
            account agent login=agent1 password=demo-agent-1 confirmed
            import-users org=7707083893
                role,name,email,login,teacher_login,class
                student,Сидоров Пётр,,pupil1,teacher1,5А
            > /start
            > org 7707083893
            < text "МБОУ СОШ № 1, school1@example.ru"
            > who director
            < text "director: director confirmed"
            > who teacher1
            < text "teacher1: teacher pending"
            > who pupil1
            < text "pupil1: student pending"
            > who agent1
            < text "agent1: agent confirmed"
            """)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func theDemoSchool() throws {
        let result = try runScript("demo\n> /start\n> org 7707083893\n< not text \"no organization\"")
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test(arguments: [
        ("org 1234567890 \"Школа\" email=a@example.ru", "invalidINN"),
        ("account teacher login=teacher9 password=pass-12345 org=7707083893", "organizationNotFound"),
        ("import-users org=7707083893\n    nonsense", "importFile"),
        (
            "org 7707083893 \"Школа\" email=a@example.ru\nimport-users org=7707083893\n"
                + "    role,name,email,login,teacher_login,class\n    pilot,X,,x,,", "CSV line 2"
        ),
    ])
    func aRefusedFixtureIsAScriptErrorAtItsLine(_ script: String, _ reason: String) throws {
        let result = try runScript(script)
        guard case .broken(let error) = result.outcome else {
            Issue.record("not broken: \(result.outcome)")
            return
        }
        guard case .fixtureRefused(let words) = error.problem else {
            Issue.record("\(error)")
            return
        }
        #expect(words.contains(reason), "\(words)")
        #expect(error.location?.file == "t.dialog")
        #expect(ScriptReporter.text(result).contains("error in the script: the fixture was refused"))
    }

    @Test func inboxMessagesAreDroppedIn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("script-inbox-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw =
            "From: a@example.ru\r\nTo: help@educont.ru\r\nSubject: Raw\r\nMessage-ID: <r1@example.ru>\r\n\r\nBody\r\n"
        try raw.write(to: folder.appendingPathComponent("raw.eml"), atomically: true, encoding: .utf8)
        try Data("%PDF".utf8).write(to: folder.appendingPathComponent("order.pdf"))
        let script = """
            inbox from=director@school1.ru to=ssod@innopolis.ru subject="Приказ" attach=order.pdf
                ИНН 7707083893
            inbox file=raw.eml
            > /start
            > inbox
            < text:
                Приказ / ИНН 7707083893 / order.pdf
                Raw / Body
            """
        let path = folder.appendingPathComponent("t.dialog").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let result = ScriptFakeBot.runner.run(file: path)
        #expect(result.isPassed, "\(ScriptReporter.text(result))")
    }

    @Test func outboxLinesClaimOneMessageEach() throws {
        let result = try runScript(
            """
            outbox empty
            > /start
            > mail regions@educont.ru
            outbox to=regions@educont.ru from=noreply@educont.ru subject="Отчёт № 1" body contains "7707083893" \
            attachment=report.csv
            > mail regions@educont.ru
            outbox to=REGIONS@educont.ru subject contains "Отчёт" body regex "Решений: \\\\d"
            outbox to=regions@educont.ru
            """)
        let failure = try #require(scriptFailures(result).first)
        #expect(failure.location.line == 7)
        #expect(failure.expected == ["a message to regions@educont.ru"])
        #expect(failure.came.first == "the outbox holds:")
        #expect(failure.came.last == "(2 claimed by outbox lines above)")
    }

    @Test func anOutboxThatShouldBeEmpty() throws {
        let result = try runScript("> /start\n> mail a@example.ru\noutbox empty")
        #expect(scriptFailures(result).first?.expected == ["an empty outbox"])
    }
}
