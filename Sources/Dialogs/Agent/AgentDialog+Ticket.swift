import BotCore
import Cabinet
import Foundation

extension AgentDialog {
    // MARK: - One ticket

    func show(_ id: Int, agent: Account, _ context: Context, intro: [String] = []) -> Step<State> {
        let cabinet = context.environment.cabinet
        let ticket: Ticket
        let messages: [TicketMessage]
        do {
            (ticket, messages) = try cabinet.ticket(actor: agent.id, id: TicketID(rawValue: id))
        } catch {
            return queue(agent, context, intro: [ErrorText.message(error, context)])
        }
        var lines = intro
        lines.append(
            context.t(
                .agentTicketHeader,
                [
                    "n": .number(id), "kind": .text(context.t(ticket.kind.label)),
                    "status": .text(context.t(ticket.status.label)),
                ]))
        let organization = ticket.organizationID.flatMap { try? cabinet.organization(id: $0) }
        if let inn = ticket.context.inn ?? organization?.inn {
            lines.append(
                context.t(.agentTicketOrganization, ["inn": .text(inn), "name": .text(organization?.name ?? "—")]))
        }
        if let email = ticket.context.email { lines.append(context.t(.agentTicketEmail, ["email": .text(email)])) }
        if let subject = ticket.context.subject {
            lines.append(context.t(.agentTicketSubject, ["text": .text(subject)]))
        }
        if let dialog = ticket.context.dialog {
            lines.append(
                context.t(.agentTicketFrom, ["dialog": .text(dialog), "step": .text(ticket.context.step ?? "")]))
        }
        for message in messages.suffix(10) {
            let who = message.author == .agent ? context.t(.agentAuthorAgent) : context.t(.agentAuthorRequester)
            lines.append("— \(who): \(message.text)")
        }
        let suggestions = self.suggestions(for: ticket, organization: organization, context)
        if !suggestions.isEmpty {
            lines.append(context.t(.agentSuggestions))
            lines += suggestions.enumerated().map { "\($0.offset + 1)) \($0.element)" }
        }
        var buttons: [[String]] = []
        if ticket.status == .open { buttons.append([context.t(.agentTake)]) }
        if ticket.status == .taken && ticket.takenBy == agent.id { buttons.append([context.t(.agentAnswer)]) }
        if ticket.status != .closed { buttons.append([context.t(.agentClose)]) }
        switch ticket.kind {
        case .regions: buttons.append([context.t(.agentRegister)])
        case .ssod: buttons.append([context.t(.agentChangeDirector)])
        case .chat, .help: buttons.append([context.t(.agentConfirmDirector)])
        }
        buttons.append([context.t(.agentBackToQueue)])
        return .stay(.ticket(id: id), [OutMessage(lines.joined(separator: "\n"), buttons: buttons)])
    }

    /// Ready answers: the FAQ's, and the organization's request status with dates.
    func suggestions(for ticket: Ticket, organization: Organization?, _ context: Context) -> [String] {
        var list: [String] = []
        if let inn = ticket.context.inn ?? organization?.inn,
            let status = try? context.environment.cabinet.requestStatus(inn: inn)
        {
            if let deadline = status.credentialDeadline {
                list.append(
                    context.t(
                        .agentSuggestCredentials,
                        [
                            "sent": .text(DateText.format(deadline.sentOn, context)),
                            "due": .text(DateText.format(deadline.dueOn, context)),
                        ]))
            }
            if let deadline = status.directorChangeDeadline {
                list.append(context.t(.agentSuggestChange, ["due": .text(DateText.format(deadline.dueOn, context))]))
            }
        }
        list.append(context.t(.helpTopicWaitAnswer))
        list.append(context.t(.helpTopicDirectorAnswer))
        list.append(context.t(.helpTopicChangeAnswer))
        list.append(context.t(.helpTopicUsersAnswer))
        return list
    }

