import BotCore
import Foundation

extension Cabinet {
    /// The longest reason a decision keeps.
    public static let maximumReasonLength = 500
    /// The largest page of pending users.
    public static let maximumPageSize = 100

    // MARK: - Who waits

    /// The pending users the actor may decide on, one page, with the total that match.
    ///
    /// A confirmed director sees the organization's pending teachers and students (teachers first); a confirmed
    /// teacher sees his or her own pending students. Others are refused.
    public func pendingUsers(
        actor: AccountID?, query: PendingQuery = PendingQuery()
    ) throws(CabinetError) -> PendingPage {
        let limit = min(max(query.limit, 1), Self.maximumPageSize)
        let offset = max(query.offset, 0)
        return try read {
            let decider = try confirmedActor(actor, roles: [.director, .teacher])
            // One fixed statement per scope; ?2 (role) and ?3 (search pattern) are NULL when not asked for.
            let scope =
                decider.role == .director
                ? "a.organization_id = ?1 AND a.role IN ('teacher', 'student')"
                : "a.teacher_id = ?1 AND a.role = 'student'"
            let filter = """
                a.status = 'pending' AND \(scope) AND (?2 IS NULL OR a.role = ?2)
                AND (?3 IS NULL OR a.name_key LIKE ?3 ESCAPE '\\')
                """
            let scopeID: Int = decider.role == .director ? (decider.organizationID?.rawValue ?? 0) : decider.id.rawValue
            let search = query.search.flatMap { SearchKey.make($0).isEmpty ? nil : SearchKey.containsPattern($0) }
            let role = query.role?.rawValue
            let total =
                try connection.scalarInt("SELECT count(*) FROM account a WHERE \(filter)", scopeID, role, search) ?? 0
            let users = try connection.query(
                """
                SELECT a.id, a.role, a.full_name, a.email, a.class_name, a.teacher_id, t.full_name, a.created_at
                FROM account a LEFT JOIN account t ON t.id = a.teacher_id
                WHERE \(filter)
                ORDER BY CASE a.role WHEN 'teacher' THEN 0 ELSE 1 END, a.name_key, a.id
                LIMIT ?4 OFFSET ?5
                """,
                scopeID, role, search, limit, offset
            ) { row in
                PendingUser(
                    id: AccountID(rawValue: row.int(0)), role: try row.value(1, as: Role.self),
                    fullName: row.text(2), email: row.optionalText(3), className: row.optionalText(4),
                    teacherID: row.optionalAccountID(5), teacherName: row.optionalText(6), createdAt: row.instant(7))
            }
            return PendingPage(users: users, total: total, offset: offset, limit: limit)
        }
    }

    /// How many teachers and students wait for the actor (a confirmed director or teacher).
    public func pendingCounts(actor: AccountID?) throws(CabinetError) -> PendingCounts {
        try read {
            let decider = try confirmedActor(actor, roles: [.director, .teacher])
            if decider.role == .teacher {
                let students = try connection.scalarInt(
                    "SELECT count(*) FROM account WHERE teacher_id = ? AND status = 'pending' AND role = 'student'",
                    decider.id)
                return PendingCounts(teachers: 0, students: students ?? 0)
            }
            let counts = try connection.query(
                """
                SELECT role, count(*) FROM account
                WHERE organization_id = ? AND status = 'pending' AND role IN ('teacher', 'student') GROUP BY role
                """,
                decider.organizationID
            ) { row in (row.text(0), row.int(1)) }
            let byRole = Dictionary(counts, uniquingKeysWith: +)
            return PendingCounts(teachers: byRole["teacher"] ?? 0, students: byRole["student"] ?? 0)
        }
    }

    // MARK: - Deciding

