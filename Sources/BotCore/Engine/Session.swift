/// One dialog on a chat's stack: which dialog, the flow version it was stored under, its state.
public struct Frame: Codable, Equatable, Sendable {
    public var id: String
    public var version: Int
    /// The dialog's state as JSON.
    public var state: String

    public init(id: String, version: Int, state: String) {
        self.id = id
        self.version = version
        self.state = state
    }
}

/// Buttons a step showed.
///
/// An invalid answer at that step whose reply brings no buttons of its own shows them again: a messenger drops its
/// keyboard under a message without buttons, and the person would be left with none while still at the same question.
public struct Keyboard: Codable, Equatable, Sendable {
    /// `dialog/step` of the step that showed them.
    public var step: String
    public var rows: [[String]]

    public init(step: String, rows: [[String]]) {
        self.step = step
        self.rows = rows
    }
}

/// Everything the engine keeps about a chat between turns.
///
/// Never holds a password.
public struct Session: Codable, Equatable, Sendable {
    /// The format of this record; a record of another format is replaced by a fresh session.
    public static let format = 1

    public var format: Int = Session.format
    /// The chat's language once chosen (`/lang`, or the messenger's hint on the first turn).
    public var language: Language?
    /// The dialog stack, the main menu at the bottom.
    public var frames: [Frame] = []
    /// Invalid answers in a row at the current step.
    public var invalidStreak: Int = 0
    /// The buttons the last turn left under the conversation, and the step that showed them.
    public var keyboard: Keyboard?

    public init(language: Language? = nil) {
        self.language = language
    }
}
