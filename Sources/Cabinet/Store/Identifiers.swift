import BotCore

/// A typed SQLite rowid: ids of different tables cannot be mixed up, and each binds as an integer.
public protocol RowIdentifier: RawRepresentable, Hashable, Comparable, Codable, Sendable, SQLBindable,
    CustomStringConvertible
where RawValue == Int {
    /// Wraps a rowid.
    init(rawValue: Int)
}

extension RowIdentifier {
    /// The rowid as SQLite stores it.
    public var sqlValue: SQLValue { .integer(Int64(rawValue)) }
    /// The rowid in decimal.
    public var description: String { String(rawValue) }
    /// Orders by rowid, which is the order of creation.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The row id of an organization.
public struct OrganizationID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of an account (director, teacher, student or agent).
public struct AccountID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of one recorded decision on an account.
public struct DecisionID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of a batch of decisions made in one action (the unit of undo).
public struct DecisionBatchID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of a report (not its per-organization number).
public struct ReportID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of a request for an organization's login and password.
public struct CredentialRequestID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of a change-of-director request (the "Приказ" letter).
public struct DirectorChangeRequestID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}

/// The row id of a support ticket, which is also the number people are told.
public struct TicketID: RowIdentifier {
    /// The SQLite rowid.
    public let rawValue: Int
    /// Wraps a rowid.
    public init(rawValue: Int) { self.rawValue = rawValue }
}
