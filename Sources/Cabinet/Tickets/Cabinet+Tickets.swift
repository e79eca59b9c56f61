import BotCore
import Foundation

extension Cabinet {
    // MARK: - Asking

    /// Opens a ticket with its first message; the actor, when logged in, is recorded with its organization.
    ///
    /// Without an actor the organization comes from the context's INN when it is registered. A mail ticket's
    /// Message-ID makes one ticket only (`.mailAlreadyTaken`).
    public func openTicket(
        actor: AccountID?, kind: TicketKind, context: TicketContext, text: String
    )
        throws(CabinetError) -> Ticket
    {
        let text = try FieldCheck.text(text, field: .text)
        let context = try checked(context)
        return try write {
            let asker = try actor.map { id in try loadActor(id) }
            var organization = asker?.organizationID
            if organization == nil, let inn = context.inn {
                organization = try fetchOrganization(inn: inn)?.id
            }
            if let messageID = context.mailMessageID,
                let existing = try connection.scalarInt(
                    "SELECT id FROM ticket WHERE mail_message_id = ? AND mail_digest IS ?", messageID,
                    context.mailDigest)
            {
                throw CabinetError.mailAlreadyTaken(TicketID(rawValue: existing))
            }
            let now = nowMillis
            let insertedID = try connection.insert(
                """
                INSERT INTO ticket (kind, status, organization_id, account_id, chat, dialog, step, inn, email,
                    mail_message_id, mail_digest, subject, created_at)
                VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                kind.rawValue, organization, asker?.id, context.chat, context.dialog, context.step, context.inn,
                context.email, context.mailMessageID, context.mailDigest, context.subject, now)
            let id = TicketID(rawValue: insertedID)
            try insertMessage(id, author: .requester, account: asker?.id, text: text, at: now)
            return try fetchTicket(id)
        }
    }

    /// Whether the platform knows `address`: an organization's official e-mail or an account's.
    ///
    /// Mail intake answers automatically only such addresses (no backscatter to forged senders).
    public func isKnownMailAddress(_ address: String) throws(CabinetError) -> Bool {
        let address = address.trimmingCharacters(in: .whitespaces).lowercased()
        return try read {
            try connection.scalarInt(
                """
                SELECT EXISTS (SELECT 1 FROM organization WHERE lower(email) = ?)
                    OR EXISTS (SELECT 1 FROM account WHERE lower(email) = ?)
                """, address, address) == 1
        }
    }

    /// Adds the requester's message to a ticket that is not closed.
    ///
    /// `chat` must be the ticket's chat (`.ticketNotYours` otherwise); nil is for the mail inbox adding a reply.
    @discardableResult
    public func addRequesterMessage(
        ticket id: TicketID, chat: String?, text: String
    ) throws(CabinetError) -> TicketMessage {
        let text = try FieldCheck.text(text, field: .text)
        return try write {
            let ticket = try fetchTicket(id)
            if let chat { guard ticket.context.chat == chat else { throw CabinetError.ticketNotYours } }
            guard ticket.status != .closed else { throw CabinetError.ticketClosed }
            return try insertMessage(id, author: .requester, account: ticket.accountID, text: text, at: nowMillis)
        }
    }

    /// The chat's latest ticket that is not closed, or nil: where its messages go.
    public func activeTicket(chat: String) throws(CabinetError) -> Ticket? {
        try read {
            try connection.queryFirst(
                "\(Self.ticketSelect) WHERE chat = ? AND status IN ('open', 'taken') ORDER BY id DESC LIMIT 1",
                chat, map: Self.ticket(from:))
        }
    }

    /// The chats of confirmed agents that are logged in, the most recently bound first.
    public func agentChats() throws(CabinetError) -> [String] {
        try read {
            try connection.query(
                """
                SELECT chat_binding.chat FROM chat_binding JOIN account ON account.id = chat_binding.account_id
                WHERE account.role = 'agent' AND account.status = 'confirmed'
                ORDER BY chat_binding.bound_at DESC, chat_binding.chat
                """
            ) { $0.text(0) }
        }
    }

    // MARK: - Agents

    /// The open and taken tickets, oldest first (at most `limit`), with counts by kind; agents only.
    public func ticketQueue(
        actor: AccountID?, kinds: Set<TicketKind> = Set(TicketKind.allCases), limit: Int = 50
    )
        throws(CabinetError) -> TicketQueue
    {
        try read {
            _ = try agentActor(actor)
            // A fixed statement: the kinds asked for fill the four slots, the first repeated as padding.
            let asked = TicketKind.allCases.filter(kinds.contains).map(\.rawValue)
            guard let first = asked.first else { return TicketQueue(tickets: [], openCounts: [:], takenCounts: [:]) }
            let slots = asked + Array(repeating: first, count: TicketKind.allCases.count - asked.count)
            let tickets = try connection.query(
                """
                \(Self.ticketSelect) WHERE status IN ('open', 'taken') AND kind IN (?, ?, ?, ?)
                ORDER BY created_at, id LIMIT ?
                """,
                slots[0], slots[1], slots[2], slots[3], max(0, limit)
            ) { try Self.ticket(from: $0) }
            var open: [TicketKind: Int] = [:]
            var taken: [TicketKind: Int] = [:]
            let counts = try connection.query(
                """
                SELECT status, kind, count(*) FROM ticket
                WHERE status IN ('open', 'taken') AND kind IN (?, ?, ?, ?) GROUP BY status, kind
                """,
                slots[0], slots[1], slots[2], slots[3]
            ) { row in (try row.value(0, as: TicketStatus.self), try row.value(1, as: TicketKind.self), row.int(2)) }
            for (status, kind, count) in counts {
                if status == .open { open[kind] = count } else { taken[kind] = count }
            }
            return TicketQueue(tickets: tickets, openCounts: open, takenCounts: taken)
        }
    }

    /// A ticket and its messages, oldest first; agents only.
    public func ticket(actor: AccountID?, id: TicketID) throws(CabinetError) -> (Ticket, [TicketMessage]) {
        try read {
            _ = try agentActor(actor)
            let ticket = try fetchTicket(id)
            let messages = try connection.query(
                "SELECT id, ticket_id, author, author_account_id, text, at FROM ticket_message WHERE ticket_id = ? "
                    + "ORDER BY id",
                id
            ) { row in
                TicketMessage(
                    id: row.int(0), ticketID: TicketID(rawValue: row.int(1)),
                    author: try row.value(2, as: TicketAuthor.self), authorAccountID: row.optionalAccountID(3),
                    text: row.text(4), at: row.instant(5))
            }
            return (ticket, messages)
        }
    }

    /// Takes an open ticket; of two agents taking the same ticket, exactly one succeeds.
    ///
    /// Audited.
    @discardableResult
    public func takeTicket(actor: AccountID?, ticket id: TicketID) throws(CabinetError) -> Ticket {
        try write {
            let agent = try agentActor(actor)
            let now = nowMillis
            let changed = try connection.run(
                "UPDATE ticket SET status = 'taken', taken_by = ?, taken_at = ? WHERE id = ? AND status = 'open'",
                agent.id, now, id)
            guard changed == 1 else {
                let ticket = try fetchTicket(id)
                if ticket.status == .closed { throw CabinetError.ticketClosed }
                throw CabinetError.ticketAlreadyTaken(by: ticket.takenBy)
            }
            try audit(agent, .takeTicket, ticket: id)
            return try fetchTicket(id)
        }
    }

    /// The taking agent answers a ticket; deliver it to the ticket's chat (a push) or e-mail.
    ///
    /// Audited.
    @discardableResult
    public func answerTicket(
        actor: AccountID?, ticket id: TicketID, text: String
    ) throws(CabinetError) -> TicketMessage {
        let text = try FieldCheck.text(text, field: .text)
        return try write {
            let agent = try agentActor(actor)
            let ticket = try fetchTicket(id)
            guard ticket.status != .closed else { throw CabinetError.ticketClosed }
            guard ticket.status == .taken, ticket.takenBy == agent.id else { throw CabinetError.ticketNotYours }
            let message = try insertMessage(id, author: .agent, account: agent.id, text: text, at: nowMillis)
            try audit(agent, .answerTicket, ticket: id)
            return message
        }
    }

    /// Closes a ticket with a resolution: an open one, or one the agent took.
    ///
    /// Audited.
    @discardableResult
    public func closeTicket(
        actor: AccountID?, ticket id: TicketID, resolution: String
    ) throws(CabinetError) -> Ticket {
        let resolution = try FieldCheck.text(resolution, field: .resolution)
        return try write {
            let agent = try agentActor(actor)
            let ticket = try fetchTicket(id)
            guard ticket.status != .closed else { throw CabinetError.ticketClosed }
            if ticket.status == .taken { guard ticket.takenBy == agent.id else { throw CabinetError.ticketNotYours } }
            let now = nowMillis
            try connection.run(
                """
                UPDATE ticket SET status = 'closed', closed_at = ?, resolution = ?,
                    taken_by = coalesce(taken_by, ?), taken_at = coalesce(taken_at, ?)
                WHERE id = ? AND status != 'closed'
                """,
                now, resolution, agent.id, now, id)
            try audit(agent, .closeTicket, organization: ticket.organizationID, ticket: id)
            return try fetchTicket(id)
        }
    }

    // MARK: - Storage

    private func checked(_ context: TicketContext) throws(CabinetError) -> TicketContext {
        TicketContext(
            inn: try FieldCheck.optional(context.inn, FieldCheck.inn),
            chat: try FieldCheck.optionalText(context.chat, field: .chat, maximumLength: 128),
            dialog: try FieldCheck.optionalText(context.dialog, field: .text, maximumLength: 64),
            step: try FieldCheck.optionalText(context.step, field: .text, maximumLength: 64),
            email: try FieldCheck.optional(context.email, FieldCheck.email),
            mailMessageID: try FieldCheck.optionalText(context.mailMessageID, field: .messageID, maximumLength: 998),
            subject: try FieldCheck.optionalText(context.subject, field: .text, maximumLength: 998),
            mailDigest: try FieldCheck.optionalText(context.mailDigest, field: .text, maximumLength: 64))
    }

    @discardableResult
    private func insertMessage(
        _ ticket: TicketID, author: TicketAuthor, account: AccountID?, text: String, at instant: Int
    ) throws -> TicketMessage {
        let insertedID = try connection.insert(
            "INSERT INTO ticket_message (ticket_id, author, author_account_id, text, at) VALUES (?, ?, ?, ?, ?)",
            ticket, author.rawValue, account, text, instant)
        return TicketMessage(
            id: insertedID, ticketID: ticket, author: author, authorAccountID: account, text: text,
            at: Self.date(millis: instant))
    }

    private static let ticketSelect = """
        SELECT id, kind, status, organization_id, account_id, chat, dialog, step, inn, email, mail_message_id,
            subject, created_at, taken_by, taken_at, closed_at, resolution
        FROM ticket
        """

    private static func ticket(from row: Row) throws -> Ticket {
        Ticket(
            id: TicketID(rawValue: row.int(0)), kind: try row.value(1, as: TicketKind.self),
            status: try row.value(2, as: TicketStatus.self), organizationID: row.optionalOrganizationID(3),
            accountID: row.optionalAccountID(4),
            context: TicketContext(
                inn: row.optionalText(8), chat: row.optionalText(5), dialog: row.optionalText(6),
                step: row.optionalText(7), email: row.optionalText(9), mailMessageID: row.optionalText(10),
                subject: row.optionalText(11)),
            createdAt: row.instant(12), takenBy: row.optionalAccountID(13), takenAt: row.optionalInstant(14),
            closedAt: row.optionalInstant(15), resolution: row.optionalText(16))
    }

    func fetchTicket(_ id: TicketID) throws -> Ticket {
        guard let ticket = try connection.queryFirst("\(Self.ticketSelect) WHERE id = ?", id, map: Self.ticket(from:))
        else { throw CabinetError.ticketNotFound }
        return ticket
    }
}
