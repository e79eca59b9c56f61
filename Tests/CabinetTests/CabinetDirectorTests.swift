import BotCore
import Foundation
import Testing

@testable import Cabinet

/// The director's identity: consent log, data sent, confirmation by an agent, change of director.
struct CabinetDirectorTests {
    @Test func consentIsLoggedWithItsContextAndMovesTheState() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent()
        let director = try test.makeUnconfirmedDirector(agent: agent).director
        #expect(try test.cabinet.directorIdentity(actor: director.id).state == .unconfirmed)
        let identity = try test.cabinet.recordConsent(
            actor: director.id, context: consent(chat: "tg:7", message: "m-42"))
        #expect(identity.state == .consentGiven)
        #expect(identity.consentAt == TestCabinet.start)
        let log = try test.cabinet.consentLog(actor: director.id)
        #expect(log.count == 1)
        #expect(log[0].kind == .given)
        #expect(log[0].accountID == director.id)
        #expect(log[0].timeZone == "Europe/Moscow")
        #expect(log[0].localTime == "2026-04-28T10:00:00+03:00")
        #expect(log[0].context == consent(chat: "tg:7", message: "m-42"))
    }

    @Test func withdrawalIsItsOwnEventAndTheLogIsAppendOnly() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent()
        let director = try test.makeUnconfirmedDirector(agent: agent).director
        #expect(
            cabinetError { try test.cabinet.withdrawConsent(actor: director.id, context: consent(chat: "c")) }
                == .noConsentToWithdraw)
        try test.cabinet.recordConsent(actor: director.id, context: consent(chat: "c"))
        try test.cabinet.markDirectorDataSent(actor: director.id)
        test.clock.advance(by: 3_600)
        let identity = try test.cabinet.withdrawConsent(actor: director.id, context: consent(chat: "c", message: "m-2"))
        #expect(identity.state == .unconfirmed)
        #expect(identity.dataSentOn == nil && identity.consentAt == nil)
        #expect(try test.cabinet.consentLog(actor: director.id).map(\.kind) == [.given, .withdrawn])
        #expect(throws: DatabaseError.self) { try test.connection.run("UPDATE consent_event SET purpose = 'x'") }
        #expect(throws: DatabaseError.self) { try test.connection.run("DELETE FROM consent_event") }
        #expect(try test.count("consent_event") == 2)
    }

    @Test func withoutConsentNothingGoesOn() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent()
        let issued = try test.makeUnconfirmedDirector(agent: agent)
        #expect(cabinetError { try test.cabinet.markDirectorDataSent(actor: issued.director.id) } == .consentRequired)
        #expect(
            cabinetError { try test.cabinet.confirmDirector(actor: agent.id, organization: issued.organization.id) }
                == .consentRequired)
        #expect(
            cabinetError {
                try test.cabinet.recordConsent(
                    actor: issued.director.id,
                    context: ConsentContext(chat: "c", messageID: nil, textVersion: " ", textHash: "h", purpose: "p"))
            } == .invalidField(.consentVersion))
    }

    @Test func dataSentIsDueInOneToTwoBusinessDays() throws {
        // Thursday 30 April 2026; 1 May is a holiday and 2-3 May a weekend.
        let test = try TestCabinet(now: TestCabinet.start.addingTimeInterval(2 * 86_400))
        let agent = try test.makeAgent()
        let director = try test.makeUnconfirmedDirector(agent: agent).director
        try test.cabinet.recordConsent(actor: director.id, context: consent(chat: "c"))
        let identity = try test.cabinet.markDirectorDataSent(actor: director.id)
        #expect(identity.state == .dataSent)
        #expect(identity.dataSentOn == civilDay("2026-04-30"))
        #expect(identity.earliestOn == civilDay("2026-05-04"))
        #expect(identity.dueOn == civilDay("2026-05-05"))
        #expect(
            cabinetError { try test.cabinet.markDirectorDataSent(actor: director.id, on: civilDay("2026-05-01")) }
                == .sentDateInFuture(today: civilDay("2026-04-30")))
    }

    @Test func anAgentConfirmsTheDirectorWhoMayThenDecide() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent()
        let issued = try test.makeUnconfirmedDirector(agent: agent)
        let director = issued.director
        try test.cabinet.recordConsent(actor: director.id, context: consent(chat: "c"))
        try test.cabinet.markDirectorDataSent(actor: director.id)
        let school = try test.makeSchool(inn: TestCabinet.innA, prefix: "a")
        #expect(
            cabinetError {
                try test.cabinet.confirmDirector(actor: school.director.id, organization: issued.organization.id)
            }
                == .roleNotAllowed(.director))
        #expect(
            cabinetError { try test.cabinet.confirmDirector(actor: nil, organization: issued.organization.id) }
                == .notLoggedIn)
        let identity = try test.cabinet.confirmDirector(actor: agent.id, organization: issued.organization.id)
        #expect(identity.state == .confirmed)
        #expect(identity.confirmedBy == agent.id)
        #expect(try test.cabinet.pendingUsers(actor: director.id).total == 0)
        #expect(
            cabinetError { try test.cabinet.confirmDirector(actor: agent.id, organization: issued.organization.id) }
                == .directorAlreadyConfirmed)
        let audit = try test.cabinet.agentActions(actor: agent.id)
        #expect(audit.map(\.kind) == [.confirmDirector, .registerOrganization])
        #expect(audit[0].organizationID == issued.organization.id)
        #expect(audit[0].accountID == director.id)
        #expect(cabinetError { try test.cabinet.agentActions(actor: director.id) } == .roleNotAllowed(.director))
    }

    @Test func anAgentActsOnAnyOrganizationAndEveryActionIsAudited() throws {
        let test = try TestCabinet()
        let agent = try test.makeAgent()
        let first = try test.makeUnconfirmedDirector(agent: agent, inn: TestCabinet.innD)
        let second = try test.makeUnconfirmedDirector(agent: agent, inn: TestCabinet.innE)
        for issued in [first, second] {
            try test.cabinet.recordConsent(actor: issued.director.id, context: consent(chat: "c"))
            try test.cabinet.confirmDirector(actor: agent.id, organization: issued.organization.id)
        }
        let audit = try test.cabinet.agentActions(actor: agent.id)
        #expect(
            audit.map(\.kind) == [.confirmDirector, .confirmDirector, .registerOrganization, .registerOrganization])
        #expect(audit.map(\.organizationID) == [second, first, second, first].map(\.organization.id))
        #expect(audit.allSatisfy { $0.agentID == agent.id && $0.at == TestCabinet.start })
    }

    @Test func directorStepsAreForDirectorsOnly() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        #expect(
            cabinetError { try test.cabinet.directorIdentity(actor: school.teacher.id) } == .roleNotAllowed(.teacher))
        #expect(
            cabinetError { try test.cabinet.recordConsent(actor: school.student.id, context: consent(chat: "c")) }
                == .accountNotConfirmed(.pending))
        #expect(
            cabinetError { try test.cabinet.recordConsent(actor: school.director.id, context: consent(chat: "c")) }
                == .directorAlreadyConfirmed)
    }

    @Test func applyingAChangeOfDirectorRenamesConfirmsAndLogsOut() throws {
        let test = try TestCabinet()
        let school = try test.makeSchool()
        let agent = try test.makeAgent()
        try test.cabinet.authenticate(login: "adirector", password: "adirector-pass", chat: "tg:old")
        let request = try test.cabinet.createDirectorChangeRequest(
            inn: TestCabinet.innA, note: "приказ № 5", chat: "tg:old")
        try test.cabinet.markDirectorChangeRequestSent(request.id, on: civilDay("2026-04-28"), chat: "tg:old")
        let change = try test.cabinet.applyDirectorChange(
            actor: agent.id, organization: school.organization.id, directorName: "петров петр петрович",
            email: "petrov@school.example.ru")
        #expect(change.director.fullName == "Петров Петр Петрович")
        #expect(change.director.email == "petrov@school.example.ru")
        #expect(change.identity.state == .confirmed)
        #expect(change.loggedOutChats == ["tg:old"])
        #expect(try test.cabinet.boundAccount(chat: "tg:old") == nil)
        #expect(try test.cabinet.requestStatus(inn: TestCabinet.innA).directorChangeRequest?.state == .done)
        #expect(try test.cabinet.agentActions(actor: agent.id).first?.kind == .applyDirectorChange)
        #expect(
            cabinetError {
                try test.cabinet.applyDirectorChange(
                    actor: school.director.id, organization: school.organization.id, directorName: "Петров Петр")
            } == .roleNotAllowed(.director))
    }
}
