import Foundation

/// Where a ticket came from.
public enum TicketKind: String, Codable, Sendable, CaseIterable {
    /// A chat asked for a human (the support dialog).
    case chat
    /// An e-mail to help@: a question.
    case help
    /// An e-mail to regions@: a credential request.
    case regions
    /// An e-mail to ssod@ with the subject "Приказ": a change of director.
    case ssod
}

/// Where a ticket stands.
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    /// In the queue, nobody took it.
    case open
    /// An agent took it.
    case taken
    /// Closed with a resolution.
    case closed
}

/// Who wrote a ticket's message.
public enum TicketAuthor: String, Codable, Sendable {
    /// The person who asked (through the chat or by e-mail).
    case requester
    /// The agent who took it.
    case agent
}

/// Where a ticket came from: the organization, the chat and the dialog step, or the e-mail.
public struct TicketContext: Equatable, Sendable, Codable {
    /// The organization's INN, when the person gave one or the e-mail held one.
    public var inn: String?
    /// The chat to answer in (chat tickets).
    public var chat: String?
    /// The dialog the person was in (`"credentials"`).
    public var dialog: String?
    /// The step of that dialog (`"ask_inn"`).
    public var step: String?
    /// The e-mail address to answer to (mail tickets).
    public var email: String?
    /// The e-mail's Message-ID (mail tickets): a message makes one ticket only.
    public var mailMessageID: String?
    /// The e-mail's subject (mail tickets).
    public var subject: String?
    /// A digest of the e-mail's sender, date, subject and body: with the Message-ID, what makes a message known
    /// (a reused Message-ID on another message makes a ticket of its own).
    public var mailDigest: String?

    /// A context; every part is optional.
    public init(
        inn: String? = nil, chat: String? = nil, dialog: String? = nil, step: String? = nil, email: String? = nil,
        mailMessageID: String? = nil, subject: String? = nil, mailDigest: String? = nil
    ) {
        self.mailDigest = mailDigest
        self.inn = inn
        self.chat = chat
        self.dialog = dialog
        self.step = step
        self.email = email
        self.mailMessageID = mailMessageID
        self.subject = subject
    }
}

/// A support ticket.
public struct Ticket: Equatable, Sendable {
    /// The row id: the ticket number people are told.
    public let id: TicketID
    /// Chat, help, regions or ssod.
    public let kind: TicketKind
    /// Open, taken or closed.
    public let status: TicketStatus
    /// The organization (from the logged-in account, or from the INN), when known.
    public let organizationID: OrganizationID?
    /// The logged-in account that asked, when any.
    public let accountID: AccountID?
    /// The context it came with.
    public let context: TicketContext
    /// When it was opened.
    public let createdAt: Date
    /// The agent who took it.
    public let takenBy: AccountID?
    /// When it was taken.
    public let takenAt: Date?
    /// When it was closed.
    public let closedAt: Date?
    /// The resolution it was closed with.
    public let resolution: String?
}

/// One message of a ticket.
public struct TicketMessage: Equatable, Sendable {
    /// The row id.
    public let id: Int
    /// The ticket.
    public let ticketID: TicketID
    /// The requester or the agent.
    public let author: TicketAuthor
    /// The agent's account, or the requester's when logged in.
    public let authorAccountID: AccountID?
    /// The text.
    public let text: String
    /// When.
    public let at: Date
}

/// The agents' queue: open and taken tickets, oldest first, with counts.
public struct TicketQueue: Equatable, Sendable {
    /// The tickets, oldest first.
    public let tickets: [Ticket]
    /// Open tickets by kind (of the kinds asked for).
    public let openCounts: [TicketKind: Int]
    /// Taken tickets by kind (of the kinds asked for).
    public let takenCounts: [TicketKind: Int]

    /// All open tickets counted.
    public var openTotal: Int { openCounts.values.reduce(0, +) }
    /// All taken tickets counted.
    public var takenTotal: Int { takenCounts.values.reduce(0, +) }
}
