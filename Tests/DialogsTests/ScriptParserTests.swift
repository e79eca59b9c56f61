import BotCore
import Cabinet
import Foundation
import Testing

@testable import Dialogs

/// Parses `text` as `t.dialog`, with `files` standing in for the disk.
func parseScript(_ text: String, files: [String: String] = [:]) throws(ScriptError) -> DialogueScript {
    try ScriptParser.parse(text, path: "t.dialog", readFile: { files[$0].map { Data($0.utf8) } })
}

/// The actions of a script, without locations.
func scriptActions(_ text: String, files: [String: String] = [:]) throws -> [ScriptAction] {
    try parseScript(text, files: files).steps.map(\.action)
}

/// The checks under the one `>` line of `text`.
func scriptChecks(_ text: String) throws -> [ScriptExpectation] {
    for action in try scriptActions("> hi\n" + text) {
        if case .send(_, let expectations) = action { return expectations }
    }
    return []
}

@Suite("Script parser: directives")
struct ScriptParserDirectiveTests {
    let me = ScriptAction.chat(ChatDeclaration(name: "me"))

    @Test func commentsAndBlankLinesAreSkipped() throws {
        #expect(try scriptActions("# a title\n\n   # indented comment\n") == [])
    }

    @Test func commentsAfterDirectivesAndChecksButNotAfterMessages() throws {
        let parsed = try scriptActions(
            "include _p.dialog  # shared\ndemo # the demo\n> Школа #5 # not a comment\n< contains \"#5\" # a comment",
            files: ["_p.dialog": "language en # English"])
        #expect(parsed.first == .language(.en) && parsed[1] == .demoSchool)
        guard case .send(let message, let expectations) = parsed.last else {
            Issue.record("no message")
            return
        }
        #expect(message.text == "Школа #5 # not a comment")
        #expect(expectations.map(\.check) == [.contains(["#5"])])
    }

    @Test func messageGoesFromTheDefaultChat() throws {
        #expect(try scriptActions("> /start") == [me, .send(SentMessage(chat: "me", text: "/start"), [])])
    }

    @Test func messageKeepsInnerSpacesAndQuotes() throws {
        let parsed = try scriptActions(">   Он сказал \"да\"  ")
        #expect(parsed.last == .send(SentMessage(chat: "me", text: "Он сказал \"да\""), []))
    }

