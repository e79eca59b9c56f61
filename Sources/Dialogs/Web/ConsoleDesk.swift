import BotCore
import Cabinet
import Foundation

/// The support console's queue, tickets and actions for a logged-in agent, as JSON for the page.
///
/// Reads go through the Cabinet's agent-only calls; actions through `AgentDesk`, as the chat console's do.
struct ConsoleDesk {
    typealias Context = DialogContext<SchoolEnvironment>

    let agent: Account
    let context: Context

    private var cabinet: Cabinet { context.environment.cabinet }

    func handle(_ name: String, _ arguments: [String: String]) throws -> JSONValue {
        let desk = AgentDesk(agent: agent, context: context)
        do {
            switch name {
            case "console.queue":
                return try queue()
            case "console.tickets":
                return try ticket(try number(arguments))
            case "console.take":
                return notice(try desk.take(try number(arguments)))
            case "console.answer":
                return notice(try desk.answer(try number(arguments), text: arguments["text"] ?? ""))
            case "console.close":
                return notice(try desk.close(try number(arguments), resolution: arguments["resolution"] ?? ""))
            case "console.register":
                let registration = OrganizationRegistration(
                    inn: try field("inn", arguments, Validators.inn),
                    name: try field("name", arguments, Validators.organizationName),
                    email: try field("email", arguments, Validators.email),
                    region: try optionalField("region", arguments, Validators.region).map { String($0.prefix(2)) },
                    directorName: try field("director", arguments, Validators.personName))
                return notice(try desk.register(registration))
            case "console.confirm-director":
                return notice(try desk.confirmDirector(inn: try field("inn", arguments, Validators.inn)))
            case "console.change-director":
                let inn = try field("inn", arguments, Validators.inn)
                let director = try field("director", arguments, Validators.personName)
                let email = try optionalField("email", arguments, Validators.email)
                return notice(try desk.changeDirector(inn: inn, director: director, email: email))
            default:
                throw AppRequestFailure(.notFound, context.t(.errorTechnical))
            }
        } catch let refusal as AgentDesk.Refusal {
            throw AppRequestFailure(.invalid, refusal.message, field: refusal.field)
        } catch let error as CabinetError {
            throw AppRequestFailure(error == .ticketNotFound ? .notFound : .invalid, ErrorText.message(error, context))
        }
    }

    // MARK: - Reads

    private func queue() throws(CabinetError) -> JSONValue {
        let queue = try cabinet.ticketQueue(actor: agent.id, limit: 100)
        var rows: [JSONValue] = []
        for ticket in queue.tickets {
            let first = try cabinet.ticket(actor: agent.id, id: ticket.id).1.first?.text ?? ""
            rows.append(.object(row(ticket, preview: first)))
        }
        return .object([
            "open": .number(String(queue.openTotal)), "taken": .number(String(queue.takenTotal)),
            "tickets": .array(rows),
        ])
    }

