import BotCore
import Foundation

/// The tokens of a `<` or `outbox` line, taken from the front.
struct TokenQueue {
    private(set) var tokens: ArraySlice<ScriptToken>

    init(_ tokens: [ScriptToken]) { self.tokens = tokens[...] }

    var isEmpty: Bool { tokens.isEmpty }

    /// Takes the next token when it is the bare word `word` (letter case ignored).
    mutating func take(_ word: String) -> Bool {
        guard tokens.first?.keyword == word else { return false }
        tokens.removeFirst()
        return true
    }

    mutating func next() -> ScriptToken? { tokens.popFirst() }

    /// The next bare word, for ids such as a dialog's or a step's.
    mutating func word(for what: String, of directive: String) throws(ScriptError.Problem) -> String {
        guard let token = tokens.first, token.kind == .word else {
            throw .missingArgument(directive: directive, what: what)
        }
        tokens.removeFirst()
        return token.text
    }

    /// One or more quoted strings, `|` or `or` between them allowed.
    mutating func strings(for directive: String) throws(ScriptError.Problem) -> [String] {
        var strings: [String] = []
        while let token = tokens.first {
            if token.kind == .quoted {
                strings.append(token.text)
            } else if !strings.isEmpty, token.keyword == "|" || token.keyword == "or" {
                // a separator between alternatives
            } else {
                break
            }
            tokens.removeFirst()
        }
        guard !strings.isEmpty else { throw .missingArgument(directive: directive, what: "text in quotes") }
        return strings
    }

    /// Throws when anything is left.
    func finish(_ directive: String) throws(ScriptError.Problem) {
        if let token = tokens.first { throw .unexpectedArgument(directive: directive, argument: token.written) }
    }
}

extension ScriptParser {
    /// Reads a `<` line (the `<` included) into an expectation; also says whether the block under it was used.
    static func expectation(_ line: Substring, block: String?, at location: ScriptLocation)
        throws(ScriptError.Problem) -> (ScriptExpectation, Bool)
    {
        var rest = line.dropFirst()
        let isOptional = rest.hasPrefix("?")
        if isOptional { rest = rest.dropFirst() }
        var queue = TokenQueue(try ScriptLexer.tokens(rest))
        let isNegated = queue.take("not")
        var message: Int?
        if queue.take("message") {
            let number = try queue.word(for: "a message number", of: "message")
            guard let value = Int(number), value >= 1 else {
                throw .badValue(what: "message number", value: number, expected: "a number from 1")
            }
            message = value
        }
        var usedBlock = false
        let check = try check(&queue, block: block, usedBlock: &usedBlock)
        try queue.finish("<")
        if message != nil {
            switch check {
            case .text, .contains, .regex, .oneOf, .buttons, .buttonsContain, .input: break
            default: throw .unexpectedArgument(directive: "message \(message ?? 0)", argument: kindWord(check))
            }
        }
        let expectation = ScriptExpectation(
            check, at: location, source: String(line), isOptional: isOptional, isNegated: isNegated, message: message)
        return (expectation, usedBlock)
    }

    private static func check(_ queue: inout TokenQueue, block: String?, usedBlock: inout Bool)
        throws(ScriptError.Problem) -> Check
    {
        guard let token = queue.next() else { throw .missingArgument(directive: "<", what: "a check") }
        guard let word = token.keyword else { throw .unknownExpectation(token.written) }
        switch word {
        case "text":
            return .text(try queue.strings(for: "text").single("text"))
        case "text:":
            guard let block else { throw .missingBlock("< text:") }
            usedBlock = true
            return .text(block)
        case "contains", "contain":
            return .contains(try queue.strings(for: "contains"))
        case "regex":
            let pattern = try queue.strings(for: "regex").single("regex")
            try validateRegex(pattern)
            return .regex(pattern)
        case "one":
            guard queue.take("of") else { throw .unknownExpectation("one") }
            return .oneOf(try queue.strings(for: "one of"))
        case "buttons":
            if queue.take("contain") || queue.take("contains") {
                return .buttonsContain(try queue.strings(for: "buttons contain"))
            }
            if queue.take("none") || queue.isEmpty { return .buttons([]) }
            return .buttons(try queue.strings(for: "buttons"))
        case "dialog":
            let dialog = try queue.word(for: "a dialog id", of: "dialog")
            let step = queue.take("step") ? try queue.word(for: "a step id", of: "step") : nil
            return .meta(dialog: dialog, step: step)
        case "step":
            return .meta(dialog: nil, step: try queue.word(for: "a step id", of: "step"))
        case "input":
            let kind = try queue.word(for: "secret, text or none", of: "input")
            if kind.lowercased() == "none" { return .input(nil) }
            guard let input = InputKind(rawValue: kind.lowercased()) else {
                throw .badValue(what: "input", value: kind, expected: "secret, text or none")
            }
            return .input(input)
        case "messages":
            let count = try queue.word(for: "a number", of: "messages")
            guard let number = Int(count), number >= 0 else {
                throw .badValue(what: "messages", value: count, expected: "a number")
            }
            return .messageCount(number)
        case "duplicate":
            return .duplicate
        case "error":
            let code = try queue.word(for: "an error code", of: "error")
            guard WireErrorCode(rawValue: code) != nil else {
                let codes = WireErrorCode.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badValue(what: "error code", value: code, expected: "one of \(codes)")
            }
            return .error(code)
        default:
            throw .unknownExpectation(token.text)
        }
    }

