import Foundation

/// Reads BotiumScript conversations (`*.convo.txt`) into scripts, so that Botium conversations run unchanged.
///
/// The subset: the title line; `#me` and `#bot` sections (a channel after them, `#me director`, names the chat);
/// `?` optional and `!` negated lines; the `BUTTONS` and `TEXT_*` asserters; `BUTTON`, `PAUSE` and `WAITFORBOT` in
/// `#me`; utterance names from `*.utterances.txt` beside the file; `#begin` and `#end` sections, which also take this
/// runner's own directive lines (`org`, `account`, `clock`, `outbox` ...); and `<` check lines inside `#bot`.
/// Bot text is matched as Botium does by default: the message contains it, `*` is a wildcard, letter case is
/// ignored. What it leaves out is listed in docs/dialogue-tests.md.
public enum BotiumReader {
    /// Botium's asserters and logic hooks this runner does not carry out (a clear error, not a text line).
    static let unsupportedWords: Set<String> = [
        "FORM", "MEDIA", "MEDIA_COUNT", "MEDIA_COUNT_REC", "CARDS", "CARDS_COUNT", "CARDS_COUNT_REC",
        "BUTTONS_COUNT", "BUTTONS_COUNT_REC", "ENTITIES", "ENTITY_VALUES", "ENTITY_CONTENT", "INTENT", "INTENT_UNIQUE",
        "INTENT_CONFIDENCE", "JSON_PATH", "JSON_PATH_COUNT", "RESPONSE_LENGTH", "FORMS", "BOT_CONSUMED",
        "BOT_UNCONSUMED_COUNT", "WER", "SET_SCRIPTING_MEMORY", "CLEAR_SCRIPTING_MEMORY", "ASSIGN_SCRIPTING_MEMORY",
        "INCLUDE", "UPDATE_CUSTOM", "UPDATE_CONTEXT", "SKIP_BOT_UNCONSUMED", "CLEAR_QUEUE", "CONVO_STEP_PARAMETERS",
        "ORDERED_LIST_TO_BUTTON", "CONDITIONAL_STEP_TIME_BASED", "CONDITIONAL_STEP_BUSINESS_HOURS",
        "CONDITIONAL_STEP_CAPABILITY_VALUE_BASED", "CONDITIONAL_STEP_JSON_PATH_BASED", "TEXT_WILDCARDEXACT_ANY",
        "TEXT_WILDCARDEXACT_ALL", "TEXT_WILDCARDEXACT_ANY_IC", "TEXT_WILDCARDEXACT_ALL_IC",
    ]

    /// Reads the conversation at `path`, with the utterances of the `*.utterances.txt` files in its folder.
    public static func read(file path: String, readFile: @escaping ScriptParser.FileReader = ScriptParser.diskReader)
        throws(ScriptError) -> DialogueScript
    {
        let text = try ScriptParser.read(path, at: nil, readFile: readFile)
        let folder = (path as NSString).deletingLastPathComponent
        return try parse(
            text, path: path, utterances: utterances(inFolder: folder, readFile: readFile), readFile: readFile)
    }

    /// The utterances of every `*.utterances.txt` file in `folder`: name to alternatives.
    public static func utterances(inFolder folder: String, readFile: ScriptParser.FileReader) -> [String: [String]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        var table: [String: [String]] = [:]
        for name in names.sorted() where name.hasSuffix(".utterances.txt") {
            let path = ScriptParser.resolve(name, inFolder: folder)
            guard let data = readFile(path), let text = String(data: data, encoding: .utf8),
                let (utterance, alternatives) = parseUtterances(text)
            else { continue }
            table[utterance] = alternatives
        }
        return table
    }

    /// An utterances file: its first line is the name, every other non-empty line an alternative.
    public static func parseUtterances(_ text: String) -> (name: String, alternatives: [String])? {
        let lines = ScriptLine.lines(of: text).map { String($0.trimmed) }.filter { !$0.isEmpty }
        guard let name = lines.first else { return nil }
        return (name, Array(lines.dropFirst()))
    }

    /// Parses the text of a conversation at `path`.
    public static func parse(
        _ text: String, path: String, utterances: [String: [String]] = [:],
        readFile: @escaping ScriptParser.FileReader = ScriptParser.diskReader
    ) throws(ScriptError) -> DialogueScript {
        let lines = ScriptLine.lines(of: text)
        var sections: [(header: ScriptLine, body: [ScriptLine])] = []
        var preamble: [ScriptLine] = []
        for line in lines {
            if line.trimmed.hasPrefix("#") {
                sections.append((line, []))
            } else if sections.isEmpty {
                preamble.append(line)
            } else {
                sections[sections.count - 1].body.append(line)
            }
        }
        var reader = Conversation(path: path, utterances: utterances, parser: ScriptParser(readFile: readFile))
        reader.parser.includeStack = [ScriptParser.canonical(path)]
        for (index, section) in sections.enumerated() {
            let next = sections.dropFirst(index + 1).first.map { Conversation.sender(of: $0.header).name }
            try reader.section(section.header, section.body, nextSender: next)
        }
        let title = preamble.map { String($0.trimmed) }.first { !$0.isEmpty }
        return DialogueScript(path: path, title: title, steps: reader.parser.steps, expectsEveryPush: false)
    }
}

