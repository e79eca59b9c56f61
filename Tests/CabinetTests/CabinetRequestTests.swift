import BotCore
import Foundation
import Testing

@testable import Cabinet

/// Credential and change-of-director requests, their due dates, and the status by INN.
struct CabinetRequestTests {
    static let fields = CredentialRequestFields(
        organizationName: "МБОУ СОШ № 1 г. Казани", inn: "77 07-083 893", region: "Татарстан",
        email: "School1@Example.RU", directorName: "иванов иван иванович", phone: "8 (843) 123-45-67")

    /// Thursday 30 April 2026, 12:00 in Moscow.
    static let thursday = TestCabinet.start.addingTimeInterval(2 * 86_400 + 2 * 3_600)

    @Test func aRequestIsStoredNormalizedAsADraft() throws {
        let test = try TestCabinet()
        let request = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:1")
        #expect(request.state == .draft)
        #expect(request.fields.inn == "7707083893")
        #expect(request.fields.region == "16")
        #expect(request.fields.email == "School1@example.ru")
        #expect(request.fields.directorName == "Иванов Иван Иванович")
        #expect(request.fields.phone == "+78431234567")
        #expect(try test.cabinet.credentialRequestInProgress(inn: "7707083893")?.id == request.id)
        #expect(try test.cabinet.credentialRequestInProgress(inn: TestCabinet.innB) == nil)
        #expect(try test.cabinet.fetchCredentialRequest(request.id) == request, "what it returns is what was stored")
        let anonymous = try test.cabinet.createCredentialRequest(
            CredentialRequestFields(
                organizationName: "Гимназия № 2", inn: TestCabinet.innB, region: nil, email: "g2@example.ru",
                directorName: "Петров Пётр", phone: nil), chat: nil)
        #expect(try test.cabinet.fetchCredentialRequest(anonymous.id) == anonymous)
    }

