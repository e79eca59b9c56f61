import BotCore
import Foundation
import Testing

@testable import Dialogs

/// Makes scripts that differ from a passing one in one expected value: a text, a button, a step...
enum ScriptMutation {
    /// A mark no answer of the bot contains.
    static let mark = "¤"

    /// Every script made by changing one expected value of `script`, each with a description of the change.
    static func mutants(of script: DialogueScript) -> [(change: String, script: DialogueScript)] {
        var result: [(String, DialogueScript)] = []
        for (index, step) in script.steps.enumerated() {
            func add(_ change: String, _ action: ScriptAction) {
                var mutant = script
                mutant.steps[index].action = action
                result.append(("\(step.location) \(change)", mutant))
            }
            switch step.action {
            case .send(let message, let expectations):
                for (position, changed) in mutate(expectations) { add(position, .send(message, changed)) }
            case .push(let push, let expectations):
                for (position, changed) in mutate(expectations) { add(position, .push(push, changed)) }
            case .botMessage(let bot) where !bot.isOptional:
                for (position, changed) in mutate(bot.checks) {
                    add(
                        position,
                        .botMessage(BotMessageExpectation(chat: bot.chat, isOptional: bot.isOptional, checks: changed)))
                }
            case .outbox(let outbox) where !outbox.isEmpty:
                for changed in mutate(outbox) { add("outbox", .outbox(changed)) }
            default:
                break
            }
        }
        return result
    }

    /// The lists made by changing one value of one required, positive expectation.
    static func mutate(_ expectations: [ScriptExpectation]) -> [(String, [ScriptExpectation])] {
        var result: [(String, [ScriptExpectation])] = []
        for (index, expectation) in expectations.enumerated() where !expectation.isOptional && !expectation.isNegated {
            for check in mutate(expectation.check) {
                var changed = expectations
                changed[index].check = check
                result.append(("line \(expectation.location.line): \(check)", changed))
            }
        }
        return result
    }

    /// Each way to change one expected value of a check.
    static func mutate(_ check: Check) -> [Check] {
        switch check {
        case .text(let text):
            return [.text(text + mark), .text(String(text.dropLast()))]
        case .contains(let strings):
            return strings.indices.map { index in .contains(changing(strings, at: index)) }
        case .regex(let pattern):
            return [.regex(mark + pattern)]
        case .oneOf(let strings):
            return [.oneOf(strings.map { $0 + mark })]
        case .buttons(let labels):
            let changed = labels.indices.map { Check.buttons(changing(labels, at: $0)) }
            let dropped = labels.indices.map { index in
                Check.buttons(labels.enumerated().filter { $0.offset != index }.map(\.element))
            }
            return changed + dropped + [.buttons(labels + [mark])]
        case .buttonsContain(let labels):
            return labels.indices.map { .buttonsContain(changing(labels, at: $0)) }
        case .meta(let dialog, let step):
            var checks: [Check] = []
            if let dialog { checks.append(.meta(dialog: dialog + "_x", step: step)) }
            if let step { checks.append(.meta(dialog: dialog, step: step + "_x")) }
            return checks
        case .input(let kind):
            return [.input(kind == .secret ? nil : .secret)]
        case .messageCount(let count):
            return [.messageCount(count + 1)] + (count > 0 ? [.messageCount(count - 1)] : [])
        case .duplicate:
            return [.error("internal")]
        case .error(let code):
            return [.error(code == "internal" ? "bad_json" : "internal")]
        case .botiumText(let alternatives):
            return [.botiumText(alternatives.map { $0 + mark })]
        case .botiumAsserter(var asserter):
            asserter.arguments = asserter.arguments.map { $0 + mark }
            return [.botiumAsserter(asserter)]
        }
    }

    static func mutate(_ outbox: OutboxExpectation) -> [OutboxExpectation] {
        var result: [OutboxExpectation] = []
        if let to = outbox.to { result.append(with(outbox) { $0.to = "x" + to }) }
        if let from = outbox.from { result.append(with(outbox) { $0.from = "x" + from }) }
        if let subject = outbox.subject { result.append(with(outbox) { $0.subject = marked(subject) }) }
        for index in outbox.body.indices { result.append(with(outbox) { $0.body[index] = marked($0.body[index]) }) }
        if let name = outbox.attachment { result.append(with(outbox) { $0.attachment = name + mark }) }
        return result
    }

    private static func marked(_ check: OutboxExpectation.TextCheck) -> OutboxExpectation.TextCheck {
        switch check {
        case .exactly(let text): .exactly(text + mark)
        case .contains(let text): .contains(text + mark)
        case .regex(let text): .regex(mark + text)
        }
    }

    private static func with(_ outbox: OutboxExpectation, _ change: (inout OutboxExpectation) -> Void)
        -> OutboxExpectation
    {
        var copy = outbox
        change(&copy)
        return copy
    }

    private static func changing(_ strings: [String], at index: Int) -> [String] {
        var copy = strings
        copy[index] += mark
        return copy
    }
}

@Suite("Script mutations")
struct ScriptMutationTests {
    /// Runs every mutant of `script`; returns the changes that still passed.
    static func survivors(of script: DialogueScript, runner: ScriptRunner) -> [String] {
        let mutants = ScriptMutation.mutants(of: script)
        let results = ScriptSuite.run(scripts: mutants.map(\.script), runner: runner)
        return zip(mutants, results).filter { $0.1.isPassed }.map(\.0.change)
    }

    @Test(arguments: ScriptDialogueFiles.names)
    func changingAnyExpectedValueOfADialogueMakesItFail(_ name: String) throws {
        let script = try ScriptSuite.load(ScriptDialogueFiles.path(name))
        try #require(ScriptRunner().run(script).isPassed)
        #expect(!ScriptMutation.mutants(of: script).isEmpty)
        #expect(Self.survivors(of: script, runner: ScriptRunner()) == [])
    }

    @Test func changingAnyExpectedValueOfEveryKindOfCheckMakesItFail() throws {
        let script = try parseScript(
            """
            chat a
            > /start
            < dialog menu step main
            < text "menu"
            < buttons "three" "two" "one"
            < buttons contain "two"
            > two
            < messages 2
            < text:
                second
                line
            < contains "first" "line"
            < regex "^first"
            < one of "zero" | "first"
            < message 2 buttons "b"
            < input secret
            > [id x] echo once
            > [id x] echo twice
            < duplicate
            > boom
            < error internal
            chat b
            > /start
            > notify a
            push a
            < text "ping from b"
            < buttons "ok"
            > mail regions@educont.ru
            outbox to=regions@educont.ru from=noreply@educont.ru subject="Отчёт № 1" body contains "7707083893" \
            body regex "Решений" attachment=report.csv
            """)
        try #require(ScriptFakeBot.runner.run(script).isPassed)
        #expect(ScriptMutation.mutants(of: script).count >= 30)
        #expect(Self.survivors(of: script, runner: ScriptFakeBot.runner) == [])
    }

    @Test func changingABotiumExpectationMakesItFail() throws {
        let script = try parseConvo(
            """
            t
            #me
            /start
            #bot
            menu
            #me
            two
            #bot
            first
            #bot
            TEXT_CONTAINS_ALL second|line
            BUTTONS b
            < input secret
            """)
        try #require(ScriptFakeBot.runner.run(script).isPassed)
        #expect(Self.survivors(of: script, runner: ScriptFakeBot.runner) == [])
    }
}