/// The state of reading one conversation.
private struct Conversation {
    let path: String
    let utterances: [String: [String]]
    var parser: ScriptParser
    /// Chats that have sent a message (a `#bot` section needs one first).
    var spoken: Set<String> = []

    /// The sender word and channel of a `#sender channel` line.
    static func sender(of line: ScriptLine) -> (name: String, channel: String?) {
        let words = line.trimmed.dropFirst().split(maxSplits: 1, whereSeparator: \.isWhitespace)
        let channel = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : nil
        return ((words.first.map(String.init) ?? "").lowercased(), channel)
    }

    func location(_ line: ScriptLine) -> ScriptLocation { ScriptLocation(file: path, line: line.number) }

    mutating func section(_ header: ScriptLine, _ body: [ScriptLine], nextSender: String?) throws(ScriptError) {
        let (sender, channel) = Self.sender(of: header)
        let at = location(header)
        switch sender {
        case "begin", "end":
            try parser.parse(body, file: path)
            parser.openStep = nil
        case "me":
            let chat = try use(channel, at: at)
            try me(body, chat: chat, at: at)
            spoken.insert(chat)
        case "bot":
            let chat = try use(channel, at: at)
            guard spoken.contains(chat) else { throw ScriptError(.botBeforeMe, at: at) }
            let expectation = try bot(body, chat: chat)
            if expectation.isOptional && nextSender != "bot" {
                throw ScriptError(.optionalWithoutFollower, at: at)
            }
            parser.add(.botMessage(expectation), at: at)
        case "include":
            throw ScriptError(.unsupported("#include of partial convos"), at: at)
        default:
            throw ScriptError(.unknownSection(sender), at: at)
        }
    }

    /// Switches to the chat a channel names (the default chat when none), declaring it on first use.
    mutating func use(_ channel: String?, at location: ScriptLocation) throws(ScriptError) -> String {
        let name = channel ?? ScriptParser.defaultChat
        if parser.chats[name] == nil {
            let declaration = ChatDeclaration(name: name)
            parser.chats[name] = (declaration, location.line)
            parser.add(.chat(declaration), at: location)
        }
        parser.currentChat = name
        return name
    }

    /// The text lines of a section: Botium drops empty lines at the end and trims each line.
    static func textLines(_ lines: [String]) -> [String] {
        var result = lines
        while result.last?.isEmpty == true { result.removeLast() }
        while result.first?.isEmpty == true { result.removeFirst() }
        return result
    }

    /// The first word of a line if it is one of Botium's upper-case names, and the arguments after it.
    static func command(_ line: String) -> (name: String, arguments: [String])? {
        let parts = line.split(maxSplits: 1, whereSeparator: \.isWhitespace)
        guard let first = parts.first.map(String.init), first.count >= 3,
            first.allSatisfy({ ($0.isASCII && $0.isUppercase) || $0 == "_" || ($0.isASCII && $0.isNumber) })
        else { return nil }
        let known = ["BUTTON", "BUTTONS", "PAUSE", "WAITFORBOT", "TEXT"].contains(first) || first.hasPrefix("TEXT_")
        guard known || BotiumReader.unsupportedWords.contains(first) else { return nil }
        let arguments = parts.count > 1 ? Self.arguments(String(parts[1])) : []
        return (first, arguments)
    }