    @Test func messageWithAnID() throws {
        #expect(
            try scriptActions("> [id m-17] Привет").last
                == .send(SentMessage(chat: "me", text: "Привет", id: "m-17"), []))
    }

    @Test func includeReadsTheFileBesideTheScript() throws {
        let parsed = try parseScript("include _prelude.dialog\n> hi", files: ["_prelude.dialog": "\n\ndemo"])
        #expect(parsed.steps.first?.action == .demoSchool)
        #expect(parsed.steps.first?.location == ScriptLocation(file: "_prelude.dialog", line: 3))
        #expect(parsed.steps.last?.location == ScriptLocation(file: "t.dialog", line: 2))
    }

    @Test func includeTakesAQuotedName() throws {
        #expect(try scriptActions("include \"_p.dialog\"", files: ["_p.dialog": "demo"]) == [.demoSchool])
        #expect(
            try scriptActions("include \"my prelude.dialog\"", files: ["my prelude.dialog": "demo"]) == [.demoSchool])
    }

    @Test func language() throws {
        #expect(try scriptActions("language en") == [.language(.en)])
        #expect(try scriptActions("lang RU") == [.language(.ru)])
    }

    @Test func clockAtADateTime() throws {
        let moscow = try #require(Clock.parseInstant("2026-04-30T10:00:00+03:00"))
        #expect(try scriptActions("clock 2026-04-30 10:00") == [.setClock(moscow)])
        #expect(try scriptActions("clock 2026-04-30 10:00 Europe/Moscow") == [.setClock(moscow)])
        #expect(try scriptActions("clock 2026-04-30T10:00:00+03:00") == [.setClock(moscow)])
        #expect(try scriptActions("clock 2026-04-30 07:00 UTC") == [.setClock(moscow)])
        #expect(try scriptActions("clock 2026-04-30 09:00:00 +02:00") == [.setClock(moscow)])
        #expect(try scriptActions("clock 2026-04-30") == [.setClock(moscow - 10 * 3600)])
    }

    @Test func clockMoves() throws {
        #expect(try scriptActions("clock +3 business days") == [.advanceClock([ClockMove(3, .businessDays)])])
        #expect(try scriptActions("clock +1 working day") == [.advanceClock([ClockMove(1, .businessDays)])])
        #expect(
            try scriptActions("clock +1 day 2 hours 30 minutes") == [
                .advanceClock([ClockMove(1, .days), ClockMove(2, .hours), ClockMove(30, .minutes)])
            ])
        #expect(try scriptActions("clock +90s 2w") == [.advanceClock([ClockMove(90, .seconds), ClockMove(2, .weeks)])])
        #expect(try scriptActions("clock +15m") == [.advanceClock([ClockMove(15, .minutes)])])
    }

    @Test func organization() throws {
        let expected = OrganizationFixture(inn: "7707083893", name: "МБОУ СОШ № 1", email: "s@example.ru", region: "16")
        #expect(
            try scriptActions("org 7707083893 \"МБОУ СОШ № 1\" email=s@example.ru region=16") == [
                .organization(expected)
            ])
        #expect(
            try scriptActions("organization 7707083893 name=\"МБОУ СОШ № 1\" email=s@example.ru region=16")
                == [.organization(expected)])
    }

    @Test func account() throws {
        let line =
            "account student login=pupil password=secret-1 org=7707083893 name=\"Петров Пётр\" "
            + "email=p@example.ru teacher=teacher1 class=5А"
        let account = NewAccount(
            role: .student, login: "pupil", organizationINN: "7707083893", fullName: "Петров Пётр",
            email: "p@example.ru", teacherLogin: "teacher1", className: "5А", isConfirmed: false)
        #expect(try scriptActions(line) == [.account(AccountFixture(account: account, password: "secret-1"))])
        let confirmed = try scriptActions("account director login=d password=p org=7707083893 confirmed")
        guard case .account(let fixture) = confirmed.first else {
            Issue.record("not an account")
            return
        }
        #expect(fixture.account.isConfirmed && fixture.account.role == .director)
        let pending = try scriptActions("account учитель login=t password=p org=7707083893 pending")
        guard case .account(let teacher) = pending.first else {
            Issue.record("not an account")
            return
        }
        #expect(!teacher.account.isConfirmed && teacher.account.role == .teacher)
    }

    @Test func importUsersFromAnIndentedBlock() throws {
        let text = """
            import-users org=7707083893
                role,name,email,login,teacher_login,class
                teacher,Иванова Анна,,anna,,
            > hi
            """
        let csv = "role,name,email,login,teacher_login,class\nteacher,Иванова Анна,,anna,,"
        #expect(try scriptActions(text).first == .importUsers(organizationINN: "7707083893", csv: csv))
        #expect(try scriptActions(text).count == 3)
    }

    @Test func importUsersFromAFile() throws {
        let parsed = try scriptActions("import-users org=7707083893 file=users.csv", files: ["users.csv": "a,b"])
        #expect(parsed == [.importUsers(organizationINN: "7707083893", csv: "a,b")])
    }

    @Test func demo() throws {
        #expect(try scriptActions("demo") == [.demoSchool])
    }

    @Test func inboxComposed() throws {
        let text = """
            inbox from=school@example.ru to=regions@educont.ru subject="Заявка" attach=a.pdf,b.pdf
                Прошу выдать логин.

                ИНН 7707083893
            """
        let content = InboxFixture.Content.composed(
            from: "school@example.ru", to: "regions@educont.ru", subject: "Заявка",
            body: "Прошу выдать логин.\n\nИНН 7707083893", attachments: ["a.pdf", "b.pdf"])
        #expect(try scriptActions(text) == [.inboxMail(InboxFixture(content, folder: ""))])
    }

    @Test func inboxFile() throws {
        #expect(
            try scriptActions("inbox file=mail/order.eml") == [
                .inboxMail(InboxFixture(.file("mail/order.eml"), folder: ""))
            ])
    }

    @Test func chats() throws {
        let parsed = try scriptActions(
            "chat director id=tg:1 user=\"Иван Иванович\" lang=ru\n> /start\nchat teacher\nchat director\n")
        #expect(
            parsed == [
                .chat(ChatDeclaration(name: "director", wireID: "tg:1", userName: "Иван Иванович", userLanguage: "ru")),
                .send(SentMessage(chat: "director", text: "/start"), []),
                .chat(ChatDeclaration(name: "teacher")),
            ])
    }

    @Test func restart() throws {
        #expect(try scriptActions("chat a\nrestart").dropFirst() == [.restart])
        #expect(throws: ScriptError.self) { try scriptActions("restart now") }
    }

    @Test func disconnect() throws {
        #expect(
            try scriptActions("chat a\ndisconnect\ndisconnect a").dropFirst() == [
                .disconnect(chat: "a"), .disconnect(chat: "a"),
            ])
    }

    @Test func pushBlocks() throws {
        let parsed = try scriptActions("chat a\nchat b\npush a\n< contains \"x\"\npush queued\npush a live")
        guard case .push(let first, let expectations) = parsed[2] else {
            Issue.record("not a push")
            return
        }
        #expect(first == PushExpectation(chat: "a"))
        #expect(expectations.map(\.check) == [.contains(["x"])])
        #expect(parsed[3] == .push(PushExpectation(chat: "b", arrival: .queued), []))
        #expect(parsed[4] == .push(PushExpectation(chat: "a", arrival: .live), []))
    }

    @Test func outbox() throws {
        let parsed = try scriptActions(
            "outbox to=regions@educont.ru from=noreply@educont.ru subject=\"Приказ\" body contains \"7707083893\" "
                + "body regex \"ИНН \\\\d+\" attachment=order.pdf")
        guard case .outbox(let outbox) = parsed.first else {
            Issue.record("not an outbox line")
            return
        }
        #expect(outbox.to == "regions@educont.ru" && outbox.from == "noreply@educont.ru")
        #expect(outbox.subject == .exactly("Приказ") && outbox.attachment == "order.pdf")
        #expect(outbox.body == [.contains("7707083893"), .regex("ИНН \\d+")])
        guard case .outbox(let subject) = try scriptActions("outbox subject contains \"Запрос\" body=\"Текст\"").first
        else {
            Issue.record("not an outbox line")
            return
        }
        #expect(subject.subject == .contains("Запрос") && subject.body == [.exactly("Текст")])
        guard case .outbox(let empty) = try scriptActions("outbox empty").first else {
            Issue.record("no outbox")
            return
        }
        #expect(empty.isEmpty)
    }

    @Test func windowsLineEndsAndByteOrderMark() throws {
        let parsed = try ScriptParser.parse(
            "\u{FEFF}> hi\r\n< text \"x\"\r\n", path: "t.dialog", readFile: { _ in nil })
        #expect(parsed.steps.count == 2)
        let file = try ScriptParser.parse(file: "w.dialog", readFile: { _ in Data("\u{FEFF}demo\r\n".utf8) })
        #expect(file.steps.map(\.action) == [.demoSchool])
    }
}

