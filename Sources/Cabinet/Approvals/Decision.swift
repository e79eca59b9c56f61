import Foundation

/// A decision on a pending account.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    /// The account is confirmed.
    case confirm
    /// The account is rejected.
    case reject

    /// The status a subject gets.
    var status: AccountStatus { self == .confirm ? .confirmed : .rejected }
}

/// A pending teacher or student, as a list of approvals shows it.
public struct PendingUser: Equatable, Sendable {
    /// The account (a stable id to select by).
    public let id: AccountID
    /// `.teacher` or `.student`.
    public let role: Role
    /// The full name.
    public let fullName: String
    /// The e-mail address, when known.
    public let email: String?
    /// A student's class.
    public let className: String?
    /// A student's teacher.
    public let teacherID: AccountID?
    /// A student's teacher's full name.
    public let teacherName: String?
    /// When the account was created.
    public let createdAt: Date
}

/// Which pending users to list: a search by name, an optional role, and a page.
public struct PendingQuery: Equatable, Sendable, Codable {
    /// A part of the name to look for (case-insensitive, `ё` as `е`); nil or blank for all.
    public var search: String?
    /// Only this role, when given.
    public var role: Role?
    /// The page size (1...100).
    public var limit: Int
    /// How many matching rows to skip.
    public var offset: Int

    /// A query; the defaults are the first page of 10 of everyone waiting.
    public init(search: String? = nil, role: Role? = nil, limit: Int = 10, offset: Int = 0) {
        self.search = search
        self.role = role
        self.limit = limit
        self.offset = offset
    }
}

/// One page of pending users: teachers first, then by name, then by id.
public struct PendingPage: Equatable, Sendable {
    /// The rows of this page.
    public let users: [PendingUser]
    /// How many match the query in all.
    public let total: Int
    /// The offset of the first row.
    public let offset: Int
    /// The page size asked for.
    public let limit: Int
}

/// How many of an organization's users (those the actor may decide on) wait.
public struct PendingCounts: Equatable, Sendable {
    /// Pending teachers (zero for a teacher actor).
    public let teachers: Int
    /// Pending students.
    public let students: Int
}

/// One recorded decision: who decided what about whom, when, and in which report.
public struct Decision: Equatable, Sendable {
    /// The decision's row id.
    public let id: DecisionID
    /// The batch it was made in (the unit of undo).
    public let batchID: DecisionBatchID
    /// Who decided.
    public let actorID: AccountID
    /// The decider's full name.
    public let actorName: String
    /// Whom it was about.
    public let subjectID: AccountID
    /// The subject's full name.
    public let subjectName: String
    /// The subject's role, `.teacher` or `.student`.
    public let subjectRole: Role
    /// Confirm or reject.
    public let verdict: Verdict
    /// The reason given, when any.
    public let reason: String?
    /// When.
    public let decidedAt: Date
    /// The number of the report that holds it, once reported.
    public let reportNumber: Int?
}

/// Decisions made in one action, undone together.
public struct DecisionBatch: Equatable, Sendable {
    /// The batch's row id.
    public let id: DecisionBatchID
    /// The verdict of every decision in it.
    public let verdict: Verdict
    /// The decisions, in the order the subjects were given.
    public let decisions: [Decision]
}

/// Decisions counted by the subject's role and the verdict.
public struct DecisionCounts: Equatable, Sendable {
    /// Teachers confirmed.
    public var confirmedTeachers = 0
    /// Teachers rejected.
    public var rejectedTeachers = 0
    /// Students confirmed.
    public var confirmedStudents = 0
    /// Students rejected.
    public var rejectedStudents = 0

    /// All decisions counted.
    public var total: Int { confirmedTeachers + rejectedTeachers + confirmedStudents + rejectedStudents }

    /// The counts of `decisions`.
    public init(_ decisions: [Decision]) {
        for decision in decisions {
            switch (decision.subjectRole, decision.verdict) {
            case (.teacher, .confirm): confirmedTeachers += 1
            case (.teacher, .reject): rejectedTeachers += 1
            case (_, .confirm): confirmedStudents += 1
            case (_, .reject): rejectedStudents += 1
            }
        }
    }

    /// Counts given one by one.
    public init(confirmedTeachers: Int, rejectedTeachers: Int, confirmedStudents: Int, rejectedStudents: Int) {
        self.confirmedTeachers = confirmedTeachers
        self.rejectedTeachers = rejectedTeachers
        self.confirmedStudents = confirmedStudents
        self.rejectedStudents = rejectedStudents
    }
}

/// A rejection as the rejected person sees it.
public struct Rejection: Equatable, Sendable {
    /// The reason the decider gave, if any.
    public let reason: String?
    public let decidedAt: Date
}
