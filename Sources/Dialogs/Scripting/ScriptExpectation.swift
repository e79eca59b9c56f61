import BotCore

/// One `<` line: a check on a turn or push, as written.
public struct ScriptExpectation: Equatable, Sendable {
    /// Where it is written.
    public var location: ScriptLocation
    /// The line as written, for reports.
    public var source: String
    /// `<?`: a line that may not hold; it is reported as a note, never as a failure.
    public var isOptional: Bool
    /// `not`: the check must not hold (for several strings: none of them may be there).
    public var isNegated: Bool
    /// `message N`: the check looks at the N-th message (from 1) only, not at the whole turn.
    public var message: Int?
    /// What is checked.
    public var check: Check

    /// An expectation.
    public init(
        _ check: Check, at location: ScriptLocation, source: String = "", isOptional: Bool = false,
        isNegated: Bool = false, message: Int? = nil
    ) {
        self.check = check
        self.location = location
        self.source = source
        self.isOptional = isOptional
        self.isNegated = isNegated
        self.message = message
    }
}

/// What an expectation checks.
public enum Check: Equatable, Sendable {
    /// `text "..."`: a message's text is exactly this.
    case text(String)
    /// `contains "a" "b"`: the turn's text contains every one of these.
    case contains([String])
    /// `regex "..."`: the turn's text matches this regular expression somewhere.
    case regex(String)
    /// `one of "a" | "b"`: a message's text is exactly one of these.
    case oneOf([String])
    /// `buttons "a" "b"`: the turn's buttons are exactly these, in any order (none: no buttons).
    case buttons([String])
    /// `buttons contain "a" "b"`: the turn has every one of these buttons.
    case buttonsContain([String])
    /// `dialog menu step main`: the turn's `meta` (either part may be left out).
    case meta(dialog: String?, step: String?)
    /// `input secret`: the input kind the turn's last message asks for (nil: none).
    case input(InputKind?)
    /// `messages 2`: how many messages the turn has.
    case messageCount(Int)
    /// `duplicate`: the turn repeats an earlier answer to the same message id.
    case duplicate
    /// `error internal`: an error line came instead of a turn, with this code.
    case error(String)
    /// A Botium text line: the message contains one of these, `*` matching anything, letter case ignored.
    case botiumText([String])
    /// Botium's `TEXT_*` asserters: contains, equals, regular expression or wildcard; all or any; with case or not.
    case botiumAsserter(BotiumTextAsserter)
}

/// One of Botium's text asserters, as `TEXT_CONTAINS_ANY_IC a|b` writes it.
public struct BotiumTextAsserter: Equatable, Sendable {
    /// How each argument is matched.
    public enum Mode: String, Equatable, Sendable {
        case contains, equals, regexp, wildcard
    }

    /// How each argument is matched.
    public var mode: Mode
    /// Every argument must match (`_ALL`), or one is enough (`_ANY`).
    public var needsAll: Bool
    /// Letter case is ignored (`_IC`).
    public var ignoresCase: Bool
    /// The arguments.
    public var arguments: [String]

    /// An asserter.
    public init(mode: Mode, needsAll: Bool, ignoresCase: Bool, arguments: [String]) {
        self.mode = mode
        self.needsAll = needsAll
        self.ignoresCase = ignoresCase
        self.arguments = arguments
    }
}

/// An `outbox` line: a message the outbox must hold (each line claims a message of its own), or none at all.
public struct OutboxExpectation: Equatable, Sendable {
    /// A check on one part of a message.
    public enum TextCheck: Equatable, Sendable {
        case exactly(String)
        case contains(String)
        case regex(String)
    }

    /// `outbox empty`: no message at all.
    public var isEmpty: Bool
    /// `to=`: a recipient's address (letter case ignored).
    public var to: String?
    /// `from=`: the sender's address (letter case ignored).
    public var from: String?
    /// `subject=`, `subject contains`, `subject regex`.
    public var subject: TextCheck?
    /// `body=`, `body contains`, `body regex` (the plain-text body, ends of lines as `\n`).
    public var body: [TextCheck]
    /// `attachment=`: an attached file's name.
    public var attachment: String?
    /// The line as written, for reports.
    public var source: String

    /// An outbox expectation.
    public init(
        isEmpty: Bool = false, to: String? = nil, from: String? = nil, subject: TextCheck? = nil,
        body: [TextCheck] = [], attachment: String? = nil, source: String = ""
    ) {
        self.isEmpty = isEmpty
        self.to = to
        self.from = from
        self.subject = subject
        self.body = body
        self.attachment = attachment
        self.source = source
    }
}