@Suite("Script parser: expectations")
struct ScriptParserExpectationTests {
    @Test func everyKindOfCheck() throws {
        let text = """
            < text "Здравствуйте!"
            < contains "a" "b"
            < regex "^Вход"
            < one of "Да" | "Нет" or "Может быть"
            < buttons "Да" "Нет"
            < buttons
            < buttons none
            < buttons contain "Да"
            < dialog menu step main
            < dialog menu
            < step ask_name
            < input secret
            < input none
            < messages 2
            < duplicate
            < error internal
            """
        #expect(
            try scriptChecks(text).map(\.check) == [
                .text("Здравствуйте!"), .contains(["a", "b"]), .regex("^Вход"), .oneOf(["Да", "Нет", "Может быть"]),
                .buttons(["Да", "Нет"]), .buttons([]), .buttons([]), .buttonsContain(["Да"]),
                .meta(dialog: "menu", step: "main"), .meta(dialog: "menu", step: nil),
                .meta(dialog: nil, step: "ask_name"),
                .input(.secret), .input(nil), .messageCount(2), .duplicate, .error("internal"),
            ])
    }

    @Test func textBlockKeepsInnerLinesAndIndentation() throws {
        let text = "< text:\n    Строка 1\n\n      Строка 2\n< messages 1"
        #expect(try scriptChecks(text).map(\.check) == [.text("Строка 1\n\n  Строка 2"), .messageCount(1)])
    }

    @Test func escapesInQuotedText() throws {
        #expect(try scriptChecks(#"< text "a \"b\" \\ c\nd\te""#).map(\.check) == [.text("a \"b\" \\ c\nd\te")])
    }

    @Test func optionalNegatedAndMessageSelector() throws {
        let parsed = try scriptChecks("<? not message 2 contains \"пароль\"")
        #expect(parsed.count == 1)
        #expect(parsed[0].isOptional && parsed[0].isNegated && parsed[0].message == 2)
        #expect(parsed[0].check == .contains(["пароль"]))
        #expect(parsed[0].location == ScriptLocation(file: "t.dialog", line: 2))
        #expect(parsed[0].source == "<? not message 2 contains \"пароль\"")
    }

    @Test func indentedChecksUnderAMessage() throws {
        #expect(
            try scriptChecks("    < contains \"x\"\n  < step main").map(\.check) == [
                .contains(["x"]), .meta(dialog: nil, step: "main"),
            ])
    }
}

