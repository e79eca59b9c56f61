import BotCore
import Foundation

extension Cabinet {
    /// Business days from sending the director's data to the earliest answer, and to the latest.
    public static let directorAnswerDays = 1...2

    // MARK: - The director's own steps

    /// The identity state of the logged-in director (account confirmed, identity in any state).
    public func directorIdentity(actor: AccountID?) throws(CabinetError) -> DirectorIdentity {
        try read {
            let director = try confirmedActor(actor, roles: [.director], directorIdentity: false)
            return try fetchDirectorIdentity(director.id)
        }
    }

    /// Records the director's consent to personal-data processing in the append-only log.
    ///
    /// Moves an unconfirmed director to `.consentGiven`; a repeated consent is logged and changes no state.
    /// Refused once the identity is confirmed.
    @discardableResult
    public func recordConsent(actor: AccountID?, context: ConsentContext) throws(CabinetError) -> DirectorIdentity {
        let context = try checked(context)
        return try write {
            let director = try confirmedActor(actor, roles: [.director], directorIdentity: false)
            let state = try fetchDirectorState(director.id)
            guard state != .confirmed else { throw CabinetError.directorAlreadyConfirmed }
            let now = clock.now()
            try appendConsentEvent(.given, account: director.id, context: context, at: now)
            if state == .unconfirmed {
                try connection.run(
                    """
                    UPDATE director_identity SET state = 'consent_given', consent_at = ?, updated_at = ?
                    WHERE account_id = ?
                    """,
                    Self.millis(now), Self.millis(now), director.id)
            }
            return try fetchDirectorIdentity(director.id)
        }
    }

    /// Logs the withdrawal of consent as its own event and returns the director to `.unconfirmed`.
    ///
    /// Without consent the identity cannot stand, so a confirmed director becomes unconfirmed too, and the
    /// sending dates are cleared; consent can be given again.
    @discardableResult
    public func withdrawConsent(actor: AccountID?, context: ConsentContext) throws(CabinetError) -> DirectorIdentity {
        let context = try checked(context)
        return try write {
            let director = try confirmedActor(actor, roles: [.director], directorIdentity: false)
            guard try fetchDirectorState(director.id) != .unconfirmed else {
                throw CabinetError.noConsentToWithdraw
            }
            let now = clock.now()
            try appendConsentEvent(.withdrawn, account: director.id, context: context, at: now)
            try connection.run(
                """
                UPDATE director_identity SET state = 'unconfirmed', consent_at = NULL, data_sent_on = NULL,
                    earliest_on = NULL, due_on = NULL, confirmed_at = NULL, confirmed_by = NULL, updated_at = ?
                WHERE account_id = ?
                """,
                Self.millis(now), director.id)
            return try fetchDirectorIdentity(director.id)
        }
    }

    /// The consent log of the logged-in director, oldest first.
    public func consentLog(actor: AccountID?) throws(CabinetError) -> [ConsentEvent] {
        try read {
            let director = try confirmedActor(actor, roles: [.director], directorIdentity: false)
            return try fetchConsentLog(director.id)
        }
    }

    /// Records that the director sent the data on `sentOn` (today when nil): due in 1–2 business days.
    ///
    /// Needs consent; may be repeated to correct the date until an agent confirms.
    @discardableResult
    public func markDirectorDataSent(
        actor: AccountID?, on sentOn: CivilDate? = nil
    ) throws(CabinetError) -> DirectorIdentity {
        let today = self.today
        let sent = sentOn ?? today
        guard sent <= today else { throw .sentDateInFuture(today: today) }
        return try write {
            let director = try confirmedActor(actor, roles: [.director], directorIdentity: false)
            switch try fetchDirectorState(director.id) {
            case .unconfirmed: throw CabinetError.consentRequired
            case .confirmed: throw CabinetError.directorAlreadyConfirmed
            case .consentGiven, .dataSent: break
            }
            let earliest = calendar.adding(businessDays: Self.directorAnswerDays.lowerBound, to: sent)
            let due = calendar.adding(businessDays: Self.directorAnswerDays.upperBound, to: sent)
            try connection.run(
                """
                UPDATE director_identity SET state = 'data_sent', data_sent_on = ?, earliest_on = ?, due_on = ?,
                    updated_at = ?
                WHERE account_id = ?
                """,
                sent.description, earliest.description, due.description, nowMillis, director.id)
            return try fetchDirectorIdentity(director.id)
        }
    }

    // MARK: - Agents

