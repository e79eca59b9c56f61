import BotCore
import Testing

@Suite struct EngineTests {
    @Test func startShowsTheRootDialog() throws {
        var probe = EngineProbe()
        let turn = try probe.send("/start")
        #expect(turn.dialog == "menu")
        #expect(turn.step == "main")
        #expect(turn.messages.map(\.text) == ["t.menu"])
    }

    @Test func formAsksFieldsValidatesAndSummarises() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        var turn = try probe.send("form")
        #expect(turn.dialog == "form" && turn.step == "ask_name")
        turn = try probe.send("x")
        #expect(turn.step == "ask_name")
        #expect(turn.messages[0].text.hasPrefix("too short\n"))
        turn = try probe.send("Ada")
        #expect(turn.step == "ask_code")
        #expect(turn.messages[0].buttons?.first == ["Пропустить"])
        turn = try probe.send("Пропустить")
        #expect(turn.step == "summary")
        #expect(turn.messages[0].text.contains("1. t.label_name: Ada"))
        turn = try probe.send("Всё верно")
        #expect(turn.dialog == "menu")
        #expect(turn.messages.map(\.text) == ["done", "finished: done(Optional(\"Ada\"))"])
    }

    @Test func backKeepsEnteredValues() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("form")
        _ = try probe.send("Ada")
        let turn = try probe.send("назад")
        #expect(turn.step == "ask_name")
        #expect(turn.messages[0].text.contains("Ada"), "the current value is shown")
        let kept = try probe.send("ru:core.button.keep")
        #expect(kept.step == "ask_code")
    }

    @Test func helpMidFormReturnsToTheSameQuestion() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("form")
        _ = try probe.send("Ada")
        let help = try probe.send("/help")
        #expect(help.dialog == "help")
        let back = try probe.send("anything")
        #expect(back.dialog == "form" && back.step == "ask_code")
        let summary = try probe.send("42")
        #expect(summary.messages[0].text.contains("Ada"))
        #expect(summary.messages[0].text.contains("42"))
    }

    @Test func handBackGivesTheSameTextToTheDialogUnderneath() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("/help")
        let turn = try probe.send("form")
        #expect(turn.messages.first?.text == "handing back")
        #expect(turn.dialog == "form", "the menu got \"form\" and opened the form")
        #expect(probe.session?.frames.map(\.id) == ["menu", "form"])
    }

    @Test func aFirstMessageInFreeTextReachesTheRootDialog() throws {
        var probe = EngineProbe()
        let turn = try probe.send("form")
        #expect(turn.dialog == "form")
    }

    @Test func cancelLeavesTheFormForTheMenu() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("form")
        let turn = try probe.send("/CANCEL")
        #expect(turn.dialog == "menu")
        #expect(turn.messages.first?.text == "ru:core.cancelled")
        #expect(probe.session?.frames.count == 1)
    }

    @Test func threeInvalidAnswersExplainTheFormatAgain() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("form")
        let first = try probe.send("x")
        #expect(first.messages.count == 1)
        _ = try probe.send("y")
        let third = try probe.send("z")
        #expect(third.messages.count == 2)
        #expect(third.messages[1].text.contains("t.hint_name"))
        #expect(third.messages[1].text.contains("ru:core.offer_human"))
        let fourth = try probe.send("w")
        #expect(fourth.messages.count == 1, "the streak starts over after the explanation")
    }

    @Test func anInvalidAnswerKeepsTheButtonsOfItsStep() throws {
        var probe = EngineProbe()
        #expect(try probe.send("/start").messages.last?.buttons == [["form"]])
        let invalid = try probe.send("??")
        #expect(invalid.messages.map(\.text) == ["what?"])
        #expect(invalid.messages.last?.buttons == [["form"]], "the reply brought none: the step's come back")
        _ = try probe.send("??")
        let third = try probe.send("??")
        #expect(third.messages.last?.buttons?.joined().contains("ru:core.button.menu") == true, "the retry help's own")
        #expect(try probe.send("??").messages.last?.buttons == [["form"]], "the step's again, not the retry help's")
        #expect(try probe.send("anything").messages.last?.buttons == nil, "a valid answer without buttons")
        #expect(try probe.send("??").messages.last?.buttons == nil, "nothing was on screen to keep")
        _ = try probe.send("/start")
        _ = try probe.send("form")
        let elsewhere = try probe.send("x")
        #expect(elsewhere.step == "ask_name" && elsewhere.messages.last?.buttons != [["form"]], "another step's own")
    }

    @Test func languageSwitchesAndReasksTheQuestion() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("form")
        let turn = try probe.send("/lang en")
        #expect(turn.messages[0].text == "en:core.language_set")
        #expect(turn.messages[1].text.hasPrefix("en t.ask_name"))
        #expect(probe.session?.language == .en)
        let usage = try probe.send("/lang xx")
        #expect(usage.messages[0].text == "en:core.language_usage")
    }

    @Test func aChangedFlowVersionReturnsPolitelyToTheMenu() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        _ = try probe.send("form")
        probe.session?.frames[1].version = 0
        let turn = try probe.send("Ada")
        #expect(turn.dialog == "menu")
        #expect(turn.messages[0].text == "ru:core.flow_changed")
        probe.session?.frames = [Frame(id: "vanished", version: 1, state: "{}")]
        #expect(try probe.send("hi").dialog == "menu")
    }

    @Test func anUnreadableStateIsTreatedAsAChangedFlow() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        probe.session?.frames[0].state = "{not json"
        let turn = try probe.send("hello")
        #expect(turn.messages[0].text == "ru:core.flow_changed")
    }

    @Test func launchingAnUnknownDialogThrows() throws {
        var probe = EngineProbe()
        _ = try probe.send("/start")
        #expect(throws: EngineFault.self) { try probe.send("boom") }
    }

    @Test func commandsMatchWordsAndSlashesInAnyCase() {
        let table = CommandTable()
        #expect(table.match("/START") == .start)
        #expect(table.match("  Назад ") == .back)
        #expect(table.match("Отмена!") == .cancel)
        #expect(table.match("/start@school_bot") == .start)
        #expect(table.match("/lang EN") == .language(.en))
        #expect(table.match("/lang") == .language(nil))
        #expect(table.match("назад в будущее") == nil)
        #expect(table.match("/start payload-42") == .start)
        #expect(table.match("главное\u{00A0}  МЕНЮ.") == .menu)
        #expect(table.match("Справка?") == .help)
    }

    @Test func aWordTypedWithACombiningMarkIsTheComposedWord() {
        var table = CommandTable()
        table.add(["войти"], .cancel)
        #expect(table.match("вои\u{0306}ти") == .cancel)  // й as и + combining breve
        #expect(table.match("ещё") == nil)
    }
}
