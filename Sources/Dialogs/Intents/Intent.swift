/// What a person wants when they type free text instead of choosing from the menu.
///
/// Raw values are the dialog names used in the behaviour spec (`director_change`, not `directorChange`),
/// so an intent maps onto the dialog that serves it without a lookup table.
public enum Intent: String, CaseIterable, Sendable, Codable {
    /// The organization has no login or password for its cabinet and needs to request one.
    case credentials
    /// Log in with a login and password that the organization already has.
    case login
    /// Log out: unbind this chat from the account.
    case logout
    /// Confirm the director's identity, including consent to personal-data processing.
    case director
    /// The head of the organization changed: the letter with the order ("Приказ").
    case directorChange = "director_change"
    /// Confirm or reject teachers and students, see who is waiting.
    case approvals
    /// Send the report on the confirmations and rejections made.
    case report
    /// What happened to a request: credentials not arrived, when they come, overdue.
    case status
    /// A teacher or a student wants to join an organization.
    case registration
    /// Contacts, frequent questions, what the assistant can do.
    case help
    /// Talk to a human: a support agent.
    case support
    /// Show the main menu.
    case menu
    /// A greeting with nothing else in it.
    case greeting
    /// Thanks.
    case thanks
}

/// One candidate intent for a text, with how well the text fits it.
public struct IntentMatch: Equatable, Sendable {
    /// The intent this candidate stands for.
    public let intent: Intent
    /// How well the text fits the intent, from 0 (not at all) to 1 (a known phrasing).
    public let score: Double
    /// Whether the recogniser is sure enough to act on this intent without asking back.
    public let isConfident: Bool

    /// Makes a match; the score is clamped to `0...1`.
    public init(intent: Intent, score: Double, isConfident: Bool) {
        self.intent = intent
        self.score = min(max(score, 0), 1)
        self.isConfident = isConfident
    }
}
