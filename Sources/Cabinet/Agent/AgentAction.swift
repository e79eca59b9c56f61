import BotCore
import Foundation

/// What an agent did; every agent action is recorded in the append-only `agent_action` table.
public enum AgentActionKind: String, Codable, Sendable, CaseIterable {
    /// Registered an organization and issued its director's credentials.
    case registerOrganization = "register_organization"
    /// Confirmed a director's identity.
    case confirmDirector = "confirm_director"
    /// Applied a change of director.
    case applyDirectorChange = "apply_director_change"
    /// Took a ticket from the queue.
    case takeTicket = "take_ticket"
    /// Answered a ticket.
    case answerTicket = "answer_ticket"
    /// Closed a ticket with a resolution.
    case closeTicket = "close_ticket"
}

/// One entry of the agents' audit log.
public struct AgentActionRecord: Equatable, Sendable {
    /// The entry's row id.
    public let id: Int
    /// Who acted.
    public let agentID: AccountID
    /// What was done.
    public let kind: AgentActionKind
    /// The organization acted on, when any.
    public let organizationID: OrganizationID?
    /// The account acted on, when any.
    public let accountID: AccountID?
    /// The ticket acted on, when any.
    public let ticketID: TicketID?
    /// When.
    public let at: Date
}

extension Cabinet {
    /// The agents' audit log, newest first; agents only.
    public func agentActions(actor: AccountID?, limit: Int = 100) throws(CabinetError) -> [AgentActionRecord] {
        try read {
            _ = try agentActor(actor)
            return try connection.query(
                """
                SELECT id, agent_id, action, organization_id, account_id, ticket_id, at
                FROM agent_action ORDER BY id DESC LIMIT ?
                """,
                max(0, limit)
            ) { row in
                AgentActionRecord(
                    id: row.int(0), agentID: AccountID(rawValue: row.int(1)),
                    kind: try row.value(2, as: AgentActionKind.self), organizationID: row.optionalOrganizationID(3),
                    accountID: row.optionalAccountID(4), ticketID: row.optionalInt(5).map(TicketID.init(rawValue:)),
                    at: row.instant(6))
            }
        }
    }

    /// Records an agent's action; call inside the action's own transaction.
    func audit(
        _ agent: Account, _ kind: AgentActionKind, organization: OrganizationID? = nil, account: AccountID? = nil,
        ticket: TicketID? = nil
    ) throws {
        try connection.run(
            """
            INSERT INTO agent_action (agent_id, action, organization_id, account_id, ticket_id, at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            agent.id, kind.rawValue, organization, account, ticket, nowMillis)
    }
}
