import BotCore
import Foundation

extension Cabinet {
    /// The actor's account, re-read from the database; `.notLoggedIn` when there is none.
    func loadActor(_ id: AccountID?) throws -> Account {
        guard let id, let account = try fetchAccount(id) else { throw CabinetError.notLoggedIn }
        return account
    }

    /// The actor's account when it is confirmed and has one of `roles`; a director must also have a confirmed
    /// identity unless `directorIdentity` is false.
    ///
    /// The checks run in a fixed order, so each refusal is predictable: logged in, confirmed, role, identity.
    func confirmedActor(_ id: AccountID?, roles: Set<Role>, directorIdentity: Bool = true) throws -> Account {
        let account = try loadActor(id)
        guard account.status == .confirmed else { throw CabinetError.accountNotConfirmed(account.status) }
        guard roles.contains(account.role) else { throw CabinetError.roleNotAllowed(account.role) }
        if account.role == .director && directorIdentity {
            let state = try fetchDirectorState(account.id)
            guard state == .confirmed else { throw CabinetError.directorNotConfirmed(state) }
        }
        return account
    }

    /// A confirmed agent.
    func agentActor(_ id: AccountID?) throws -> Account {
        try confirmedActor(id, roles: [.agent])
    }

    /// The director's identity state; `.unconfirmed` when no row exists.
    func fetchDirectorState(_ account: AccountID) throws -> DirectorState {
        guard
            let text = try connection.scalarText(
                "SELECT state FROM director_identity WHERE account_id = ?", account)
        else { return .unconfirmed }
        guard let state = DirectorState(rawValue: text) else {
            throw CabinetError.storage(DatabaseError(code: 11, message: "unexpected director state"))
        }
        return state
    }
}