@Suite("Script parser: errors")
struct ScriptParserErrorTests {
    typealias Problem = ScriptError.Problem

    static let files: [String: String] = ["loop.dialog": "include t.dialog", "ok.dialog": "demo"]

    static let cases: [(script: String, line: Int, problem: Problem)] = [
        ("include missing.dialog", 1, .unreadableFile("missing.dialog")),
        ("demo\ninclude t.dialog", 2, .includeCycle("t.dialog")),
        ("frobnicate now", 1, .unknownDirective("frobnicate")),
        ("\"quoted\" first", 1, .unknownDirective("quoted")),
        ("include", 1, .missingArgument(directive: "include", what: "a file name")),
        ("include a.dialog b.dialog", 1, .unexpectedArgument(directive: "include", argument: "b.dialog")),
        ("language", 1, .missingArgument(directive: "language", what: "ru or en")),
        ("language de", 1, .badValue(what: "language", value: "de", expected: "ru or en")),
        ("language en ru", 1, .unexpectedArgument(directive: "language", argument: "ru")),
        ("> hi\nlanguage en", 2, .languageTooLate),
        ("demo\nlanguage en", 2, .languageTooLate),
        ("clock", 1, .missingArgument(directive: "clock", what: "a date-time or a move such as +3 business days")),
        ("clock tomorrow", 1, .badInstant("tomorrow")),
        ("clock 2026-04-30 10:00 Mars/Base", 1, .badInstant("2026-04-30 10:00 Mars/Base")),
        ("clock +3 fortnights", 1, .badDuration("+3 fortnights")),
        ("clock +business days", 1, .badDuration("+business days")),
        ("clock +3 business hours", 1, .badDuration("+3 business hours")),
        ("clock +3", 1, .badDuration("+3")),
        ("org", 1, .missingArgument(directive: "org", what: "the INN")),
        ("org 7707083893", 1, .missingArgument(directive: "org", what: "the name in quotes")),
        ("org 7707083893 \"Школа\"", 1, .missingArgument(directive: "org", what: "email=")),
        (
            "org 7707083893 \"Школа\" email=a@b.ru colour=red", 1,
            .unknownSetting(directive: "org", key: "colour", known: ["name", "email", "region"])
        ),
        ("org 7707083893 \"Школа\" email=a@b.ru email=c@d.ru", 1, .repeatedSetting("email")),
        ("org 7707083893 \"Школа", 1, .unterminatedQuote),
        ("org 7707083893 \"Шко\\qла\" email=a@b.ru", 1, .badEscape("q")),
        ("account", 1, .missingArgument(directive: "account", what: "a role (director, teacher, student or agent)")),
        (
            "account wizard login=a password=b", 1,
            .badValue(what: "role", value: "wizard", expected: "director, teacher, student or agent")
        ),
        ("account agent password=b", 1, .missingArgument(directive: "account", what: "login=")),
        ("account agent login=a", 1, .missingArgument(directive: "account", what: "password=")),
        (
            "account agent login=a password=b approved", 1,
            .unexpectedArgument(directive: "account", argument: "approved")
        ),
        ("import-users org=7707083893", 1, .missingBlock("import-users without file=")),
        ("import-users file=u.csv", 1, .missingArgument(directive: "import-users", what: "org=")),
        ("import-users org=7707083893 file=nope.csv", 1, .unreadableFile("nope.csv")),
        ("demo now", 1, .unexpectedArgument(directive: "demo", argument: "now")),
        ("inbox to=a@b.ru", 1, .missingArgument(directive: "inbox", what: "from=")),
        ("inbox from=a@b.ru subject=x", 1, .missingArgument(directive: "inbox", what: "to=")),
        ("inbox file=a.eml subject=x", 1, .unknownSetting(directive: "inbox", key: "subject", known: ["file"])),
        ("chat", 1, .missingArgument(directive: "chat", what: "a name")),
        ("chat a lang=de", 1, .badValue(what: "lang", value: "de", expected: "ru or en")),
        ("chat a id=x\nchat a id=y", 2, .chatRedeclared(name: "a", line: 1)),
        ("chat a nick=x", 1, .unknownSetting(directive: "chat", key: "nick", known: ["id", "user", "lang"])),
        ("disconnect b", 1, .unknownChat("b")),
        ("push teacher", 1, .unknownChat("teacher")),
        ("chat a\npush a live now", 2, .unexpectedArgument(directive: "push", argument: "now")),
        (">", 1, .emptyMessage),
        (">   ", 1, .emptyMessage),
        ("> [id ] hi", 1, .missingArgument(directive: "[id]", what: "a message id")),
        ("> <secret>", 1, .recordedSecret),
        ("< text \"x\"", 1, .expectationWithoutMessage),
        ("> hi\ndemo\n< text \"x\"", 3, .expectationWithoutMessage),
        ("> hi\n< Привет", 2, .unknownExpectation("Привет")),
        ("> hi\n< \"Привет\"", 2, .unknownExpectation("\"Привет\"")),
        ("> hi\n< one \"x\"", 2, .unknownExpectation("one")),
        ("> hi\n<", 2, .missingArgument(directive: "<", what: "a check")),
        ("> hi\n< text:", 2, .missingBlock("< text:")),
        ("> hi\n< text", 2, .missingArgument(directive: "text", what: "text in quotes")),
        ("> hi\n< text \"a\" \"b\"", 2, .unexpectedArgument(directive: "text", argument: "\"b\"")),
        ("> hi\n< contains \"a\" extra", 2, .unexpectedArgument(directive: "<", argument: "extra")),
        ("> hi\n< regex \"(\"", 2, .badRegex(pattern: "(", reason: "")),
        ("> hi\n< dialog", 2, .missingArgument(directive: "dialog", what: "a dialog id")),
        ("> hi\n< step", 2, .missingArgument(directive: "step", what: "a step id")),
        ("> hi\n< input loud", 2, .badValue(what: "input", value: "loud", expected: "secret, text or none")),
        ("> hi\n< messages many", 2, .badValue(what: "messages", value: "many", expected: "a number")),
        (
            "> hi\n< error oops", 2,
            .badValue(
                what: "error code", value: "oops",
                expected: "one of " + WireErrorCode.allCases.map(\.rawValue).joined(separator: ", "))
        ),
        ("> hi\n< message 0 text \"x\"", 2, .badValue(what: "message number", value: "0", expected: "a number from 1")),
        ("> hi\n< message 1 step main", 2, .unexpectedArgument(directive: "message 1", argument: "step")),
        ("outbox", 1, .missingArgument(directive: "outbox", what: "to=, from=, subject, body, attachment= or empty")),
        ("outbox empty now", 1, .unexpectedArgument(directive: "outbox empty", argument: "now")),
        ("outbox to=a@b.ru to=c@d.ru", 1, .repeatedSetting("to")),
        (
            "outbox cc=a@b.ru", 1,
            .unknownSetting(directive: "outbox", key: "cc", known: ["to", "from", "subject", "body", "attachment"])
        ),
        (
            "outbox subject", 1,
            .missingArgument(directive: "subject", what: "contains \"...\", regex \"...\" or =\"...\"")
        ),
        ("outbox body regex \"[\"", 1, .badRegex(pattern: "[", reason: "")),
        ("outbox hello", 1, .unexpectedArgument(directive: "outbox", argument: "hello")),
    ]