    /// Confirms or rejects pending accounts, all or none, as one batch the actor can undo until reported.
    ///
    /// A confirmed director (account and identity) decides on the organization's teachers and students, but on
    /// students only when no teacher of the organization waits besides those in this batch (teachers first:
    /// `.teachersWaiting(count:)`). A confirmed teacher decides on his or her own students only. The subjects'
    /// checks run in the order given and the first refusal is thrown.
    @discardableResult
    public func decide(
        actor: AccountID?, subjects: [AccountID], verdict: Verdict, reason: String? = nil
    )
        throws(CabinetError) -> DecisionBatch
    {
        let reason = try FieldCheck.optionalText(reason, field: .reason, maximumLength: Self.maximumReasonLength)
        return try write {
            let decider = try confirmedActor(actor, roles: [.director, .teacher])
            var seen = Set<AccountID>()
            let unique = subjects.filter { seen.insert($0).inserted }
            guard !unique.isEmpty, let organization = decider.organizationID else {
                throw CabinetError.noSubjects
            }
            var accounts: [Account] = []
            for id in unique {
                guard let subject = try fetchAccount(id) else { throw CabinetError.accountNotFound }
                try checkDecision(by: decider, on: subject)
                accounts.append(subject)
            }
            if decider.role == .director, accounts.contains(where: { $0.role == .student }) {
                let waiting = try connection.query(
                    "SELECT id FROM account WHERE organization_id = ? AND status = 'pending' AND role = 'teacher'",
                    organization
                ) { AccountID(rawValue: $0.int(0)) }
                let others = waiting.filter { !seen.contains($0) }.count
                guard others == 0 else { throw CabinetError.teachersWaiting(count: others) }
            }
            let now = nowMillis
            let insertedID = try connection.insert(
                "INSERT INTO decision_batch (actor_id, organization_id, verdict, decided_at) VALUES (?, ?, ?, ?)",
                decider.id, organization, verdict.rawValue, now)
            let batch = DecisionBatchID(rawValue: insertedID)
            for subject in accounts {
                try connection.run(
                    "UPDATE account SET status = ? WHERE id = ? AND status = 'pending'",
                    verdict.status.rawValue, subject.id)
                try connection.run(
                    """
                    INSERT INTO decision (batch_id, actor_id, subject_id, organization_id, subject_role, verdict,
                        reason, decided_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    batch, decider.id, subject.id, organization, subject.role.rawValue, verdict.rawValue, reason, now)
            }
            return DecisionBatch(id: batch, verdict: verdict, decisions: try fetchDecisions(batch: batch))
        }
    }

    /// Undoes the actor's last batch of decisions that is not undone yet: its subjects wait again.
    ///
    /// Refused with `.alreadyReported` once that batch was reported, and `.nothingToUndo` when there is none.
    /// Called again, it undoes the batch before, and so on.
    @discardableResult
    public func undoLastDecisions(actor: AccountID?) throws(CabinetError) -> DecisionBatch {
        try write {
            let decider = try confirmedActor(actor, roles: [.director, .teacher])
            let last = try connection.queryFirst(
                """
                SELECT id, verdict FROM decision_batch WHERE actor_id = ? AND undone_at IS NULL
                ORDER BY id DESC LIMIT 1
                """,
                decider.id
            ) { row in (DecisionBatchID(rawValue: row.int(0)), try row.value(1, as: Verdict.self)) }
            guard let (batch, verdict) = last else { throw CabinetError.nothingToUndo }
            if let number = try connection.scalarInt(
                """
                SELECT report.number FROM decision JOIN report ON report.id = decision.report_id
                WHERE decision.batch_id = ? LIMIT 1
                """,
                batch)
            {
                throw CabinetError.alreadyReported(reportNumber: number)
            }
            let decisions = try fetchDecisions(batch: batch)
            let now = nowMillis
            for decision in decisions {
                try connection.run(
                    "UPDATE account SET status = 'pending' WHERE id = ? AND status = ?",
                    decision.subjectID, verdict.status.rawValue)
            }
            try connection.run("UPDATE decision SET undone_at = ? WHERE batch_id = ?", now, batch)
            try connection.run("UPDATE decision_batch SET undone_at = ? WHERE id = ?", now, batch)
            return DecisionBatch(id: batch, verdict: verdict, decisions: decisions)
        }
    }

    /// Whether `decider` may decide on `subject`; throws the refusal when not.
    private func checkDecision(by decider: Account, on subject: Account) throws {
        guard subject.role == .teacher || subject.role == .student else {
            throw CabinetError.cannotDecide(actor: decider.role, subject: subject.role)
        }
        guard subject.organizationID == decider.organizationID else { throw CabinetError.otherOrganization }
        if decider.role == .teacher {
            guard subject.role == .student else {
                throw CabinetError.cannotDecide(actor: decider.role, subject: subject.role)
            }
            guard subject.teacherID == decider.id else { throw CabinetError.notOwnStudent(subject.id) }
        }
        guard subject.status == .pending else { throw CabinetError.notPending(subject.id, subject.status) }
    }

    // MARK: - Storage

    static let decisionSelect = """
        SELECT d.id, d.batch_id, d.actor_id, actor.full_name, d.subject_id, subject.full_name, d.subject_role,
            d.verdict, d.reason, d.decided_at, report.number
        FROM decision d
        JOIN account actor ON actor.id = d.actor_id
        JOIN account subject ON subject.id = d.subject_id
        LEFT JOIN report ON report.id = d.report_id
        """

    static func decision(from row: Row) throws(CabinetError) -> Decision {
        Decision(
            id: DecisionID(rawValue: row.int(0)), batchID: DecisionBatchID(rawValue: row.int(1)),
            actorID: AccountID(rawValue: row.int(2)), actorName: row.text(3),
            subjectID: AccountID(rawValue: row.int(4)), subjectName: row.text(5),
            subjectRole: try row.value(6, as: Role.self), verdict: try row.value(7, as: Verdict.self),
            reason: row.optionalText(8), decidedAt: row.instant(9), reportNumber: row.optionalInt(10))
    }

    func fetchDecisions(batch: DecisionBatchID) throws -> [Decision] {
        try connection.query("\(Self.decisionSelect) WHERE d.batch_id = ? ORDER BY d.id", batch) { row in
            try Self.decision(from: row)
        }
    }

    // MARK: - One's own

    /// Why the actor's own account was rejected: the standing rejection (not undone), with its optional reason;
    /// nil while the account is not rejected.
    ///
    /// Any logged-in account may read its own.
    public func rejection(actor: AccountID?) throws(CabinetError) -> Rejection? {
        try read {
            let account = try loadActor(actor)
            guard account.status == .rejected else { return nil }
            return try connection.queryFirst(
                """
                SELECT reason, decided_at FROM decision
                WHERE subject_id = ? AND verdict = 'reject' AND undone_at IS NULL ORDER BY id DESC LIMIT 1
                """, account.id
            ) { row in Rejection(reason: row.optionalText(0), decidedAt: Self.date(millis: row.int(1))) }
        }
    }
}
