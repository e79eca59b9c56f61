import Foundation

/// How far the confirmation of a director's identity has come.
public enum DirectorState: String, Codable, Sendable, CaseIterable {
    /// Nothing done yet, or consent was withdrawn.
    case unconfirmed
    /// Consent to personal-data processing was given; the data is still to be sent.
    case consentGiven = "consent_given"
    /// The director says the data was sent; an agent confirms within 1–2 business days.
    case dataSent = "data_sent"
    /// An agent confirmed the identity: the director may confirm users.
    case confirmed
}

/// The state of a director's identity, with its dates.
public struct DirectorIdentity: Equatable, Sendable {
    /// The director's account.
    public let accountID: AccountID
    /// The state.
    public let state: DirectorState
    /// When consent was last given (nil when none or withdrawn).
    public let consentAt: Date?
    /// The day the data was sent.
    public let dataSentOn: CivilDate?
    /// The earliest day an answer may come (sent + 1 business day).
    public let earliestOn: CivilDate?
    /// The day the answer is due (sent + 2 business days).
    public let dueOn: CivilDate?
    /// When an agent confirmed the identity.
    public let confirmedAt: Date?
    /// The agent who confirmed it (nil when made confirmed by an administrator).
    public let confirmedBy: AccountID?

    /// Whether the director may confirm users (the account's own status is checked separately).
    public var isConfirmed: Bool { state == .confirmed }
}

/// Whether consent was given or withdrawn.
public enum ConsentEventKind: String, Codable, Sendable {
    /// Consent to personal-data processing was given.
    case given
    /// Consent was withdrawn.
    case withdrawn
}

/// What the dialog showed and where: the facts a consent (or withdrawal) event records besides who and when.
public struct ConsentContext: Equatable, Sendable {
    /// The chat the answer came from.
    public var chat: String?
    /// The client's message id of the answer, when it had one.
    public var messageID: String?
    /// The version of the consent text shown (`"2025-09-01"`).
    public var textVersion: String
    /// A digest of the exact text shown (for instance its SHA-256 in hex), computed by the caller.
    public var textHash: String
    /// The purpose of processing the consent covers.
    public var purpose: String

    /// The context of one consent answer.
    public init(chat: String?, messageID: String?, textVersion: String, textHash: String, purpose: String) {
        self.chat = chat
        self.messageID = messageID
        self.textVersion = textVersion
        self.textHash = textHash
        self.purpose = purpose
    }
}

/// One entry of the append-only consent log.
public struct ConsentEvent: Equatable, Sendable {
    /// The entry's row id.
    public let id: Int
    /// Whose consent.
    public let accountID: AccountID
    /// Given or withdrawn.
    public let kind: ConsentEventKind
    /// The instant.
    public let at: Date
    /// The time zone the instant was recorded in (`"Europe/Moscow"`).
    public let timeZone: String
    /// The local time with its offset, as recorded (`"2026-04-30T10:00:00+03:00"`).
    public let localTime: String
    /// The chat, the message, the text's version and hash, and the purpose.
    public let context: ConsentContext
}
