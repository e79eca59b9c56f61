import Foundation

/// What an account is for.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// The head of an organization: confirms teachers and students, sends reports.
    case director
    /// A teacher: confirms his or her own students once confirmed.
    case teacher
    /// A student of a teacher and a class.
    case student
    /// A support agent of the platform: acts on any organization, every action audited.
    case agent
}

/// Whether an account was confirmed.
public enum AccountStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for a decision.
    case pending
    /// Confirmed: may log in and act within its role.
    case confirmed
    /// Rejected: may not act.
    case rejected
}

/// An organization (a school) registered on the platform.
public struct Organization: Equatable, Sendable {
    /// The row id.
    public let id: OrganizationID
    /// The 10-digit INN.
    public let inn: String
    /// The full name.
    public let name: String
    /// The region code (`"16"`), when known.
    public let region: String?
    /// The official e-mail address, where credentials and notices go.
    public let email: String
    /// When it was registered.
    public let createdAt: Date
}

/// An account, without its password hash.
public struct Account: Equatable, Sendable {
    /// The row id.
    public let id: AccountID
    /// The login, lower-cased.
    public let login: String
    /// The role.
    public let role: Role
    /// The organization; nil for an agent.
    public let organizationID: OrganizationID?
    /// The full name, as entered.
    public let fullName: String
    /// The e-mail address, when known.
    public let email: String?
    /// Pending, confirmed or rejected.
    public let status: AccountStatus
    /// A student's teacher.
    public let teacherID: AccountID?
    /// A student's class (`"5А"`).
    public let className: String?
    /// Whether a password is set; an account without one cannot log in.
    public let hasPassword: Bool
    /// When it was created.
    public let createdAt: Date
}

/// A confirmed teacher a student may choose when registering.
public struct TeacherChoice: Equatable, Sendable {
    /// The teacher's account.
    public let id: AccountID
    /// The teacher's full name.
    public let fullName: String
}
