import BotCore
import Foundation
import Testing

@testable import Cabinet

/// Who acts in a permission case: every kind of person the Cabinet knows, and nobody.
enum PermissionActor: String, CaseIterable, CustomStringConvertible {
    case directorConfirmed = "director (confirmed)"
    case directorUnconfirmed = "director (identity unconfirmed)"
    case teacherConfirmed = "teacher (confirmed)"
    case teacherPending = "teacher (pending)"
    case student = "student (confirmed)"
    case agent
    case loggedOut = "logged out"

    var description: String { rawValue }

    /// Whether the actor belongs to an organization (agents and nobody do not).
    var hasOrganization: Bool { self != .agent && self != .loggedOut }
}

/// What a case must come to.
enum PermissionOutcome: Equatable, CustomStringConvertible {
    case allowed
    case refused(CabinetError)

    var description: String {
        switch self {
        case .allowed: "allowed"
        case .refused(let error): "refused \(error)"
        }
    }
}

/// Two schools with every kind of account, an agent, a third school whose director gave consent and waits,
/// decisions (reported and not), and tickets; every case runs in a transaction that is rolled back.
///
/// School A is the target of every action that has one; an actor of school A acts on its own organization, an
/// actor of school B on another.
final class PermissionWorld {
    let test: TestCabinet
    let own: TestCabinet.School
    let other: TestCabinet.School
    let agent: Account
    /// School D's director: identity unconfirmed, consent given (what an agent confirms).
    let waitingDirector: Account
    /// An open chat ticket and one the agent took.
    let openTicket: TicketID
    let takenTicket: TicketID

    var cabinet: Cabinet { test.cabinet }

    init(store: TestStore = .sqlite) throws {
        test = try TestCabinet(store: store)
        own = try test.makeSchool(inn: TestCabinet.innA, prefix: "a")
        other = try test.makeSchool(inn: TestCabinet.innB, prefix: "b")
        agent = try test.makeAgent()
        let cabinet = test.cabinet
        for school in [own, other] {
            // The confirmed teacher confirms a student: the "student" actor, and an unreported decision.
            try cabinet.decide(actor: school.teacher.id, subjects: [school.secondStudent.id], verdict: .confirm)
        }
        // School A has report 1, and a decision made after it (tA's last batch, still undoable).
        try cabinet.sendReport(actor: own.director.id)
        let late = try cabinet.addAccount(
            NewAccount(
                role: .student, login: "astudent4", organizationINN: TestCabinet.innA, fullName: "Гусев Олег Ильич",
                teacherLogin: "ateacher", className: "6Б"),
            password: "astudent4-pass")
        try cabinet.decide(actor: own.teacher.id, subjects: [late.id], verdict: .confirm)
        waitingDirector = try test.makeUnconfirmedDirector(agent: agent).director
        try cabinet.recordConsent(actor: waitingDirector.id, context: Self.consent)
        openTicket = try cabinet.openTicket(
            actor: nil, kind: .chat, context: TicketContext(chat: "tg:1"), text: "Не приходит логин"
        ).id
        takenTicket = try cabinet.openTicket(
            actor: own.director.id, kind: .chat, context: TicketContext(chat: "tg:2"), text: "Вопрос"
        ).id
        try cabinet.takeTicket(actor: agent.id, ticket: takenTicket)
    }

    static let consent = ConsentContext(
        chat: "tg:9", messageID: "m-1", textVersion: "2025-09", textHash: "sha256:00", purpose: "confirm the director")

    /// The actor's account in `school`, after making it what the case needs; nil for nobody.
    func actor(_ actor: PermissionActor, of school: TestCabinet.School) throws -> AccountID? {
        switch actor {
        case .directorConfirmed:
            return school.director.id
        case .directorUnconfirmed:
            try test.connection.run(
                "UPDATE director_identity SET state = 'unconfirmed', confirmed_at = NULL WHERE account_id = ?",
                school.director.id)
            return school.director.id
        case .teacherConfirmed: return school.teacher.id
        case .teacherPending: return school.pendingTeacher.id
        case .student: return school.secondStudent.id
        case .agent: return agent.id
        case .loggedOut: return nil
        }
    }

    // MARK: - What changed, what was shown

    /// The organizations whose accounts `ids` are.
    func organizations(ofAccounts ids: [AccountID]) throws -> Set<OrganizationID> {
        var result = Set<OrganizationID>()
        for id in ids {
            if let organization = try cabinet.account(id: id)?.organizationID { result.insert(organization) }
        }
        return result
    }

    /// Every row of every table, as text: equal before and after means nothing changed.
    func snapshot() throws -> String {
        let db = test.connection
        let tables: [String]
        switch db.dialect {
        case .sqlite:
            tables = try db.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ) { $0.text(0) }
        case .postgres:
            tables = try db.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
            ) { $0.text(0) }
        }
        var text = ""
        for table in tables {
            let columns: [String]
            switch db.dialect {
            case .sqlite:
                columns = try db.query("SELECT name FROM pragma_table_info(?)", table) { $0.text(0) }
            case .postgres:
                columns = try db.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    table
                ) { $0.text(0) }
            }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try db.query("SELECT \(list) FROM \"\(table)\" ORDER BY \(list)") { row in
                (0..<columns.count).map { row.optionalText($0) ?? "NULL" }.joined(separator: ",")
            }
            text += "\(table): \(rows.joined(separator: ";"))\n"
        }
        return text
    }

    /// The rows that belong to school A (its accounts, decisions, reports, identity, consent, tickets).
    func ownSchoolSnapshot() throws -> String {
        let db = test.connection
        let organization = own.organization.id
        let director = own.director.id
        func rows(_ sql: String, _ argument: any SQLBindable) throws -> String {
            try db.query(sql, argument) { row in
                (0..<row.count).map { row.optionalText($0) ?? "" }.joined(separator: ":")
            }.joined(separator: ",")
        }
        return [
            try rows("SELECT id, status, full_name FROM account WHERE organization_id = ? ORDER BY id", organization),
            try rows(
                "SELECT id, undone_at, report_id FROM decision WHERE organization_id = ? ORDER BY id", organization),
            try rows("SELECT number FROM report WHERE organization_id = ? ORDER BY number", organization),
            try rows("SELECT state FROM director_identity WHERE account_id = ?", director),
            try rows("SELECT count(*) FROM consent_event WHERE account_id = ?", director),
            try rows("SELECT id, status FROM ticket WHERE organization_id = ? ORDER BY id", organization),
        ].joined(separator: " | ")
    }
}

/// Rolls a case's transaction back.
struct RollBack: Error {}
