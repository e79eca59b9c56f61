import BotCore
import Foundation

extension Cabinet {
    /// Business days from sending the credential request to the credentials' due day.
    public static let credentialAnswerDays = 3
    /// Business days from sending the "Приказ" letter to the earliest day of the change, and to the latest.
    public static let directorChangeDays = 1...2

    // MARK: - Credential requests

    /// Records a prepared credential request (a draft) from the chat it was made in.
    ///
    /// Refused with `.credentialRequestInProgress` while a request for the INN was sent and is not done; drafts
    /// do not block one another (several chats may prepare one). Anonymous: no login needed.
    public func createCredentialRequest(
        _ fields: CredentialRequestFields, chat: String?
    ) throws(CabinetError) -> CredentialRequest {
        let fields = try checked(fields)
        return try write {
            if let sent = try fetchCredentialRequest(inn: fields.inn, state: .sent) {
                throw CabinetError.credentialRequestInProgress(sent.id)
            }
            let created = nowMillis
            let insertedID = try connection.insert(
                """
                INSERT INTO credential_request (inn, name, region, email, director_name, phone, chat, status,
                    created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?)
                """,
                fields.inn, fields.organizationName, fields.region, fields.email, fields.directorName, fields.phone,
                chat, created)
            // The row as `fetchCredentialRequest` would read it back (a test compares both).
            return CredentialRequest(
                id: CredentialRequestID(rawValue: insertedID), fields: fields, chat: chat, state: .draft,
                createdAt: Cabinet.date(millis: created), sentOn: nil, dueOn: nil)
        }
    }

    /// The INN's credential request in progress: the sent one, or else the latest draft; nil when none.
    public func credentialRequestInProgress(inn: String) throws(CabinetError) -> CredentialRequest? {
        let inn = try FieldCheck.inn(inn)
        return try read {
            try fetchCredentialRequest(inn: inn, state: .sent) ?? fetchCredentialRequest(inn: inn, state: .draft)
        }
    }

    /// Records that the request's letter was sent on `sentOn`: the credentials are due 3 business days later.
    ///
    /// Only the chat that prepared the request may mark it (another chat gets `.requestNotFound`); marking it
    /// again corrects the date.
    @discardableResult
    public func markCredentialRequestSent(
        _ id: CredentialRequestID, on sentOn: CivilDate, chat: String?
    )
        throws(CabinetError) -> CredentialRequest
    {
        let today = self.today
        guard sentOn <= today else { throw .sentDateInFuture(today: today) }
        return try write {
            let request = try fetchCredentialRequest(id)
            guard request.chat == nil || request.chat == chat else { throw CabinetError.requestNotFound }
            guard request.state != .done else { throw CabinetError.requestCompleted }
            if let other = try fetchCredentialRequest(inn: request.fields.inn, state: .sent), other.id != id {
                throw CabinetError.credentialRequestInProgress(other.id)
            }
            let due = calendar.adding(businessDays: Self.credentialAnswerDays, to: sentOn)
            try connection.run(
                "UPDATE credential_request SET status = 'sent', sent_on = ?, due_on = ? WHERE id = ?",
                sentOn.description, due.description, id)
            return try fetchCredentialRequest(id)
        }
    }

    // MARK: - Change of director

    /// Records a prepared change-of-director request (a draft) for an INN.
    ///
    /// Anyone may ask; no login needed.
    public func createDirectorChangeRequest(
        inn: String, note: String? = nil, chat: String?
    ) throws(CabinetError) -> DirectorChangeRequest {
        let inn = try FieldCheck.inn(inn)
        let note = try FieldCheck.optionalText(note, field: .note)
        return try write {
            let organization = try fetchOrganization(inn: inn)
            let insertedID = try connection.insert(
                """
                INSERT INTO director_change_request (inn, organization_id, note, chat, status, created_at)
                VALUES (?, ?, ?, ?, 'draft', ?)
                """,
                inn, organization?.id, note, chat, nowMillis)
            return try fetchDirectorChangeRequest(DirectorChangeRequestID(rawValue: insertedID))
        }
    }

    /// Records that the "Приказ" letter was sent on `sentOn`: the change is due 1–2 business days later.
    ///
    /// Only the chat that prepared the request may mark it; marking it again corrects the date.
    @discardableResult
    public func markDirectorChangeRequestSent(
        _ id: DirectorChangeRequestID, on sentOn: CivilDate, chat: String?
    )
        throws(CabinetError) -> DirectorChangeRequest
    {
        let today = self.today
        guard sentOn <= today else { throw .sentDateInFuture(today: today) }
        return try write {
            let request = try fetchDirectorChangeRequest(id)
            guard request.chat == nil || request.chat == chat else { throw CabinetError.requestNotFound }
            guard request.state != .done else { throw CabinetError.requestCompleted }
            let earliest = calendar.adding(businessDays: Self.directorChangeDays.lowerBound, to: sentOn)
            let due = calendar.adding(businessDays: Self.directorChangeDays.upperBound, to: sentOn)
            try connection.run(
                """
                UPDATE director_change_request SET status = 'sent', sent_on = ?, earliest_on = ?, due_on = ?
                WHERE id = ?
                """,
                sentOn.description, earliest.description, due.description, id)
            return try fetchDirectorChangeRequest(id)
        }
    }

    /// The INN's change-of-director request in progress: the sent one, or else the latest draft; nil when none.
    public func directorChangeRequestInProgress(inn: String) throws(CabinetError) -> DirectorChangeRequest? {
        let inn = try FieldCheck.inn(inn)
        return try read {
            try fetchDirectorChangeRequest(inn: inn, state: .sent)
                ?? fetchDirectorChangeRequest(inn: inn, state: .draft)
        }
    }

