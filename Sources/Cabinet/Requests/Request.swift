import Foundation

/// Where a request (for credentials, or for a change of director) stands.
public enum RequestState: String, Codable, Sendable, CaseIterable {
    /// Prepared in the chat; the letter is not sent yet.
    case draft
    /// The letter was sent; an answer is due.
    case sent
    /// An agent fulfilled it (issued the credentials, or applied the change).
    case done
}

/// The fields of a request for an organization's login and password, as typed.
public struct CredentialRequestFields: Equatable, Sendable, Codable {
    /// The organization's full name.
    public var organizationName: String
    /// The organization's INN.
    public var inn: String
    /// The region (a code or a name), optional.
    public var region: String?
    /// The official e-mail address.
    public var email: String
    /// The director's full name.
    public var directorName: String
    /// A contact phone, optional.
    public var phone: String?

    /// The fields of a request.
    public init(
        organizationName: String, inn: String, region: String?, email: String, directorName: String,
        phone: String?
    ) {
        self.organizationName = organizationName
        self.inn = inn
        self.region = region
        self.email = email
        self.directorName = directorName
        self.phone = phone
    }
}

/// A request for an organization's login and password (to regions@, 3 business days).
public struct CredentialRequest: Equatable, Sendable {
    /// The row id.
    public let id: CredentialRequestID
    /// The fields, normalized: INN digits, region code, e-mail, name, phone in E.164.
    public let fields: CredentialRequestFields
    /// The chat it was prepared in.
    public let chat: String?
    /// Draft, sent or done.
    public let state: RequestState
    /// When it was prepared.
    public let createdAt: Date
    /// The day the letter was sent.
    public let sentOn: CivilDate?
    /// The day the credentials are due (sent + 3 business days).
    public let dueOn: CivilDate?
}

/// A change-of-director request (the "Приказ" letter to ssod@, 1–2 business days).
public struct DirectorChangeRequest: Equatable, Sendable {
    /// The row id.
    public let id: DirectorChangeRequestID
    /// The organization's INN.
    public let inn: String
    /// The organization, when registered.
    public let organizationID: OrganizationID?
    /// A note, optional.
    public let note: String?
    /// The chat it was prepared in.
    public let chat: String?
    /// Draft, sent or done.
    public let state: RequestState
    /// When it was prepared.
    public let createdAt: Date
    /// The day the letter was sent.
    public let sentOn: CivilDate?
    /// The earliest day of the change (sent + 1 business day).
    public let earliestOn: CivilDate?
    /// The day the change is due (sent + 2 business days).
    public let dueOn: CivilDate?
}

/// How a due date stands relative to today, counted in business days.
public struct Deadline: Equatable, Sendable {
    /// The day the letter was sent.
    public let sentOn: CivilDate
    /// The earliest day of the answer, when the answer has one (1–2 business days).
    public let earliestOn: CivilDate?
    /// The due day.
    public let dueOn: CivilDate
    /// Today, in the clock's time zone.
    public let today: CivilDate
    /// Working days from today to the due day; negative: the working days it is overdue.
    public let businessDaysLeft: Int

    /// Whether the due day has passed.
    public var isOverdue: Bool { today > dueOn }

    init(sentOn: CivilDate, earliestOn: CivilDate?, dueOn: CivilDate, today: CivilDate, calendar: ProductionCalendar) {
        self.sentOn = sentOn
        self.earliestOn = earliestOn
        self.dueOn = dueOn
        self.today = today
        self.businessDaysLeft = calendar.businessDays(between: today, and: dueOn)
    }
}

/// What is known about an INN's requests, for the status dialog (no login needed).
public struct RequestStatus: Equatable, Sendable {
    /// The INN, normalized.
    public let inn: String
    /// The organization, when registered.
    public let organization: Organization?
    /// The credential request in progress (sent before draft), or else the latest one.
    public let credentialRequest: CredentialRequest?
    /// Its deadline, once sent and not done.
    public let credentialDeadline: Deadline?
    /// The director-change request in progress (sent before draft), or else the latest one.
    public let directorChangeRequest: DirectorChangeRequest?
    /// Its deadline, once sent and not done.
    public let directorChangeDeadline: Deadline?
}