    private func ticket(_ id: Int) throws(CabinetError) -> JSONValue {
        let (ticket, messages) = try cabinet.ticket(actor: agent.id, id: TicketID(rawValue: id))
        var details = row(ticket, preview: messages.first?.text ?? "")
        var origin: [String: JSONValue] = [:]
        origin["dialog"] = ticket.context.dialog.map(JSONValue.string)
        origin["step"] = ticket.context.step.map(JSONValue.string)
        origin["chat"] = ticket.context.chat.map { .string(Self.masked($0)) }
        origin["email"] = ticket.context.email.map(JSONValue.string)
        origin["subject"] = ticket.context.subject.map(JSONValue.string)
        details["context"] = .object(origin)
        details["account"] =
            (ticket.accountID.flatMap { try? cabinet.account(id: $0) }).map { account in
                .object(["name": .string(account.fullName), "role": .string(context.t(account.role.label))])
            } ?? .null
        details["resolution"] = ticket.resolution.map(JSONValue.string) ?? .null
        let organization = ticket.organizationID.flatMap { try? cabinet.organization(id: $0) }
        let history = messages.map { message -> JSONValue in
            .object([
                "author": .string(message.author == .agent ? "agent" : "requester"),
                "author_label": .string(
                    context.t(message.author == .agent ? .agentAuthorAgent : .agentAuthorRequester)),
                "text": .string(message.text), "at": .string(Self.iso(message.at)),
            ])
        }
        var actions: [String] = []
        if ticket.status == .open { actions.append("take") }
        if ticket.status == .taken && ticket.takenBy == agent.id { actions.append("answer") }
        if ticket.status != .closed { actions.append("close") }
        switch ticket.kind {
        case .regions: actions.append("register")
        case .ssod: actions.append("change_director")
        case .chat, .help: actions.append("confirm_director")
        }
        var prefill: [String: JSONValue] = [:]
        prefill["inn"] = (ticket.context.inn ?? organization?.inn).map(JSONValue.string)
        if ticket.kind != .chat { prefill["email"] = ticket.context.email.map(JSONValue.string) }
        if let text = messages.first?.text, let name = MailIntake.organizationName(in: text) {
            prefill["name"] = .string(name)
        }
        let suggestions = AgentDialog().suggestions(for: ticket, organization: organization, context)
        return .object([
            "ticket": .object(details), "messages": .array(history),
            "suggestions": .array(suggestions.map(JSONValue.string)), "actions": .array(actions.map(JSONValue.string)),
            "prefill": .object(prefill),
        ])
    }

    /// A ticket as the queue lists it: personal data masked where the list does not need it.
    private func row(_ ticket: Ticket, preview: String) -> [String: JSONValue] {
        let organization = ticket.organizationID.flatMap { try? cabinet.organization(id: $0) }
        var row: [String: JSONValue] = [
            "id": .number(String(ticket.id.rawValue)), "kind": .string(ticket.kind.rawValue),
            "kind_label": .string(context.t(ticket.kind.label)), "status": .string(ticket.status.rawValue),
            "status_label": .string(context.t(ticket.status.label)), "mine": .bool(ticket.takenBy == agent.id),
            "age": .string(age(since: ticket.createdAt)), "opened_at": .string(Self.iso(ticket.createdAt)),
            "preview": .string(String(preview.prefix(80))),
        ]
        if let organization {
            row["organization"] = .object(["name": .string(organization.name), "inn": .string(organization.inn)])
        } else if let inn = ticket.context.inn {
            row["organization"] = .object(["name": .string("—"), "inn": .string(inn)])
        } else {
            row["organization"] = .null
        }
        row["from"] = (ticket.context.email ?? ticket.context.chat).map { .string(Self.masked($0)) } ?? .null
        return row
    }

    // MARK: - Helpers

    private func notice(_ text: String) -> JSONValue { .object(["message": .string(text)]) }

    private func age(since start: Date) -> String {
        let minutes = max(0, Int(context.now.timeIntervalSince(start) / 60))
        if minutes < 60 { return context.t(.agentAgeMinutes, ["n": .number(minutes)]) }
        if minutes < 24 * 60 { return context.t(.agentAgeHours, ["n": .number(minutes / 60)]) }
        return context.t(.agentAgeDays, ["n": .number(minutes / (24 * 60))])
    }

    private func number(_ arguments: [String: String]) throws -> Int {
        guard let text = arguments["id"], let id = Int(text), id > 0 else {
            throw AppRequestFailure(.notFound, ErrorText.message(.ticketNotFound, context))
        }
        return id
    }

    private func field(
        _ name: String, _ arguments: [String: String], _ check: (String, Context) -> FieldCheck
    ) throws -> String {
        switch check(arguments[name] ?? "", context) {
        case .valid(let value): return value
        case .invalid(let reason): throw AppRequestFailure(.invalid, reason, field: name)
        }
    }

    private func optionalField(
        _ name: String, _ arguments: [String: String], _ check: (String, Context) -> FieldCheck
    ) throws -> String? {
        guard let text = arguments[name], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try field(name, arguments, check)
    }

    /// `t***2`, `s***@example.ru`: enough to tell requesters apart in a list.
    static func masked(_ text: String) -> String {
        if let at = text.firstIndex(of: "@"), let first = text.first {
            return "\(first)***" + text[at...]
        }
        return LoginDialog.masked(text)
    }

    private static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