    // MARK: - Status

    /// Both requests of an INN and their deadlines relative to today, by the production calendar.
    public func requestStatus(inn: String) throws(CabinetError) -> RequestStatus {
        let inn = try FieldCheck.inn(inn)
        let today = self.today
        return try read {
            let credential =
                try fetchCredentialRequest(inn: inn, state: .sent)
                ?? fetchCredentialRequest(inn: inn, state: .draft)
                ?? fetchCredentialRequest(inn: inn, state: .done)
            let change =
                try fetchDirectorChangeRequest(inn: inn, state: .sent)
                ?? fetchDirectorChangeRequest(inn: inn, state: .draft)
                ?? fetchDirectorChangeRequest(inn: inn, state: .done)
            var credentialDeadline: Deadline?
            if let credential, credential.state == .sent, let sent = credential.sentOn, let due = credential.dueOn {
                credentialDeadline = Deadline(
                    sentOn: sent, earliestOn: nil, dueOn: due, today: today, calendar: calendar)
            }
            var changeDeadline: Deadline?
            if let change, change.state == .sent, let sent = change.sentOn, let due = change.dueOn {
                changeDeadline = Deadline(
                    sentOn: sent, earliestOn: change.earliestOn, dueOn: due, today: today, calendar: calendar)
            }
            return RequestStatus(
                inn: inn, organization: try fetchOrganization(inn: inn), credentialRequest: credential,
                credentialDeadline: credentialDeadline, directorChangeRequest: change,
                directorChangeDeadline: changeDeadline)
        }
    }

    // MARK: - Storage

    private func checked(_ fields: CredentialRequestFields) throws(CabinetError) -> CredentialRequestFields {
        CredentialRequestFields(
            organizationName: try FieldCheck.text(
                fields.organizationName, field: .organizationName, maximumLength: 500),
            inn: try FieldCheck.inn(fields.inn),
            region: try FieldCheck.optional(fields.region, FieldCheck.region),
            email: try FieldCheck.email(fields.email),
            directorName: try FieldCheck.personName(fields.directorName, field: .directorName),
            phone: try FieldCheck.optional(fields.phone, FieldCheck.phone))
    }

    private static let credentialSelect = """
        SELECT id, inn, name, region, email, director_name, phone, chat, status, created_at, sent_on, due_on
        FROM credential_request
        """

    // Whole statements, made once: a statement's text at one address is found in the cache without hashing it.
    private static let credentialByID = credentialSelect + " WHERE id = ?"
    private static let credentialByINN = credentialSelect + " WHERE inn = ? AND status = ? ORDER BY id DESC LIMIT 1"

    private static func credentialRequest(from row: Row) throws -> CredentialRequest {
        CredentialRequest(
            id: CredentialRequestID(rawValue: row.int(0)),
            fields: CredentialRequestFields(
                organizationName: row.text(2), inn: row.text(1), region: row.optionalText(3), email: row.text(4),
                directorName: row.text(5), phone: row.optionalText(6)),
            chat: row.optionalText(7), state: try row.value(8, as: RequestState.self), createdAt: row.instant(9),
            sentOn: row.optionalCivilDate(10), dueOn: row.optionalCivilDate(11))
    }

    func fetchCredentialRequest(_ id: CredentialRequestID) throws -> CredentialRequest {
        guard
            let request = try connection.queryFirst(
                Self.credentialByID, id, map: Self.credentialRequest(from:))
        else { throw CabinetError.requestNotFound }
        return request
    }

    /// The latest request of the INN in `state`.
    func fetchCredentialRequest(inn: String, state: RequestState) throws -> CredentialRequest? {
        try connection.queryFirst(
            Self.credentialByINN, inn, state.rawValue, map: Self.credentialRequest(from:))
    }

    private static let directorChangeSelect = """
        SELECT id, inn, organization_id, note, chat, status, created_at, sent_on, earliest_on, due_on
        FROM director_change_request
        """

    private static let directorChangeByID = directorChangeSelect + " WHERE id = ?"
    private static let directorChangeByINN =
        directorChangeSelect + " WHERE inn = ? AND status = ? ORDER BY id DESC LIMIT 1"

    private static func directorChangeRequest(from row: Row) throws -> DirectorChangeRequest {
        DirectorChangeRequest(
            id: DirectorChangeRequestID(rawValue: row.int(0)), inn: row.text(1),
            organizationID: row.optionalOrganizationID(2), note: row.optionalText(3), chat: row.optionalText(4),
            state: try row.value(5, as: RequestState.self), createdAt: row.instant(6),
            sentOn: row.optionalCivilDate(7), earliestOn: row.optionalCivilDate(8), dueOn: row.optionalCivilDate(9))
    }

    func fetchDirectorChangeRequest(_ id: DirectorChangeRequestID) throws -> DirectorChangeRequest {
        guard
            let request = try connection.queryFirst(
                Self.directorChangeByID, id, map: Self.directorChangeRequest(from:))
        else { throw CabinetError.requestNotFound }
        return request
    }

    /// The latest change request of the INN in `state`.
    func fetchDirectorChangeRequest(inn: String, state: RequestState) throws -> DirectorChangeRequest? {
        try connection.queryFirst(
            Self.directorChangeByINN,
            inn, state.rawValue, map: Self.directorChangeRequest(from:))
    }
}