    @Test(arguments: cases.indices)
    func errorIsReportedWithItsLine(_ index: Int) {
        let (script, line, problem) = Self.cases[index]
        do {
            let parsed = try parseScript(script, files: Self.files)
            Issue.record("no error for \(script): \(parsed.steps)")
        } catch {
            #expect(error.location == ScriptLocation(file: "t.dialog", line: line), "\(script)")
            if case .badRegex(let pattern, _) = problem, case .badRegex(let got, let reason) = error.problem {
                #expect(got == pattern && !reason.isEmpty)
            } else {
                #expect(error.problem == problem, "\(script)")
            }
            #expect(error.description.hasPrefix("t.dialog:\(line): "))
        }
    }

    @Test func errorInAnIncludedFileNamesThatFile() {
        do {
            _ = try parseScript("demo\ninclude shared.dialog", files: ["shared.dialog": "demo\nwhat"])
            Issue.record("no error")
        } catch {
            #expect(error.location == ScriptLocation(file: "shared.dialog", line: 2))
            #expect(error.problem == .unknownDirective("what"))
        }
    }

    @Test func includeCycleThroughAnotherFile() {
        do {
            _ = try parseScript("include loop.dialog", files: Self.files)
            Issue.record("no error")
        } catch {
            #expect(error == ScriptError(.includeCycle("t.dialog"), at: ScriptLocation(file: "loop.dialog", line: 1)))
        }
    }

    @Test func fileThatIsNotUTF8() {
        do {
            _ = try ScriptParser.parse(file: "bad.dialog", readFile: { _ in Data([0xC3, 0x28, 0xFF]) })
            Issue.record("no error")
        } catch {
            #expect(error.problem == .notUTF8("bad.dialog") && error.location == nil)
            #expect(error.description == "bad.dialog is not UTF-8 text")
        }
    }

    @Test func everyProblemHasASentence() {
        for (_, _, problem) in Self.cases {
            #expect(!problem.description.isEmpty)
        }
    }
}
