import BotCore
import Foundation

/// An account the administrator adds (`botrunner admin add-account`); everything but the password.
public struct NewAccount: Equatable, Sendable {
    /// The role.
    public var role: Role
    /// The login.
    public var login: String
    /// The organization's INN; required for every role but `.agent`, which must not have one.
    public var organizationINN: String?
    /// The full name; the login stands in when nil.
    public var fullName: String?
    /// The e-mail address, optional.
    public var email: String?
    /// A student's teacher, by login: a teacher of the same organization.
    public var teacherLogin: String?
    /// A student's class, optional.
    public var className: String?
    /// Confirmed (and, for a director, a confirmed director) rather than pending.
    public var isConfirmed: Bool

    /// An account to add.
    public init(
        role: Role, login: String, organizationINN: String? = nil, fullName: String? = nil, email: String? = nil,
        teacherLogin: String? = nil, className: String? = nil, isConfirmed: Bool = false
    ) {
        self.role = role
        self.login = login
        self.organizationINN = organizationINN
        self.fullName = fullName
        self.email = email
        self.teacherLogin = teacherLogin
        self.className = className
        self.isConfirmed = isConfirmed
    }
}

/// The administrator's operations, run from the command line by whoever holds the database: no actor.
///
/// Never reachable from a dialog. Each either does all it says or, refused, changes nothing.
extension Cabinet {
    /// Registers an organization without accounts (`admin add-org`).
    @discardableResult
    public func addOrganization(
        inn: String, name: String, email: String, region: String? = nil
    )
        throws(CabinetError) -> Organization
    {
        let inn = try FieldCheck.inn(inn)
        let name = try FieldCheck.text(name, field: .organizationName, maximumLength: 500)
        let email = try FieldCheck.email(email)
        let region = try FieldCheck.optional(region, FieldCheck.region)
        return try write { try insertOrganization(inn: inn, name: name, email: email, region: region) }
    }

    /// Adds an account (`admin add-account`): pending unless confirmed; a confirmed director is also a confirmed
    /// director (identity confirmed, by no agent).
    ///
    /// A director's account is issued by the platform, so it is never pending: what waits for a director made
    /// without `confirmed` is the identity confirmation (consent, the data to send), as for issued credentials.
    @discardableResult
    public func addAccount(_ new: NewAccount, password: String) throws(CabinetError) -> Account {
        let login = try Credentials.login(new.login)
        try Credentials.checkPassword(password, login: login)
        let fullName = try FieldCheck.optional(new.fullName) { raw throws(CabinetError) in
            try FieldCheck.personName(raw, field: .fullName)
        }
        let email = try FieldCheck.optional(new.email, FieldCheck.email)
        let className = try FieldCheck.optional(new.className, FieldCheck.className)
        let inn = try FieldCheck.optional(new.organizationINN, FieldCheck.inn)
        guard (new.role == .agent) == (inn == nil) else { throw .invalidField(.organization) }
        guard new.role == .student || (new.teacherLogin == nil && className == nil) else {
            throw .invalidField(.teacher)
        }
        let hash = try hashPassword(password)
        return try write {
            let organization = try inn.map { inn in
                guard let found = try fetchOrganization(inn: inn) else { throw CabinetError.organizationNotFound }
                return found.id
            }
            var teacherID: AccountID?
            if let teacherLogin = new.teacherLogin {
                guard let teacher = try fetchAccount(login: teacherLogin.lowercased()), teacher.role == .teacher,
                    teacher.organizationID == organization
                else { throw CabinetError.teacherNotFound }
                teacherID = teacher.id
            }
            let id = try insertAccount(
                AccountDraft(
                    login: login, passwordHash: hash, role: new.role, organizationID: organization,
                    fullName: fullName ?? login, email: email,
                    status: new.isConfirmed || new.role == .director ? .confirmed : .pending,
                    teacherID: teacherID, className: className,
                    directorState: new.isConfirmed ? .confirmed : .unconfirmed))
            return try loadActor(id)
        }
    }

    func insertOrganization(inn: String, name: String, email: String, region: String?) throws -> Organization {
        guard try fetchOrganization(inn: inn) == nil else { throw CabinetError.organizationExists }
        let insertedID = try connection.insert(
            "INSERT INTO organization (inn, name, region, email, created_at) VALUES (?, ?, ?, ?, ?)",
            inn, name, region, email, nowMillis)
        guard let organization = try fetchOrganization(OrganizationID(rawValue: insertedID)) else {
            throw CabinetError.organizationNotFound
        }
        return organization
    }
}
