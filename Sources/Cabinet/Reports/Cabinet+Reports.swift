import BotCore
import Foundation

extension Cabinet {
    /// The decisions of the director's organization not yet reported (by anyone: the director and its teachers).
    public func unreportedDecisions(actor: AccountID?) throws(CabinetError) -> UnreportedDecisions {
        try read {
            let director = try confirmedActor(actor, roles: [.director])
            let organization = try ownOrganization(director)
            return UnreportedDecisions(
                organizationID: organization, nextNumber: try nextReportNumber(organization),
                decisions: try fetchUnreported(organization))
        }
    }

    /// Sends the unreported decisions as the organization's next report and marks them reported.
    ///
    /// A report holds exactly the decisions not yet reported; with none, `.nothingToReport`. Numbers run
    /// 1, 2, 3... per organization. Writing the CSV and the e-mail is the caller's.
    @discardableResult
    public func sendReport(actor: AccountID?) throws(CabinetError) -> Report {
        try write {
            let director = try confirmedActor(actor, roles: [.director])
            let organization = try ownOrganization(director)
            let decisions = try fetchUnreported(organization)
            guard !decisions.isEmpty else { throw CabinetError.nothingToReport }
            let number = try nextReportNumber(organization)
            let counts = DecisionCounts(decisions)
            let insertedID = try connection.insert(
                """
                INSERT INTO report (organization_id, number, sent_at, sent_by, confirmed_teachers, rejected_teachers,
                    confirmed_students, rejected_students)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                organization, number, nowMillis, director.id, counts.confirmedTeachers, counts.rejectedTeachers,
                counts.confirmedStudents, counts.rejectedStudents)
            let report = ReportID(rawValue: insertedID)
            for decision in decisions {
                try connection.run(
                    "UPDATE decision SET report_id = ? WHERE id = ? AND report_id IS NULL", report, decision.id)
            }
            return try fetchReport(organization: organization, number: number)
        }
    }

    /// The organization's reports, by number, without their decisions.
    public func reports(actor: AccountID?) throws(CabinetError) -> [Report] {
        try read {
            let director = try confirmedActor(actor, roles: [.director])
            let organization = try ownOrganization(director)
            return try connection.query("\(Self.reportSelect) WHERE organization_id = ? ORDER BY number", organization)
            {
                try Self.report(from: $0, decisions: [])
            }
        }
    }

    /// One report of the organization, with its decisions.
    public func report(actor: AccountID?, number: Int) throws(CabinetError) -> Report {
        try read {
            let director = try confirmedActor(actor, roles: [.director])
            return try fetchReport(organization: try ownOrganization(director), number: number)
        }
    }

    // MARK: - Storage

    private static let reportSelect = """
        SELECT id, organization_id, number, sent_at, sent_by, confirmed_teachers, rejected_teachers,
            confirmed_students, rejected_students
        FROM report
        """

    private static func report(from row: Row, decisions: [Decision]) throws -> Report {
        Report(
            id: ReportID(rawValue: row.int(0)), organizationID: OrganizationID(rawValue: row.int(1)),
            number: row.int(2), sentAt: row.instant(3), sentBy: AccountID(rawValue: row.int(4)),
            counts: DecisionCounts(
                confirmedTeachers: row.int(5), rejectedTeachers: row.int(6), confirmedStudents: row.int(7),
                rejectedStudents: row.int(8)),
            decisions: decisions)
    }

    private func fetchReport(organization: OrganizationID, number: Int) throws -> Report {
        guard
            let report = try connection.queryFirst(
                "\(Self.reportSelect) WHERE organization_id = ? AND number = ?", organization, number,
                map: { try Self.report(from: $0, decisions: []) })
        else { throw CabinetError.reportNotFound }
        let decisions = try connection.query("\(Self.decisionSelect) WHERE d.report_id = ? ORDER BY d.id", report.id) {
            try Self.decision(from: $0)
        }
        return Report(
            id: report.id, organizationID: report.organizationID, number: report.number, sentAt: report.sentAt,
            sentBy: report.sentBy, counts: report.counts, decisions: decisions)
    }

    private func fetchUnreported(_ organization: OrganizationID) throws -> [Decision] {
        try connection.query(
            "\(Self.decisionSelect) WHERE d.organization_id = ? AND d.report_id IS NULL AND d.undone_at IS NULL "
                + "ORDER BY d.id",
            organization
        ) { try Self.decision(from: $0) }
    }

    private func nextReportNumber(_ organization: OrganizationID) throws -> Int {
        (try connection.scalarInt("SELECT max(number) FROM report WHERE organization_id = ?", organization) ?? 0) + 1
    }

    func ownOrganization(_ account: Account) throws -> OrganizationID {
        guard let organization = account.organizationID else { throw CabinetError.otherOrganization }
        return organization
    }
}
