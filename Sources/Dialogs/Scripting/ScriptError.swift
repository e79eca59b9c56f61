/// A mistake in a script itself (not in the bot's answers), with the line that has it.
///
/// Reported as `file:line: message`; a script with one counts as failed and runs no further.
public struct ScriptError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the mistake is; nil for a file that could not be read at all.
    public var location: ScriptLocation?
    /// What is wrong.
    public var problem: Problem

    /// A script error.
    public init(_ problem: Problem, at location: ScriptLocation?) {
        self.problem = problem
        self.location = location
    }

    /// `file:line: message`.
    public var description: String {
        (location.map { "\($0): " } ?? "") + problem.description
    }

    /// What is wrong with a script.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        // MARK: Files

        /// The file does not exist or cannot be read.
        case unreadableFile(String)
        /// The file is not UTF-8 text.
        case notUTF8(String)
        /// `include` comes back to a file that is already being included.
        case includeCycle(String)
        /// Includes nest deeper than ``ScriptParser/maximumIncludeDepth`` (a folder linked into itself, say).
        case includeTooDeep(String)

        // MARK: Lines

        /// The first word is no directive.
        case unknownDirective(String)
        /// A directive lacks something it needs (`org` without an INN).
        case missingArgument(directive: String, what: String)
        /// A directive has a word it does not take.
        case unexpectedArgument(directive: String, argument: String)
        /// A `key=value` the directive does not know.
        case unknownSetting(directive: String, key: String, known: [String])
        /// The same `key=` twice on one line.
        case repeatedSetting(String)
        /// A value of the wrong form (`role` that is no role, `messages` that is no number).
        case badValue(what: String, value: String, expected: String)
        /// A `"` without its closing `"`.
        case unterminatedQuote
        /// A `\` followed by something other than `"`, `\`, `n` or `t`.
        case badEscape(String)
        /// `clock` with a date-time it cannot read.
        case badInstant(String)
        /// `clock +...` with a duration it cannot read.
        case badDuration(String)
        /// A regular expression that does not compile.
        case badRegex(pattern: String, reason: String)
        /// `language` after the first fixture or message.
        case languageTooLate
        /// `> ` with nothing after it.
        case emptyMessage
        /// `> <secret>` left by the recorder in place of a password.
        case recordedSecret
        /// A `chat` line giving other settings to a chat declared before.
        case chatRedeclared(name: String, line: Int)
        /// `push` or `disconnect` naming a chat never declared.
        case unknownChat(String)

        // MARK: Expectations

        /// A `<` line that follows no `>` or `push` line.
        case expectationWithoutMessage
        /// A `<` line whose first word is no kind of check.
        case unknownExpectation(String)
        /// `< text:` or `import-users` without the indented lines that should follow.
        case missingBlock(String)

        // MARK: Botium

        /// A `#section` other than `#me`, `#bot`, `#begin` and `#end`.
        case unknownSection(String)
        /// A Botium feature this runner leaves out (see docs/dialogue-tests.md).
        case unsupported(String)
        /// A `#bot` section mixing optional (`?`) and required lines.
        case mixedOptional
        /// An optional `#bot` section not followed by another `#bot` section.
        case optionalWithoutFollower
        /// A `#bot` section before the first `#me`: this bot speaks only when spoken to.
        case botBeforeMe

        // MARK: Running

        /// The Cabinet refused a fixture (a bad INN, an unknown teacher...).
        case fixtureRefused(String)
        /// `clock` to an instant before the clock's present.
        case clockBackwards(String)
        /// The bot's database or mail folders could not be made.
        case environment(String)

        /// A sentence for people.
        public var description: String {
            switch self {
            case .unreadableFile(let path): "cannot read \(path)"
            case .notUTF8(let path): "\(path) is not UTF-8 text"
            case .includeCycle(let path): "\(path) includes itself (through the includes above it)"
            case .includeTooDeep(let path):
                "\(path) is included over \(ScriptParser.maximumIncludeDepth) levels deep (a folder linked in itself?)"
            case .unknownDirective(let word): "unknown directive \"\(word)\""
            case .missingArgument(let directive, let what): "\(directive) needs \(what)"
            case .unexpectedArgument(let directive, let argument): "\(directive) does not take \"\(argument)\""
            case .unknownSetting(let directive, let key, let known):
                "\(directive) has no setting \"\(key)\" (it knows: \(known.joined(separator: ", ")))"
            case .repeatedSetting(let key): "\(key)= is given twice"
            case .badValue(let what, let value, let expected): "\(what) \"\(value)\" is not \(expected)"
            case .unterminatedQuote: "a quotation mark \" is not closed"
            case .badEscape(let text): "unknown escape \\\(text) (use \\\", \\\\, \\n or \\t)"
            case .badInstant(let text):
                "cannot read the date-time \"\(text)\" (write e.g. 2026-04-30 10:00, 2026-04-30 10:00 Europe/Moscow "
                    + "or 2026-04-30T10:00:00+03:00)"
            case .badDuration(let text):
                "cannot read the duration \"\(text)\" (write e.g. +3 business days, +2 hours, +1 day 30 minutes)"
            case .badRegex(let pattern, let reason): "the regular expression \"\(pattern)\" is wrong: \(reason)"
            case .languageTooLate: "language must come before the first fixture or message"
            case .emptyMessage: "a message needs text after >"
            case .recordedSecret:
                "the recorder left <secret> in place of a password; write the password the script should type"
            case .chatRedeclared(let name, let line):
                "chat \(name) was declared with other settings at line \(line); write just \"chat \(name)\" to switch"
            case .unknownChat(let name): "no chat \"\(name)\" was declared above (write \"chat \(name)\" first)"
            case .expectationWithoutMessage: "a < line must follow a > line, a push line or another < line"
            case .unknownExpectation(let word):
                "unknown check \"\(word)\" (text, contains, regex, one of, buttons, dialog, step, input, messages, "
                    + "duplicate, error; quote exact text: < text \"...\")"
            case .missingBlock(let what): "\(what) needs indented lines below it"
            case .unknownSection(let name): "unknown section #\(name) (#me, #bot, #begin or #end)"
            case .unsupported(let feature): "\(feature) is not supported by this runner (see docs/dialogue-tests.md)"
            case .mixedOptional: "a #bot section must be all optional (?) or not at all"
            case .optionalWithoutFollower: "an optional #bot section must be followed by another #bot section"
            case .botBeforeMe: "a #bot section before the first #me: this bot answers only messages"
            case .fixtureRefused(let reason): "the fixture was refused: \(reason)"
            case .clockBackwards(let now): "the clock only moves forward (it is \(now) already)"
            case .environment(let reason): "cannot prepare the bot: \(reason)"
            }
        }
    }
}
