import BotCore
import Foundation

/// What a check looks at: a turn, a push, or one bot message of a Botium conversation.
struct CheckSubject {
    /// The messages checked.
    var messages: [OutMessage]
    /// The line they came in (meta, `duplicate`, error code).
    var line: ServerLine
    /// What it is, for reports: `the turn to "> /start" (menu.dialog:12)`.
    var title: String
}

/// Whether a check held, what it expected in words, and a diff when one helps.
struct CheckOutcome {
    var holds: Bool
    var expected: [String]
    var diff: [String] = []
}

/// Evaluates expectations against what the bot said.
enum ScriptChecks {
    /// Nil when `expectation` holds for `subject`; otherwise what went wrong.
    static func failure(of expectation: ScriptExpectation, on subject: CheckSubject) -> ScriptFailure? {
        var messages = subject.messages
        if let number = expectation.message {
            guard number >= 1, number <= messages.count else {
                return ScriptFailure(
                    location: expectation.location, line: expectation.source,
                    expected: ["a message number \(number)"],
                    came: ["\(subject.title), with \(messages.count) message(s):"]
                        + ScriptReporter.describe(subject.line))
            }
            messages = [messages[number - 1]]
        }
        let outcome = evaluate(expectation.check, negated: expectation.isNegated, messages, subject.line)
        guard !outcome.holds else { return nil }
        let what = expectation.message.map { "\(subject.title), message \($0) of:" } ?? "\(subject.title):"
        return ScriptFailure(
            location: expectation.location, line: expectation.source, expected: outcome.expected,
            came: [what] + ScriptReporter.describe(subject.line), diff: outcome.diff)
    }

    static func evaluate(_ check: Check, negated: Bool, _ messages: [OutMessage], _ line: ServerLine) -> CheckOutcome {
        let texts = messages.map(\.text)
        let joined = texts.joined(separator: "\n")
        let buttons = messages.flatMap { ($0.buttons ?? []).flatMap { $0 } }
        let not = negated ? "no " : ""
        switch check {
        case .text(let expected):
            let holds = texts.contains(expected) != negated
            let closest = texts.max { ScriptDiff.likeness(expected, $0) < ScriptDiff.likeness(expected, $1) }
            let diff = holds || negated ? [] : ScriptDiff.lines(expected: expected, came: closest ?? "")
            return CheckOutcome(
                holds: holds, expected: ["\(not)message that is exactly:"] + quoted(expected), diff: diff)
        case .contains(let strings):
            let found = strings.filter { joined.contains($0) }
            let holds = negated ? found.isEmpty : found.count == strings.count
            let missing = strings.filter { !found.contains($0) }
            let expected =
                negated
                ? ["text without " + list(strings), "found: " + list(found)]
                : ["text containing " + list(strings), "missing: " + list(missing)]
            return CheckOutcome(holds: holds, expected: expected)
        case .regex(let pattern):
            let holds = matches(pattern, joined) != negated
            return CheckOutcome(holds: holds, expected: ["text \(negated ? "not " : "")matching /\(pattern)/"])
        case .oneOf(let alternatives):
            let holds = texts.contains { alternatives.contains($0) } != negated
            return CheckOutcome(holds: holds, expected: ["\(not)message that is exactly one of " + list(alternatives)])
        case .buttons(let expected):
            let holds = (Set(buttons) == Set(expected)) != negated
            let diff =
                Set(expected).subtracting(buttons).sorted().map { "- [\($0)]" }
                + Set(buttons).subtracting(expected).sorted().map { "+ [\($0)]" }
            let words = expected.isEmpty ? "no buttons" : "exactly the buttons " + labels(expected)
            return CheckOutcome(holds: holds, expected: [(negated ? "not " : "") + words], diff: negated ? [] : diff)
        case .buttonsContain(let expected):
            let found = expected.filter { buttons.contains($0) }
            let holds = negated ? found.isEmpty : found.count == expected.count
            let missing = expected.filter { !found.contains($0) }
            let words =
                negated
                ? ["none of the buttons " + labels(expected), "found: " + labels(found)]
                : ["the buttons " + labels(expected), "missing: " + labels(missing)]
            return CheckOutcome(holds: holds, expected: words)
        case .meta(let dialog, let step):
            let same = (dialog == nil || dialog == line.dialog) && (step == nil || step == line.step)
            let holds = line.type == "turn" && same != negated
            let want = [dialog.map { "dialog \($0)" }, step.map { "step \($0)" }].compactMap { $0 }
                .joined(separator: " ")
            let gotDialog = dialog.map { _ in "dialog \(line.dialog ?? "none")" }
            let gotStep = step.map { _ in "step \(line.step ?? "none")" }
            let got = [gotDialog, gotStep].compactMap { $0 }.joined(separator: " ")
            return CheckOutcome(
                holds: holds, expected: [(negated ? "not " : "") + want],
                diff: negated ? [] : ["- " + want, "+ " + got])
        case .input(let kind):
            let actual = messages.compactMap(\.input).last
            let holds = (actual == kind) != negated
            let want = "input \(kind?.rawValue ?? "none")"
            return CheckOutcome(
                holds: holds, expected: [(negated ? "not " : "") + want],
                diff: negated ? [] : ["- " + want, "+ input \(actual?.rawValue ?? "none")"])
        case .messageCount(let count):
            let holds = (messages.count == count) != negated
            return CheckOutcome(
                holds: holds, expected: ["\(negated ? "not " : "")\(count) message(s)"],
                diff: negated ? [] : ["- \(count) message(s)", "+ \(messages.count) message(s)"])
        case .duplicate:
            let holds = line.duplicate != negated
            return CheckOutcome(holds: holds, expected: [negated ? "a fresh turn" : "a turn marked duplicate"])
        case .error(let code):
            let holds = (line.type == "error" && line.code == code) != negated
            return CheckOutcome(holds: holds, expected: ["\(negated ? "no " : "an ")error \(code)"])
        case .botiumText(let alternatives):
            let holds = alternatives.contains { wildcard($0, joined, ignoringCase: true) } != negated
            return CheckOutcome(
                holds: holds,
                expected: [
                    "\(negated ? "a message not containing" : "a message containing") "
                        + list(alternatives) + " (* is a wildcard, letter case ignored)"
                ])
        case .botiumAsserter(let asserter):
            return botium(asserter, negated: negated, joined)
        }
    }

