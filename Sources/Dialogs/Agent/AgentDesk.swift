import BotCore
import Cabinet
import Foundation

/// What a support agent does, whichever console it is done from (the chat's `AgentDialog` or the browser's):
/// the Cabinet call that decides, and what follows it (the requester's push, the e-mail through the outbox).
///
/// Each operation returns the notice for the agent, or throws `AgentDesk.Refusal` with the reason in the agent's
/// language; the Cabinet checks the agent's role on every call.
struct AgentDesk {
    typealias Context = DialogContext<SchoolEnvironment>

    /// A refused operation: the reason for people, and the form field at fault when there is one.
    struct Refusal: Error {
        var message: String
        var field: String?
    }

    let agent: Account
    let context: Context

    private var environment: SchoolEnvironment { context.environment }

    /// Takes an open ticket; a chat ticket's person is told an agent joined.
    func take(_ id: Int) throws(Refusal) -> String {
        let ticket: Ticket
        do {
            ticket = try environment.cabinet.takeTicket(actor: agent.id, ticket: TicketID(rawValue: id))
        } catch {
            throw Refusal(message: ErrorText.message(error, context))
        }
        if ticket.kind == .chat, let chat = ticket.context.chat {
            let language = environment.language(of: chat)
            context.push(to: chat, [OutMessage(context.t(.supportAgentJoined, in: language, ["n": .number(id)]))])
        }
        return context.t(.agentTaken, ["n": .number(id)])
    }

    /// Answers a ticket: the chat's person gets it as a push, a letter's sender by e-mail.
    func answer(_ id: Int, text: String) throws(Refusal) -> String {
        let reply = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reply.isEmpty else { throw Refusal(message: context.t(.agentAskAnswer), field: "text") }
        let ticket: Ticket
        do {
            ticket = try environment.cabinet.ticket(actor: agent.id, id: TicketID(rawValue: id)).0
            try environment.cabinet.answerTicket(actor: agent.id, ticket: ticket.id, text: reply)
        } catch {
            throw Refusal(message: ErrorText.message(error, context))
        }
        if ticket.kind == .chat, let chat = ticket.context.chat {
            let language = environment.language(of: chat)
            context.push(
                to: chat,
                [OutMessage(context.t(.supportAgentAnswer, in: language, ["n": .number(id), "text": .text(reply)]))])
        } else if let email = ticket.context.email {
            let subject = ticket.context.subject ?? context.t(.agentMailSubject, ["n": .number(id)])
            let mail = OutgoingMail(
                from: MailAddress(address: environment.settings.helpAddress), to: [MailAddress(address: email)],
                subject: subject.lowercased().hasPrefix("re:") ? subject : "Re: " + subject,
                body: reply + "\n\n" + context.t(.agentMailSignature, ["n": .number(id)]),
                inReplyTo: ticket.context.mailMessageID,
                references: ticket.context.mailMessageID.map { [$0] } ?? [])
            do {
                try environment.outbox.send(mail)
            } catch {
                throw Refusal(message: context.t(.agentMailFailed))
            }
        }
        return context.t(.agentAnswered)
    }

    /// Closes a ticket with a resolution of at least two characters; a chat ticket's person is told.
    func close(_ id: Int, resolution text: String) throws(Refusal) -> String {
        let resolution = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard resolution.count >= 2 else {
            throw Refusal(message: context.t(.agentAskResolution), field: "resolution")
        }
        do {
            let ticket = try environment.cabinet.closeTicket(
                actor: agent.id, ticket: TicketID(rawValue: id), resolution: resolution)
            if ticket.kind == .chat, let chat = ticket.context.chat {
                let language = environment.language(of: chat)
                context.push(
                    to: chat,
                    [
                        OutMessage(
                            context.t(.supportClosed, in: language, ["n": .number(id), "text": .text(resolution)]))
                    ])
            }
        } catch {
            throw Refusal(message: ErrorText.message(error, context))
        }
        return context.t(.agentClosed, ["n": .number(id)])
    }

    /// Registers an organization and mails its credentials to its official address (the password goes nowhere
    /// else: not into a chat, a log or a state).
    func register(_ registration: OrganizationRegistration) throws(Refusal) -> String {
        let issued: IssuedCredentials
        do {
            issued = try environment.cabinet.registerOrganization(actor: agent.id, registration)
        } catch {
            throw Refusal(message: ErrorText.message(error, context))
        }
        let mail = OutgoingMail(
            from: MailAddress(address: environment.settings.regionsAddress),
            to: [MailAddress(name: issued.organization.name, address: issued.organization.email)],
            subject: context.t(.agentCredentialsSubject, in: .ru, ["inn": .text(issued.organization.inn)]),
            body: context.t(
                .agentCredentialsBody, in: .ru,
                [
                    "name": .text(issued.organization.name), "inn": .text(issued.organization.inn),
                    "login": .text(issued.login), "password": .text(issued.password),
                ]))
        do {
            try environment.outbox.send(mail)
        } catch {
            throw Refusal(message: context.t(.agentMailFailed))
        }
        return context.t(
            .agentRegistered,
            [
                "inn": .text(issued.organization.inn), "email": .text(issued.organization.email),
                "login": .text(issued.login),
            ])
    }

    /// Confirms the identity of the director of the organization with `inn` (already checked); the director's
    /// chats are told.
    func confirmDirector(inn: String) throws(Refusal) -> String {
        do {
            guard let organization = try environment.cabinet.organization(inn: inn) else {
                throw CabinetError.organizationNotFound
            }
            let identity = try environment.cabinet.confirmDirector(actor: agent.id, organization: organization.id)
            environment.notify(account: identity.accountID, context) { language in
                context.t(.directorConfirmedPush, in: language)
            }
            return context.t(.agentDirectorConfirmed, ["inn": .text(inn), "name": .text(organization.name)])
        } catch {
            throw Refusal(message: ErrorText.message(any: error, context), field: "inn")
        }
    }

    /// Applies a change of director (fields already checked); the old director's chats are logged out and told.
    func changeDirector(inn: String, director: String, email: String?) throws(Refusal) -> String {
        do {
            guard let organization = try environment.cabinet.organization(inn: inn) else {
                throw CabinetError.organizationNotFound
            }
            let change = try environment.cabinet.applyDirectorChange(
                actor: agent.id, organization: organization.id, directorName: director, email: email)
            for chat in change.loggedOutChats {
                context.push(
                    to: chat, [OutMessage(context.t(.directorChangedPush, in: environment.language(of: chat)))])
            }
            return context.t(
                .agentDirectorChanged, ["inn": .text(organization.inn), "name": .text(change.director.fullName)])
        } catch {
            throw Refusal(message: ErrorText.message(any: error, context), field: "inn")
        }
    }
}