    /// An agent confirms the identity of an organization's director, who may then confirm users.
    ///
    /// Needs the director's consent (`.consentGiven` or `.dataSent`). Audited. Push the news to
    /// ``chats(boundTo:)`` of the director.
    @discardableResult
    public func confirmDirector(
        actor: AccountID?, organization: OrganizationID
    ) throws(CabinetError) -> DirectorIdentity {
        try write {
            let agent = try agentActor(actor)
            guard try fetchOrganization(organization) != nil else { throw CabinetError.organizationNotFound }
            guard let director = try fetchDirector(organization) else { throw CabinetError.noDirector }
            switch try fetchDirectorState(director.id) {
            case .unconfirmed: throw CabinetError.consentRequired
            case .confirmed: throw CabinetError.directorAlreadyConfirmed
            case .consentGiven, .dataSent: break
            }
            let now = nowMillis
            try connection.run(
                """
                UPDATE director_identity SET state = 'confirmed', confirmed_at = ?, confirmed_by = ?, updated_at = ?
                WHERE account_id = ?
                """,
                now, agent.id, now, director.id)
            try audit(agent, .confirmDirector, organization: organization, account: director.id)
            return try fetchDirectorIdentity(director.id)
        }
    }

    /// The identity of an organization's director, for an agent.
    public func directorIdentity(
        actor: AccountID?, organization: OrganizationID
    ) throws(CabinetError) -> DirectorIdentity {
        try read {
            _ = try agentActor(actor)
            guard let director = try fetchDirector(organization) else { throw CabinetError.noDirector }
            return try fetchDirectorIdentity(director.id)
        }
    }

    // MARK: - Storage

    private func checked(_ context: ConsentContext) throws(CabinetError) -> ConsentContext {
        ConsentContext(
            chat: try FieldCheck.optionalText(context.chat, field: .chat, maximumLength: 128),
            messageID: try FieldCheck.optionalText(context.messageID, field: .messageID, maximumLength: 128),
            textVersion: try FieldCheck.text(context.textVersion, field: .consentVersion, maximumLength: 64),
            textHash: try FieldCheck.text(context.textHash, field: .consentHash, maximumLength: 256),
            purpose: try FieldCheck.text(context.purpose, field: .consentPurpose, maximumLength: 1_000))
    }

    private func appendConsentEvent(
        _ kind: ConsentEventKind, account: AccountID, context: ConsentContext, at instant: Date
    ) throws {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = clock.timeZone
        formatter.formatOptions = [.withInternetDateTime]
        try connection.run(
            """
            INSERT INTO consent_event (account_id, kind, at, time_zone, local_time, chat, message_id, text_version,
                text_hash, purpose)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            account, kind.rawValue, Self.millis(instant), clock.timeZone.identifier, formatter.string(from: instant),
            context.chat, context.messageID, context.textVersion, context.textHash, context.purpose)
    }

    func fetchConsentLog(_ account: AccountID) throws -> [ConsentEvent] {
        try connection.query(
            """
            SELECT id, account_id, kind, at, time_zone, local_time, chat, message_id, text_version, text_hash, purpose
            FROM consent_event WHERE account_id = ? ORDER BY id
            """,
            account
        ) { row in
            ConsentEvent(
                id: row.int(0), accountID: AccountID(rawValue: row.int(1)),
                kind: try row.value(2, as: ConsentEventKind.self), at: row.instant(3), timeZone: row.text(4),
                localTime: row.text(5),
                context: ConsentContext(
                    chat: row.optionalText(6), messageID: row.optionalText(7), textVersion: row.text(8),
                    textHash: row.text(9), purpose: row.text(10)))
        }
    }

    func fetchDirectorIdentity(_ account: AccountID) throws -> DirectorIdentity {
        let identity = try connection.queryFirst(
            """
            SELECT state, consent_at, data_sent_on, earliest_on, due_on, confirmed_at, confirmed_by
            FROM director_identity WHERE account_id = ?
            """,
            account
        ) { row in
            DirectorIdentity(
                accountID: account, state: try row.value(0, as: DirectorState.self),
                consentAt: row.optionalInstant(1), dataSentOn: row.optionalCivilDate(2),
                earliestOn: row.optionalCivilDate(3), dueOn: row.optionalCivilDate(4),
                confirmedAt: row.optionalInstant(5), confirmedBy: row.optionalAccountID(6))
        }
        return identity
            ?? DirectorIdentity(
                accountID: account, state: .unconfirmed, consentAt: nil, dataSentOn: nil, earliestOn: nil,
                dueOn: nil, confirmedAt: nil, confirmedBy: nil)
    }

    func fetchDirector(_ organization: OrganizationID) throws -> Account? {
        try connection.queryFirst(
            "SELECT \(Self.accountColumns) FROM account WHERE organization_id = ? AND role = 'director'",
            organization, map: Self.account(from:))
    }
}