    /// The word that starts a check of this kind, for messages.
    static func kindWord(_ check: Check) -> String {
        switch check {
        case .text: "text"
        case .contains: "contains"
        case .regex: "regex"
        case .oneOf: "one of"
        case .buttons: "buttons"
        case .buttonsContain: "buttons contain"
        case .meta(let dialog, _): dialog == nil ? "step" : "dialog"
        case .input: "input"
        case .messageCount: "messages"
        case .duplicate: "duplicate"
        case .error: "error"
        case .botiumText, .botiumAsserter: "text"
        }
    }

    static func validateRegex(_ pattern: String) throws(ScriptError.Problem) {
        do {
            _ = try NSRegularExpression(pattern: pattern)
        } catch {
            throw .badRegex(pattern: pattern, reason: (error as NSError).localizedDescription)
        }
    }

    // MARK: - Outbox

    /// Reads the words after `outbox`.
    static func outbox(_ tokens: [ScriptToken], source: String) throws(ScriptError.Problem) -> OutboxExpectation {
        var queue = TokenQueue(tokens)
        var expectation = OutboxExpectation(source: source)
        if queue.take("empty") {
            try queue.finish("outbox empty")
            expectation.isEmpty = true
            return expectation
        }
        var seen: Set<String> = []
        while let token = queue.next() {
            let key: String
            var check: OutboxExpectation.TextCheck?
            switch token.kind {
            case .setting(let name):
                key = name
                check = .exactly(token.text)
            case .word where ["subject", "body"].contains(token.text.lowercased()):
                key = token.text.lowercased()
                if queue.take("contains") {
                    check = .contains(try queue.strings(for: "\(key) contains").single("\(key) contains"))
                } else if queue.take("regex") {
                    let pattern = try queue.strings(for: "\(key) regex").single("\(key) regex")
                    try validateRegex(pattern)
                    check = .regex(pattern)
                } else {
                    throw .missingArgument(directive: key, what: "contains \"...\", regex \"...\" or =\"...\"")
                }
            default:
                throw .unexpectedArgument(directive: "outbox", argument: token.written)
            }
            guard key == "body" || seen.insert(key).inserted else { throw .repeatedSetting(key) }
            switch key {
            case "to": expectation.to = token.text
            case "from": expectation.from = token.text
            case "attachment": expectation.attachment = token.text
            case "subject": expectation.subject = check
            case "body": expectation.body.append(check ?? .exactly(token.text))
            default:
                throw .unknownSetting(
                    directive: "outbox", key: key, known: ["to", "from", "subject", "body", "attachment"])
            }
        }
        guard
            expectation.to != nil || expectation.from != nil || expectation.subject != nil
                || !expectation.body.isEmpty || expectation.attachment != nil
        else {
            throw .missingArgument(directive: "outbox", what: "to=, from=, subject, body, attachment= or empty")
        }
        return expectation
    }
}

extension [String] {
    /// The only string; more than one is an error for checks that take one.
    fileprivate func single(_ directive: String) throws(ScriptError.Problem) -> String {
        guard count == 1 else { throw .unexpectedArgument(directive: directive, argument: ScriptLexer.quote(self[1])) }
        return self[0]
    }
}