    @Test func badFieldsAreRefusedWithTheirReason() throws {
        let test = try TestCabinet()
        var fields = Self.fields
        fields.inn = "500100732259"
        #expect(cabinetError { try test.cabinet.createCredentialRequest(fields, chat: nil) } == .invalidINN(.personINN))
        fields = Self.fields
        fields.email = "school1.example.ru"
        #expect(
            cabinetError { try test.cabinet.createCredentialRequest(fields, chat: nil) } == .invalidEmail(.missingAt))
        fields = Self.fields
        fields.phone = "  "
        #expect(try test.cabinet.createCredentialRequest(fields, chat: nil).fields.phone == nil)
        #expect(try test.count("credential_request") == 1)
    }

    @Test func credentialsAreDueThreeBusinessDaysAfterSending() throws {
        let test = try TestCabinet(now: Self.thursday)
        let request = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:1")
        let sent = try test.cabinet.markCredentialRequestSent(request.id, on: civilDay("2026-04-30"), chat: "tg:1")
        #expect(sent.state == .sent)
        #expect(sent.sentOn == civilDay("2026-04-30"))
        #expect(sent.dueOn == civilDay("2026-05-06"))
        let status = try test.cabinet.requestStatus(inn: "7707083893")
        #expect(status.credentialRequest?.id == request.id)
        #expect(status.credentialDeadline?.businessDaysLeft == 3)
        #expect(status.credentialDeadline?.isOverdue == false)
        #expect(status.directorChangeRequest == nil)
        #expect(status.organization == nil)
    }

    @Test func theStatusCountsDaysLeftAndOverdue() throws {
        let test = try TestCabinet(now: Self.thursday)
        let request = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:1")
        try test.cabinet.markCredentialRequestSent(request.id, on: civilDay("2026-04-30"), chat: "tg:1")
        test.clock.advance(by: 6 * 86_400)  // Wednesday 6 May: the due day
        var deadline = try #require(try test.cabinet.requestStatus(inn: TestCabinet.innA).credentialDeadline)
        #expect(deadline.businessDaysLeft == 0 && !deadline.isOverdue)
        test.clock.advance(by: 2 * 86_400)  // Friday 8 May
        deadline = try #require(try test.cabinet.requestStatus(inn: TestCabinet.innA).credentialDeadline)
        #expect(deadline.today == civilDay("2026-05-08"))
        #expect(deadline.businessDaysLeft == -2 && deadline.isOverdue)
    }

    @Test func aSecondRequestWhileOneWasSentIsRefused() throws {
        let test = try TestCabinet(now: Self.thursday)
        let first = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:1")
        let draft = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:2")
        try test.cabinet.markCredentialRequestSent(first.id, on: civilDay("2026-04-29"), chat: "tg:1")
        #expect(
            cabinetError { try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:3") }
                == .credentialRequestInProgress(first.id))
        #expect(
            cabinetError {
                try test.cabinet.markCredentialRequestSent(draft.id, on: civilDay("2026-04-30"), chat: "tg:2")
            }
                == .credentialRequestInProgress(first.id))
        #expect(try test.cabinet.credentialRequestInProgress(inn: TestCabinet.innA)?.id == first.id)
    }

    @Test func onlyTheChatThatPreparedARequestMarksItSent() throws {
        let test = try TestCabinet(now: Self.thursday)
        let request = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:1")
        #expect(
            cabinetError {
                try test.cabinet.markCredentialRequestSent(request.id, on: civilDay("2026-04-30"), chat: "tg:2")
            }
                == .requestNotFound)
        #expect(
            cabinetError {
                try test.cabinet.markCredentialRequestSent(request.id, on: civilDay("2026-05-01"), chat: "tg:1")
            }
                == .sentDateInFuture(today: civilDay("2026-04-30")))
        #expect(
            cabinetError {
                try test.cabinet.markCredentialRequestSent(
                    CredentialRequestID(rawValue: 77), on: civilDay("2026-04-30"), chat: "tg:1")
            } == .requestNotFound)
    }

    @Test func aDirectorChangeIsDueInOneToTwoBusinessDays() throws {
        let test = try TestCabinet(now: Self.thursday)
        let request = try test.cabinet.createDirectorChangeRequest(inn: TestCabinet.innA, note: nil, chat: "tg:1")
        #expect(request.state == .draft && request.organizationID == nil)
        let sent = try test.cabinet.markDirectorChangeRequestSent(request.id, on: civilDay("2026-04-30"), chat: "tg:1")
        #expect(sent.earliestOn == civilDay("2026-05-04"))
        #expect(sent.dueOn == civilDay("2026-05-05"))
        let status = try test.cabinet.requestStatus(inn: TestCabinet.innA)
        #expect(status.directorChangeRequest?.id == request.id)
        #expect(status.directorChangeDeadline?.businessDaysLeft == 2)
        #expect(status.directorChangeDeadline?.earliestOn == civilDay("2026-05-04"))
        #expect(try test.cabinet.directorChangeRequestInProgress(inn: TestCabinet.innA)?.id == request.id)
    }

    @Test func registeringTheOrganizationFulfilsItsRequestAndIssuesCredentialsOnce() throws {
        let test = try TestCabinet(now: Self.thursday)
        let agent = try test.makeAgent()
        let request = try test.cabinet.createCredentialRequest(Self.fields, chat: "tg:1")
        try test.cabinet.markCredentialRequestSent(request.id, on: civilDay("2026-04-30"), chat: "tg:1")
        let issued = try test.cabinet.registerOrganization(
            actor: agent.id,
            OrganizationRegistration(
                inn: request.fields.inn, name: request.fields.organizationName, email: request.fields.email,
                region: request.fields.region, directorName: request.fields.directorName))
        #expect(issued.organization.inn == TestCabinet.innA)
        #expect(issued.director.role == .director && issued.director.status == .confirmed)
        #expect(issued.password.count == Credentials.generatedPasswordLength)
        let stored = try test.connection.scalarText(
            "SELECT password_hash FROM account WHERE id = ?", issued.director.id)
        #expect(stored?.hasPrefix("$y$") == true)
        #expect(stored?.contains(issued.password) == false)
        let loggedIn = try test.cabinet.authenticate(login: issued.login, password: issued.password, chat: "tg:1")
        #expect(loggedIn.id == issued.director.id)
        #expect(try test.cabinet.directorIdentity(actor: loggedIn.id).state == .unconfirmed)
        let status = try test.cabinet.requestStatus(inn: TestCabinet.innA)
        #expect(status.credentialRequest?.state == .done)
        #expect(status.credentialDeadline == nil)
        #expect(status.organization?.id == issued.organization.id)
        #expect(
            cabinetError {
                try test.cabinet.registerOrganization(
                    actor: agent.id,
                    OrganizationRegistration(
                        inn: TestCabinet.innA, name: "x", email: "x@example.ru", directorName: "Петров Петр"))
            } == .directorExists(issued.director.id))
        #expect(
            cabinetError {
                try test.cabinet.registerOrganization(
                    actor: issued.director.id,
                    OrganizationRegistration(
                        inn: TestCabinet.innB, name: "x", email: "x@example.ru", directorName: "Петров Петр"))
            } == .roleNotAllowed(.director))
        #expect(try test.count("organization") == 1)
    }
}
