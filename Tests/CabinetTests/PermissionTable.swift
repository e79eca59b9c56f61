import BotCore
import Foundation

@testable import Cabinet

/// One Cabinet action and what every actor must get from it, in its own organization and in another.
struct PermissionRow: CustomStringConvertible {
    /// What the action returned or changed belongs to these organizations.
    typealias Run = (PermissionWorld, AccountID?) throws -> Set<OrganizationID>

    let action: String
    let expected: [PermissionActor: (own: PermissionOutcome, other: PermissionOutcome)]
    let run: Run

    var description: String { action }
}

private let ok = PermissionOutcome.allowed
private func no(_ error: CabinetError) -> PermissionOutcome { .refused(error) }
private func both(_ outcome: PermissionOutcome) -> (own: PermissionOutcome, other: PermissionOutcome) {
    (outcome, outcome)
}

/// The refusals every action restricted to `roles` gives the actors outside them (checked in the Cabinet's
/// order: logged in, account confirmed, role, director identity).
private func refusals(
    allowing roles: Set<PermissionActor>
) -> [PermissionActor: (own: PermissionOutcome, other: PermissionOutcome)] {
    var table: [PermissionActor: (own: PermissionOutcome, other: PermissionOutcome)] = [
        .loggedOut: both(no(.notLoggedIn)),
        .teacherPending: both(no(.accountNotConfirmed(.pending))),
        .student: both(no(.roleNotAllowed(.student))),
        .agent: both(no(.roleNotAllowed(.agent))),
        .teacherConfirmed: both(no(.roleNotAllowed(.teacher))),
        .directorConfirmed: both(no(.roleNotAllowed(.director))),
        .directorUnconfirmed: both(no(.roleNotAllowed(.director))),
    ]
    if roles.contains(.directorConfirmed) {
        table[.directorUnconfirmed] = both(no(.directorNotConfirmed(.unconfirmed)))
    }
    for role in roles { table[role] = nil }
    return table
}

private func row(
    _ action: String, allowing roles: Set<PermissionActor>,
    _ specific: [PermissionActor: (own: PermissionOutcome, other: PermissionOutcome)], run: @escaping PermissionRow.Run
) -> PermissionRow {
    PermissionRow(action: action, expected: refusals(allowing: roles).merging(specific) { $1 }, run: run)
}

private let deciders: Set<PermissionActor> = [.directorConfirmed, .teacherConfirmed]
private let directors: Set<PermissionActor> = [.directorConfirmed]
private let anyDirector: Set<PermissionActor> = [.directorConfirmed, .directorUnconfirmed]
private let agents: Set<PermissionActor> = [.agent]

