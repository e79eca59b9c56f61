import Foundation

/// Decisions not yet reported, for the report preview and the reminders.
public struct UnreportedDecisions: Equatable, Sendable {
    /// The organization.
    public let organizationID: OrganizationID
    /// The number the next report will get.
    public let nextNumber: Int
    /// The decisions, oldest first.
    public let decisions: [Decision]

    /// Their counts by role and verdict.
    public var counts: DecisionCounts { DecisionCounts(decisions) }
    /// Whether there is nothing to report.
    public var isEmpty: Bool { decisions.isEmpty }

    /// The subjects' names of one role and verdict, in the order decided.
    public func names(of role: Role, _ verdict: Verdict) -> [String] {
        decisions.filter { $0.subjectRole == role && $0.verdict == verdict }.map(\.subjectName)
    }
}

/// A sent report: its number within the organization, when, by whom, and the decisions it holds.
public struct Report: Equatable, Sendable {
    /// The row id.
    public let id: ReportID
    /// The organization.
    public let organizationID: OrganizationID
    /// The number within the organization: 1, 2, 3...
    public let number: Int
    /// When it was sent.
    public let sentAt: Date
    /// Who sent it.
    public let sentBy: AccountID
    /// Its counts by role and verdict.
    public let counts: DecisionCounts
    /// The decisions it holds, oldest first (empty in a listing of reports).
    public let decisions: [Decision]

    /// The subjects' names of one role and verdict, in the order decided.
    public func names(of role: Role, _ verdict: Verdict) -> [String] {
        decisions.filter { $0.subjectRole == role && $0.verdict == verdict }.map(\.subjectName)
    }
}
