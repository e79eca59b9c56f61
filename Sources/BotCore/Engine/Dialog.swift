import Foundation

/// What happens to a dialog: the person's text, a step back, a return from a child dialog.
public enum DialogEvent: Equatable, Sendable {
    /// The person typed (or pressed a button labelled) this text.
    case text(String)
    /// The person asked to go one step back.
    case back
    /// The dialog is on top again after an interruption (help, a language change): re-ask.
    case resumed
    /// A child dialog this one started has finished.
    case childFinished(id: String, result: DialogResult)
}

/// How a child dialog ended.
public enum DialogResult: Codable, Equatable, Sendable {
    /// Finished its work, optionally with a value for the parent.
    case done(String?)
    /// The person left it.
    case cancelled
}

/// A dialog to start, by id, with an optional argument (for instance an INN to look up).
public struct DialogLaunch: Codable, Equatable, Sendable {
    public var id: String
    public var argument: String?

    public init(_ id: String, argument: String? = nil) {
        self.id = id
        self.argument = argument
    }
}

/// Where the chat goes after a step.
public enum Transition<State> {
    /// Stay in this dialog with the new state.
    case stay(State)
    /// Keep this dialog (with the new state) underneath and start a child on top of it.
    case push(State, child: DialogLaunch)
    /// End this dialog and start another in its place.
    case replace(DialogLaunch)
    /// End this dialog; the one underneath receives `.childFinished`.
    case finish(DialogResult)
    /// End this dialog and hand the same event to the dialog underneath, as if this one had not been there:
    /// free text typed at a dialog's last step reaches the menu's understanding of free text.
    case handBack
    /// Drop every dialog and return to the main menu.
    case toMenu
}

/// The outcome of one step: messages to show and the transition.
public struct Step<State> {
    public var messages: [OutMessage]
    public var transition: Transition<State>
    /// The answer was refused: counts toward the three-invalid-answers rule.
    public var isInvalidAnswer: Bool

    public init(_ messages: [OutMessage], _ transition: Transition<State>, invalid: Bool = false) {
        self.messages = messages
        self.transition = transition
        self.isInvalidAnswer = invalid
    }

    /// Stays with `state`, saying `messages`.
    public static func stay(_ state: State, _ messages: [OutMessage], invalid: Bool = false) -> Step {
        Step(messages, .stay(state), invalid: invalid)
    }

    /// Finishes with `result` after saying `messages`.
    public static func finish(_ result: DialogResult = .done(nil), _ messages: [OutMessage] = []) -> Step {
        Step(messages, .finish(result))
    }
}

/// A guided conversation: a `Codable` state and pure-ish step functions.
///
/// Steps may call the domain through `context.environment` (inside the turn's transaction),
/// but keep no state of their own: everything that must survive the turn is in `State`.
public protocol Dialog<Environment>: Sendable {
    associatedtype State: Codable & Sendable
    associatedtype Environment

    /// The dialog's id (`meta.dialog`).
    var id: String { get }
    /// The flow version: bump it when a stored state of the previous definition can't go on.
    var version: Int { get }

    /// Starts the dialog.
    func start(_ argument: String?, context: DialogContext<Environment>) -> Step<State>
    /// Handles one event in `state`.
    func handle(_ event: DialogEvent, state: State, context: DialogContext<Environment>) -> Step<State>
    /// The stable snake_case step id of `state` (`meta.step`).
    func step(of state: State) -> String
    /// The expected format of the current answer, said again after three invalid answers.
    func formatHint(for state: State, context: DialogContext<Environment>) -> String?
}

extension Dialog {
    public var version: Int { 1 }

    public func formatHint(for state: State, context: DialogContext<Environment>) -> String? { nil }
}
