import BotCore
import Foundation

/// What a teacher or a student enters to join an organization (everything but the password).
public struct Registration: Equatable, Sendable, Codable {
    /// The organization's INN, as typed.
    public var inn: String
    /// `.teacher` or `.student`.
    public var role: Role
    /// The full name, as typed.
    public var fullName: String
    /// The e-mail address, as typed.
    public var email: String
    /// The wished login, as typed.
    public var login: String
    /// A student's teacher, chosen from ``Cabinet/confirmedTeachers(inn:)``.
    public var teacherID: AccountID?
    /// A student's class (`5А`).
    public var className: String?

    /// A registration form.
    public init(
        inn: String, role: Role, fullName: String, email: String, login: String, teacherID: AccountID? = nil,
        className: String? = nil
    ) {
        self.inn = inn
        self.role = role
        self.fullName = fullName
        self.email = email
        self.login = login
        self.teacherID = teacherID
        self.className = className
    }
}

extension Cabinet {
    // MARK: - Lookups

    /// The organization with this INN (spaces and dashes ignored), or nil; an invalid INN is refused.
    public func organization(inn: String) throws(CabinetError) -> Organization? {
        let inn = try FieldCheck.inn(inn)
        return try read { try fetchOrganization(inn: inn) }
    }

    /// The organization with this id, or nil.
    public func organization(id: OrganizationID) throws(CabinetError) -> Organization? {
        try read { try fetchOrganization(id) }
    }

    /// The account with this id, or nil.
    public func account(id: AccountID) throws(CabinetError) -> Account? {
        try read { try fetchAccount(id) }
    }

    /// The account with this login (any case), or nil.
    public func account(login: String) throws(CabinetError) -> Account? {
        let key = login.trimmingCharacters(in: .whitespaces).lowercased()
        return try read { try fetchAccount(login: key) }
    }

    /// The director account of an organization, or nil.
    public func director(of organization: OrganizationID) throws(CabinetError) -> Account? {
        try read { try fetchDirector(organization) }
    }

    /// The confirmed teachers of the organization with this INN, by name: the choices of a registering student.
    public func confirmedTeachers(inn: String) throws(CabinetError) -> [TeacherChoice] {
        let inn = try FieldCheck.inn(inn)
        return try read {
            guard let organization = try fetchOrganization(inn: inn) else {
                throw CabinetError.organizationNotFound
            }
            return try fetchConfirmedTeachers(organization.id)
        }
    }

    // MARK: - Registration

    /// Registers a pending teacher or student of an existing organization; a director or teacher confirms it.
    ///
    /// A student's teacher must be a confirmed teacher of the same organization, and a student needs a class.
    ///
    /// "That login is taken" tells whether a login exists, so a chat that hears it
    /// ``maximumLoginFailures`` times within ``lockoutInterval`` may not register for ``lockoutInterval``
    /// (`.loginLocked`); the count is recorded before the error is thrown.
    @discardableResult
    public func register(
        _ registration: Registration, password: String, chat: String? = nil
    ) throws(CabinetError) -> Account {
        guard registration.role == .teacher || registration.role == .student else {
            throw .invalidField(.role)
        }
        let inn = try FieldCheck.inn(registration.inn)
        let fullName = try FieldCheck.personName(registration.fullName, field: .fullName)
        let email = try FieldCheck.email(registration.email)
        let login = try Credentials.login(registration.login)
        try Credentials.checkPassword(password, login: login)
        let className = try registration.role == .student ? FieldCheck.className(registration.className ?? "") : nil
        let hash = try hashPassword(password)
        let probeKey = chat.map { "registration:chat:\($0)" }
        let outcome: Result<Account, CabinetError> = try write {
            let now = nowMillis
            if let probeKey, let until = try lockedUntil(probeKey, now: now, interval: Self.lockoutMillis) {
                return .failure(.loginLocked(until: Self.date(millis: until)))
            }
            if let probeKey, try fetchAccount(login: login) != nil {
                _ = try countFailure(
                    probeKey, lockingAt: Self.maximumLoginFailures, now: now, interval: Self.lockoutMillis)
                return .failure(.loginTaken(login))
            }
            guard let organization = try fetchOrganization(inn: inn) else {
                throw CabinetError.organizationNotFound
            }
            var teacherID: AccountID?
            if registration.role == .student {
                guard let chosen = registration.teacherID,
                    try fetchConfirmedTeachers(organization.id).contains(where: { $0.id == chosen })
                else { throw CabinetError.teacherNotFound }
                teacherID = chosen
            }
            let id = try insertAccount(
                AccountDraft(
                    login: login, passwordHash: hash, role: registration.role, organizationID: organization.id,
                    fullName: fullName, email: email, status: .pending, teacherID: teacherID, className: className))
            return .success(try loadActor(id))
        }
        return try outcome.get()
    }