    private static func botium(_ asserter: BotiumTextAsserter, negated: Bool, _ text: String) -> CheckOutcome {
        let results = asserter.arguments.map { argument in
            switch asserter.mode {
            case .contains:
                asserter.ignoresCase ? text.lowercased().contains(argument.lowercased()) : text.contains(argument)
            case .equals:
                asserter.ignoresCase ? text.lowercased() == argument.lowercased() : text == argument
            case .regexp:
                matches(argument, text, ignoringCase: asserter.ignoresCase)
            case .wildcard:
                wildcard(argument, text, ignoringCase: asserter.ignoresCase)
            }
        }
        let positive = asserter.needsAll ? !results.contains(false) : results.contains(true)
        let how =
            "\(asserter.mode.rawValue) \(asserter.needsAll ? "all of" : "any of") " + list(asserter.arguments)
            + (asserter.ignoresCase ? " (letter case ignored)" : "")
        return CheckOutcome(holds: positive != negated, expected: [(negated ? "text failing: " : "text: ") + how])
    }

    // MARK: - Matching

    /// Whether `pattern` matches somewhere in `text`.
    static func matches(_ pattern: String, _ text: String, ignoringCase: Bool = false) -> Bool {
        let options: NSRegularExpression.Options = ignoringCase ? [.caseInsensitive] : []
        guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Botium's wildcard matching: `pattern` occurs in `text`, `*` standing for anything, spaces collapsed.
    static func wildcard(_ pattern: String, _ text: String, ignoringCase: Bool) -> Bool {
        let parts = collapse(pattern).split(separator: "*", omittingEmptySubsequences: false)
        let regex = parts.map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: ".*")
        return matches("(?s)" + regex, collapse(text), ignoringCase: ignoringCase)
    }

    /// Runs of whitespace, line ends included, as one space; ends trimmed.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: - Words

    static func quoted(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "| \($0)" }
    }

    static func list(_ strings: [String]) -> String {
        strings.isEmpty ? "nothing" : strings.map(ScriptLexer.quote).joined(separator: ", ")
    }

    static func labels(_ strings: [String]) -> String {
        strings.isEmpty ? "none" : strings.map { "[\($0)]" }.joined(separator: " ")
    }
}
