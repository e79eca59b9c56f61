import BotCore
import Foundation

/// What an agent enters to register an organization and issue its credentials.
public struct OrganizationRegistration: Equatable, Sendable, Codable {
    /// The INN.
    public var inn: String
    /// The full name.
    public var name: String
    /// The official e-mail address: the credentials go there.
    public var email: String
    /// The region (a code or a name), optional.
    public var region: String?
    /// The director's full name.
    public var directorName: String

    /// A registration.
    public init(inn: String, name: String, email: String, region: String? = nil, directorName: String) {
        self.inn = inn
        self.name = name
        self.email = email
        self.region = region
        self.directorName = directorName
    }
}

/// Credentials just issued: the password is here once, for the e-mail to the official address, and is never
/// stored in plain text.
///
/// Do not show it in a chat, log it or keep it in session state.
public struct IssuedCredentials: Equatable, Sendable {
    /// The organization.
    public let organization: Organization
    /// The director's account (confirmed; the identity still to be confirmed).
    public let director: Account
    /// The generated login.
    public let login: String
    /// The generated password, in plain text this once.
    public let password: String
}

/// The outcome of applying a change of director.
public struct DirectorChange: Equatable, Sendable {
    /// The director's account with the new name.
    public let director: Account
    /// Its identity, now confirmed.
    public let identity: DirectorIdentity
    /// The chats that were logged in as the former director and were logged out.
    public let loggedOutChats: [String]
}

extension Cabinet {
    /// An agent registers an organization (or completes one without a director) and issues the director's login
    /// and a random password; the INN's credential requests become done.
    ///
    /// Audited.
    public func registerOrganization(
        actor: AccountID?, _ registration: OrganizationRegistration
    )
        throws(CabinetError) -> IssuedCredentials
    {
        let inn = try FieldCheck.inn(registration.inn)
        let name = try FieldCheck.text(registration.name, field: .organizationName, maximumLength: 500)
        let email = try FieldCheck.email(registration.email)
        let region = try FieldCheck.optional(registration.region, FieldCheck.region)
        let directorName = try FieldCheck.personName(registration.directorName, field: .directorName)
        return try write {
            let agent = try agentActor(actor)
            let organization =
                try fetchOrganization(inn: inn)
                ?? insertOrganization(inn: inn, name: name, email: email, region: region)
            if let existing = try fetchDirector(organization.id) { throw CabinetError.directorExists(existing.id) }
            var login = Credentials.generateLogin(random)
            while try fetchAccount(login: login) != nil { login = Credentials.generateLogin(random) }
            let password = Credentials.generatePassword(random)
            let id = try insertAccount(
                AccountDraft(
                    login: login, passwordHash: try hashPassword(password), role: .director,
                    organizationID: organization.id, fullName: directorName, email: organization.email,
                    status: .confirmed))
            try connection.run(
                "UPDATE credential_request SET status = 'done', done_at = ? WHERE inn = ? AND status != 'done'",
                nowMillis, inn)
            try audit(agent, .registerOrganization, organization: organization.id, account: id)
            return IssuedCredentials(
                organization: organization, director: try loadActor(id), login: login, password: password)
        }
    }

    /// An agent applies a change of director: the director account takes the new name (and e-mail), its identity
    /// counts as confirmed (the order proves it, as the instruction says: after the change users can be
    /// confirmed), the former director's chats are logged out, and the INN's change requests become done.
    ///
    /// Audited.
    public func applyDirectorChange(
        actor: AccountID?, organization: OrganizationID, directorName: String, email: String? = nil
    ) throws(CabinetError) -> DirectorChange {
        let directorName = try FieldCheck.personName(directorName, field: .directorName)
        let email = try FieldCheck.optional(email, FieldCheck.email)
        return try write {
            let agent = try agentActor(actor)
            guard let found = try fetchOrganization(organization) else { throw CabinetError.organizationNotFound }
            guard let director = try fetchDirector(organization) else { throw CabinetError.noDirector }
            let now = nowMillis
            try connection.run(
                "UPDATE account SET full_name = ?, name_key = ?, email = coalesce(?, email) WHERE id = ?",
                directorName, SearchKey.make(directorName), email, director.id)
            try connection.run(
                """
                UPDATE director_identity SET state = 'confirmed', consent_at = NULL, data_sent_on = NULL,
                    earliest_on = NULL, due_on = NULL, confirmed_at = ?, confirmed_by = ?, updated_at = ?
                WHERE account_id = ?
                """,
                now, agent.id, now, director.id)
            let chats = try connection.query(
                "SELECT chat FROM chat_binding WHERE account_id = ? ORDER BY bound_at DESC, chat", director.id
            ) { $0.text(0) }
            try connection.run("DELETE FROM chat_binding WHERE account_id = ?", director.id)
            try connection.run(
                """
                UPDATE director_change_request SET status = 'done', done_at = ?, organization_id = ?
                WHERE inn = ? AND status != 'done'
                """,
                now, organization, found.inn)
            try audit(agent, .applyDirectorChange, organization: organization, account: director.id)
            return DirectorChange(
                director: try loadActor(director.id), identity: try fetchDirectorIdentity(director.id),
                loggedOutChats: chats)
        }
    }
}