    /// A one-way, salted seal (a yescrypt hash) of a password being chosen for `login`, checked against the
    /// policy first: its repetition is checked against the seal, so the password itself is kept nowhere.
    public func sealPassword(_ password: String, login: String) throws(CabinetError) -> String {
        try Credentials.checkPassword(password, login: login)
        return try hashPassword(password)
    }

    /// Whether `password` is the one `seal` was made of (compared in constant time).
    public func password(_ password: String, matchesSeal seal: String) -> Bool {
        hasher.verify(password, against: seal)
    }

    // MARK: - Shared

    /// An account row to insert; the login is already normalized and the password already hashed.
    struct AccountDraft {
        var login: String
        var passwordHash: String?
        var role: Role
        var organizationID: OrganizationID?
        var fullName: String
        var email: String?
        var status: AccountStatus
        var teacherID: AccountID? = nil
        var className: String? = nil
        /// For a director: the identity state to start in.
        var directorState: DirectorState = .unconfirmed
    }

    /// Inserts an account (and a director's identity row); `.loginTaken` when the login is used.
    func insertAccount(_ draft: AccountDraft) throws -> AccountID {
        if try connection.scalarInt("SELECT id FROM account WHERE login = ?", draft.login) != nil {
            throw CabinetError.loginTaken(draft.login)
        }
        if draft.role == .director, let organization = draft.organizationID,
            let existing = try connection.scalarInt(
                "SELECT id FROM account WHERE organization_id = ? AND role = 'director'", organization)
        {
            throw CabinetError.directorExists(AccountID(rawValue: existing))
        }
        let now = nowMillis
        let insertedID = try connection.insert(
            """
            INSERT INTO account (login, password_hash, role, organization_id, full_name, name_key, email, status,
                teacher_id, class_name, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            draft.login, draft.passwordHash, draft.role.rawValue, draft.organizationID, draft.fullName,
            SearchKey.make(draft.fullName), draft.email, draft.status.rawValue, draft.teacherID, draft.className, now)
        let id = AccountID(rawValue: insertedID)
        if draft.role == .director {
            let confirmed = draft.directorState == .confirmed
            try connection.run(
                "INSERT INTO director_identity (account_id, state, confirmed_at, updated_at) VALUES (?, ?, ?, ?)",
                id, draft.directorState.rawValue, confirmed ? now : nil, now)
        }
        return id
    }

    /// The yescrypt hash of a password.
    func hashPassword(_ password: String) throws(CabinetError) -> String {
        guard let hash = hasher.hash(password) else { throw .passwordHashingFailed }
        return hash
    }

    func fetchAccount(_ id: AccountID) throws -> Account? {
        try connection.queryFirst(
            "SELECT \(Self.accountColumns) FROM account WHERE id = ?", id, map: Self.account(from:))
    }

    func fetchAccount(login: String) throws -> Account? {
        try connection.queryFirst(
            "SELECT \(Self.accountColumns) FROM account WHERE login = ?", login, map: Self.account(from:))
    }

    func fetchOrganization(_ id: OrganizationID) throws -> Organization? {
        try connection.queryFirst(
            "SELECT \(Self.organizationColumns) FROM organization WHERE id = ?", id, map: Self.organization(from:))
    }

    func fetchOrganization(inn: String) throws -> Organization? {
        try connection.queryFirst(
            "SELECT \(Self.organizationColumns) FROM organization WHERE inn = ?", inn, map: Self.organization(from:))
    }

    func fetchConfirmedTeachers(_ organization: OrganizationID) throws -> [TeacherChoice] {
        try connection.query(
            """
            SELECT id, full_name FROM account
            WHERE organization_id = ? AND status = 'confirmed' AND role = 'teacher'
            ORDER BY name_key, id
            """,
            organization
        ) { row in TeacherChoice(id: AccountID(rawValue: row.int(0)), fullName: row.text(1)) }
    }
}