/// Every Cabinet action that takes an actor, by every actor, in its own organization and in another.
func permissionTable(_ world: PermissionWorld) -> [PermissionRow] {
    [
        // MARK: Approvals
        row("pendingUsers", allowing: deciders, [.directorConfirmed: both(ok), .teacherConfirmed: both(ok)]) { w, a in
            let page = try w.cabinet.pendingUsers(actor: a, query: PendingQuery(limit: 100))
            return try w.organizations(ofAccounts: page.users.map(\.id))
        },
        row("pendingCounts", allowing: deciders, [.directorConfirmed: both(ok), .teacherConfirmed: both(ok)]) { w, a in
            _ = try w.cabinet.pendingCounts(actor: a)
            return []
        },
        row(
            "rejection (one's own)", allowing: Set(PermissionActor.allCases).subtracting([.loggedOut]),
            Dictionary(
                uniqueKeysWithValues: PermissionActor.allCases.filter { $0 != .loggedOut }.map { ($0, both(ok)) })
        ) { w, a in
            _ = try w.cabinet.rejection(actor: a)
            return []
        },
        row(
            "decide: confirm a pending teacher", allowing: deciders,
            [
                .directorConfirmed: (ok, no(.otherOrganization)),
                .teacherConfirmed: (no(.cannotDecide(actor: .teacher, subject: .teacher)), no(.otherOrganization)),
            ]
        ) { w, a in
            try w.organizations(
                ofAccounts: w.cabinet.decide(actor: a, subjects: [w.own.pendingTeacher.id], verdict: .confirm).decisions
                    .map(\.subjectID))
        },
        row(
            "decide: reject the confirmed teacher's pending student", allowing: deciders,
            [
                .directorConfirmed: (no(.teachersWaiting(count: 1)), no(.otherOrganization)),
                .teacherConfirmed: (ok, no(.otherOrganization)),
            ]
        ) { w, a in
            try w.organizations(
                ofAccounts: w.cabinet.decide(actor: a, subjects: [w.own.student.id], verdict: .reject, reason: "нет")
                    .decisions.map(\.subjectID))
        },
        row(
            "decide: confirm another teacher's student", allowing: deciders,
            [
                .directorConfirmed: (no(.teachersWaiting(count: 1)), no(.otherOrganization)),
                .teacherConfirmed: (no(.notOwnStudent(world.own.otherStudent.id)), no(.otherOrganization)),
            ]
        ) { w, a in
            try w.organizations(
                ofAccounts: w.cabinet.decide(actor: a, subjects: [w.own.otherStudent.id], verdict: .confirm).decisions
                    .map(\.subjectID))
        },
        row(
            "decide: confirm the director", allowing: deciders,
            [
                .directorConfirmed: both(no(.cannotDecide(actor: .director, subject: .director))),
                .teacherConfirmed: both(no(.cannotDecide(actor: .teacher, subject: .director))),
            ]
        ) { w, a in
            _ = try w.cabinet.decide(actor: a, subjects: [w.own.director.id], verdict: .confirm)
            return []
        },
        row(
            "undoLastDecisions", allowing: deciders,
            [.directorConfirmed: both(no(.nothingToUndo)), .teacherConfirmed: both(ok)]
        ) { w, a in
            try w.organizations(ofAccounts: w.cabinet.undoLastDecisions(actor: a).decisions.map(\.subjectID))
        },
        // MARK: Reports
        row("unreportedDecisions", allowing: directors, [.directorConfirmed: both(ok)]) { w, a in
            [try w.cabinet.unreportedDecisions(actor: a).organizationID]
        },
        row("sendReport", allowing: directors, [.directorConfirmed: both(ok)]) { w, a in
            [try w.cabinet.sendReport(actor: a).organizationID]
        },
        row("reports", allowing: directors, [.directorConfirmed: both(ok)]) { w, a in
            Set(try w.cabinet.reports(actor: a).map(\.organizationID))
        },
        row("report 1", allowing: directors, [.directorConfirmed: (ok, no(.reportNotFound))]) { w, a in
            [try w.cabinet.report(actor: a, number: 1).organizationID]
        },
        // MARK: The director's identity
        row(
            "directorIdentity (own)", allowing: anyDirector,
            [.directorConfirmed: both(ok), .directorUnconfirmed: both(ok)]
        ) { w, a in
            try w.organizations(ofAccounts: [w.cabinet.directorIdentity(actor: a).accountID])
        },
        row(
            "recordConsent", allowing: anyDirector,
            [.directorConfirmed: both(no(.directorAlreadyConfirmed)), .directorUnconfirmed: both(ok)]
        ) { w, a in
            try w.organizations(
                ofAccounts: [w.cabinet.recordConsent(actor: a, context: PermissionWorld.consent).accountID])
        },
        row(
            "withdrawConsent", allowing: anyDirector,
            [.directorConfirmed: both(ok), .directorUnconfirmed: both(no(.noConsentToWithdraw))]
        ) { w, a in
            try w.organizations(
                ofAccounts: [w.cabinet.withdrawConsent(actor: a, context: PermissionWorld.consent).accountID])
        },
        row(
            "consentLog", allowing: anyDirector, [.directorConfirmed: both(ok), .directorUnconfirmed: both(ok)]
        ) { w, a in
            try w.organizations(ofAccounts: w.cabinet.consentLog(actor: a).map(\.accountID))
        },
        row(
            "markDirectorDataSent", allowing: anyDirector,
            [.directorConfirmed: both(no(.directorAlreadyConfirmed)), .directorUnconfirmed: both(no(.consentRequired))]
        ) { w, a in
            try w.organizations(ofAccounts: [w.cabinet.markDirectorDataSent(actor: a).accountID])
        },
        // MARK: Agents
        row("confirmDirector (school D)", allowing: agents, [.agent: both(ok)]) { w, a in
            try w.organizations(
                ofAccounts: [
                    w.cabinet.confirmDirector(actor: a, organization: w.waitingDirector.organizationID!).accountID
                ])
        },
        row("directorIdentity of school A", allowing: agents, [.agent: both(ok)]) { w, a in
            try w.organizations(
                ofAccounts: [w.cabinet.directorIdentity(actor: a, organization: w.own.organization.id).accountID])
        },
        row("ticketQueue", allowing: agents, [.agent: both(ok)]) { w, a in
            Set(try w.cabinet.ticketQueue(actor: a).tickets.compactMap(\.organizationID))
        },
        row("ticket", allowing: agents, [.agent: both(ok)]) { w, a in
            Set([try w.cabinet.ticket(actor: a, id: w.takenTicket).0.organizationID].compactMap { $0 })
        },
        row("takeTicket", allowing: agents, [.agent: both(ok)]) { w, a in
            _ = try w.cabinet.takeTicket(actor: a, ticket: w.openTicket)
            return []
        },
        row("answerTicket", allowing: agents, [.agent: both(ok)]) { w, a in
            _ = try w.cabinet.answerTicket(actor: a, ticket: w.takenTicket, text: "Ответ")
            return []
        },
        row("closeTicket", allowing: agents, [.agent: both(ok)]) { w, a in
            _ = try w.cabinet.closeTicket(actor: a, ticket: w.openTicket, resolution: "Решено")
            return []
        },
        row("registerOrganization", allowing: agents, [.agent: both(ok)]) { w, a in
            let registration = OrganizationRegistration(
                inn: TestCabinet.innE, name: "Школа Е", email: "e@school.example.ru",
                directorName: "Егоров Егор Егорович")
            return [try w.cabinet.registerOrganization(actor: a, registration).organization.id]
        },
        row("applyDirectorChange (school A)", allowing: agents, [.agent: both(ok)]) { w, a in
            let change = try w.cabinet.applyDirectorChange(
                actor: a, organization: w.own.organization.id, directorName: "Новиков Никита Никитич")
            return try w.organizations(ofAccounts: [change.director.id])
        },
        row("agentActions", allowing: agents, [.agent: both(ok)]) { w, a in
            _ = try w.cabinet.agentActions(actor: a)
            return []
        },
        // MARK: Anyone
        row(
            "openTicket", allowing: [],
            Dictionary(uniqueKeysWithValues: PermissionActor.allCases.map { ($0, both(ok)) })
        ) { w, a in
            let ticket = try w.cabinet.openTicket(
                actor: a, kind: .chat, context: TicketContext(inn: TestCabinet.innA, chat: "tg:77"), text: "Помогите")
            return Set([ticket.organizationID].compactMap { $0 })
        },
    ]
}