    func ticketAnswer(_ text: String, id: Int, agent: Account, _ context: Context) -> Step<State> {
        let ticketID = TicketID(rawValue: id)
        if Matching.isLabel(text, L.agentBackToQueue.rawValue, context) { return queue(agent, context) }
        if Matching.isLabel(text, L.agentTake.rawValue, context) {
            do {
                let notice = try AgentDesk(agent: agent, context: context).take(id)
                return show(id, agent: agent, context, intro: [notice])
            } catch {
                return show(id, agent: agent, context, intro: [error.message])
            }
        }
        if Matching.isLabel(text, L.agentAnswer.rawValue, context) {
            return .stay(
                .answer(id: id), [OutMessage(context.t(.agentAskAnswer), buttons: [Step<State>.navigation(context)])])
        }
        if Matching.isLabel(text, L.agentClose.rawValue, context) {
            return .stay(
                .close(id: id), [OutMessage(context.t(.agentAskResolution), buttons: [Step<State>.navigation(context)])]
            )
        }
        let values = prefill(for: ticketID, agent: agent, context)
        if Matching.isLabel(text, L.agentRegister.rawValue, context) {
            return startRegister(ticket: id, values: values, context)
        }
        if Matching.isLabel(text, L.agentChangeDirector.rawValue, context) {
            return startChange(ticket: id, values: values, context)
        }
        if Matching.isLabel(text, L.agentConfirmDirector.rawValue, context) {
            if let inn = values["inn"] { return confirmDirector(inn: inn, ticket: id, agent: agent, context) }
            return .stay(.confirmDirector(ticket: id), [askINN(context)])
        }
        return show(id, agent: agent, context)
    }

    /// What a ticket already tells about the organization (INN, name, e-mail), for the action forms.
    func prefill(for id: TicketID, agent: Account, _ context: Context) -> [String: String] {
        guard let (ticket, messages) = try? context.environment.cabinet.ticket(actor: agent.id, id: id) else {
            return [:]
        }
        var values: [String: String] = [:]
        values["inn"] = ticket.context.inn
        if ticket.kind != .chat { values["email"] = ticket.context.email }
        if let text = messages.first?.text, let name = MailIntake.organizationName(in: text) { values["name"] = name }
        return values.compactMapValues { $0 }
    }

    func answer(_ text: String, id: Int, agent: Account, _ context: Context) -> Step<State> {
        let environment = context.environment
        var reply = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let (ticket, _) = try? environment.cabinet.ticket(actor: agent.id, id: TicketID(rawValue: id)) else {
            return queue(agent, context)
        }
        let organization = ticket.organizationID.flatMap { try? environment.cabinet.organization(id: $0) }
        let suggestions = self.suggestions(for: ticket, organization: organization, context)
        if let number = Int(reply), number >= 1, number <= suggestions.count { reply = suggestions[number - 1] }
        guard !reply.isEmpty else {
            return .stay(.answer(id: id), [OutMessage(context.t(.agentAskAnswer))], invalid: true)
        }
        do {
            let notice = try AgentDesk(agent: agent, context: context).answer(id, text: reply)
            return show(id, agent: agent, context, intro: [notice])
        } catch {
            return show(id, agent: agent, context, intro: [error.message])
        }
    }

    func close(_ text: String, id: Int, agent: Account, _ context: Context) -> Step<State> {
        let resolution = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard resolution.count >= 2 else {
            return .stay(.close(id: id), [OutMessage(context.t(.agentAskResolution))], invalid: true)
        }
        do {
            let notice = try AgentDesk(agent: agent, context: context).close(id, resolution: resolution)
            return queue(agent, context, intro: [notice])
        } catch {
            return show(id, agent: agent, context, intro: [error.message])
        }
    }
}

extension TicketStatus {
    var label: L {
        switch self {
        case .open: .agentStatusOpen
        case .taken: .agentStatusTaken
        case .closed: .agentStatusClosed
        }
    }
}