    /// Botium's `a|b|c` arguments, `\|` standing for a `|`.
    static func arguments(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\\|", with: "\u{0}").split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\u{0}", with: "|").trimmingCharacters(in: .whitespaces) }
    }

    // MARK: - #me

    mutating func me(_ body: [ScriptLine], chat: String, at location: ScriptLocation) throws(ScriptError) {
        var texts: [String] = []
        for line in body {
            let text = String(line.trimmed)
            guard let (name, arguments) = Self.command(text) else {
                texts.append(text)
                continue
            }
            switch name {
            case "BUTTON":
                texts.append(arguments.last ?? "")
            case "PAUSE":
                parser.add(.advanceClock([try Self.pause(arguments, at: self.location(line))]), at: self.location(line))
            case "WAITFORBOT":
                break
            default:
                throw ScriptError(.unsupported("\(name) in #me"), at: self.location(line))
            }
        }
        var message = Self.textLines(texts).joined(separator: "\n")
        if let alternatives = utterances[message], let first = alternatives.first {
            message = first
        }
        guard !message.isEmpty else { throw ScriptError(.emptyMessage, at: location) }
        parser.hasStarted = true
        parser.add(.send(SentMessage(chat: chat, text: message), []), at: location)
    }

    static func pause(_ arguments: [String], at location: ScriptLocation) throws(ScriptError) -> ClockMove {
        guard let text = arguments.first, let milliseconds = Int(text), milliseconds >= 0 else {
            throw ScriptError(
                .badValue(what: "PAUSE", value: arguments.first ?? "", expected: "milliseconds"), at: location)
        }
        return ClockMove((milliseconds + 999) / 1000, .seconds)
    }

    // MARK: - #bot

    mutating func bot(_ body: [ScriptLine], chat: String) throws(ScriptError) -> BotMessageExpectation {
        var checks: [ScriptExpectation] = []
        var optionality: Set<Bool> = []
        var texts: [(line: ScriptLine, text: String)] = []
        var textFlags: (optional: Bool, negated: Bool)?
        for line in body {
            let at = location(line)
            var text = String(line.trimmed)
            if text.hasPrefix("<") {
                do throws(ScriptError.Problem) {
                    let (expectation, _) = try ScriptParser.expectation(line.trimmed, block: nil, at: at)
                    checks.append(expectation)
                    optionality.insert(expectation.isOptional)
                } catch {
                    throw ScriptError(error, at: at)
                }
                continue
            }
            let (optional, negated) = Self.flags(&text)
            if let (name, arguments) = Self.command(text) {
                let check = try asserter(name, arguments, at: at)
                guard let check else { continue }
                optionality.insert(optional)
                checks.append(ScriptExpectation(check, at: at, source: String(line.trimmed), isNegated: negated))
            } else {
                if texts.isEmpty && !text.isEmpty {
                    textFlags = (optional, negated)
                } else {
                    text = String(line.trimmed)
                }
                texts.append((line, text))
            }
        }
        let lines = Self.textLines(texts.map(\.text))
        if let first = texts.first(where: { !$0.text.isEmpty }), !lines.isEmpty {
            let message = lines.joined(separator: "\n")
            let alternatives = utterances[message] ?? [message]
            let flags = textFlags ?? (false, false)
            optionality.insert(flags.optional)
            checks.insert(
                ScriptExpectation(
                    .botiumText(alternatives), at: location(first.line), source: String(first.line.trimmed),
                    isNegated: flags.negated),
                at: 0)
        }
        guard optionality.count <= 1 else {
            throw ScriptError(.mixedOptional, at: body.first.map(location) ?? ScriptLocation(file: path, line: 0))
        }
        return BotMessageExpectation(chat: chat, isOptional: optionality.first ?? false, checks: checks)
    }

    /// Takes Botium's `?` (optional) and `!` (negated) marks off the front of a line; `??` and `!!` stand for
    /// a literal `?` and `!`.
    static func flags(_ text: inout String) -> (optional: Bool, negated: Bool) {
        var optional = false
        var negated = false
        if text.hasPrefix("?") {
            optional = !text.hasPrefix("??")
            text.removeFirst()
        }
        if text.hasPrefix("!") {
            negated = !text.hasPrefix("!!")
            text.removeFirst()
        }
        return (optional, negated)
    }

    /// The check of an asserter line; nil for lines that check nothing (`WAITFORBOT`).
    mutating func asserter(_ name: String, _ arguments: [String], at location: ScriptLocation)
        throws(ScriptError) -> Check?
    {
        switch name {
        case "BUTTONS":
            return .buttonsContain(arguments.filter { !$0.isEmpty })
        case "WAITFORBOT":
            return nil
        case "PAUSE":
            parser.add(.advanceClock([try Self.pause(arguments, at: location)]), at: location)
            return nil
        default:
            guard let asserter = Self.textAsserter(name, arguments) else {
                throw ScriptError(.unsupported("\(name) in #bot"), at: location)
            }
            if asserter.mode == .regexp {
                for pattern in arguments {
                    do throws(ScriptError.Problem) {
                        try ScriptParser.validateRegex(pattern)
                    } catch {
                        throw ScriptError(error, at: location)
                    }
                }
            }
            return .botiumAsserter(asserter)
        }
    }

    /// `TEXT_CONTAINS_ANY_IC` and its family; `TEXT` and `TEXT_EQUALS` compare whole texts.
    static func textAsserter(_ name: String, _ arguments: [String]) -> BotiumTextAsserter? {
        var parts = name.split(separator: "_").map(String.init)
        guard parts.first == "TEXT" else { return nil }
        parts.removeFirst()
        let ignoresCase = parts.last == "IC"
        if ignoresCase { parts.removeLast() }
        let mode: BotiumTextAsserter.Mode
        switch parts.first {
        case nil, "EQUALS": mode = .equals
        case "CONTAINS": mode = .contains
        case "REGEXP": mode = .regexp
        case "WILDCARD": mode = .wildcard
        default: return nil
        }
        if !parts.isEmpty { parts.removeFirst() }
        guard parts.count <= 1 else { return nil }
        let needsAll: Bool
        switch parts.first {
        case nil, "ANY": needsAll = false
        case "ALL": needsAll = mode != .equals
        default: return nil
        }
        return BotiumTextAsserter(mode: mode, needsAll: needsAll, ignoresCase: ignoresCase, arguments: arguments)
    }
}
