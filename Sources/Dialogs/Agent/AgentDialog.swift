import BotCore
import Cabinet
import Foundation

/// The support agent's console: the queue, a ticket's history, take, answer, close, and the actions
/// on organizations (register and issue credentials, confirm a director, apply a change of director).
public struct AgentDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum State: Codable, Equatable, Sendable {
        case queue(ids: [Int])
        case ticket(id: Int)
        case answer(id: Int)
        case close(id: Int)
        case register(ticket: Int?, form: FormState)
        case confirmDirector(ticket: Int?)
        case changeDirector(ticket: Int?, form: FormState)
    }

    public init() {}

    public var id: String { "agent" }

    /// An action the console can be opened at, instead of the queue.
    public enum Action: String, Sendable {
        case register, confirmDirector = "confirm_director", changeDirector = "change_director"
    }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        guard let agent = agentAccount(context) else {
            return .finish(.cancelled, [OutMessage(context.t(.agentOnlyAgents))])
        }
        guard let action = argument.flatMap(Action.init) else { return queue(agent, context) }
        return begin(action, context)
    }

    /// Opens an action's form, not tied to a ticket.
    private func begin(_ action: Action, _ context: Context) -> Step<State> {
        switch action {
        case .register: startRegister(ticket: nil, values: [:], context)
        case .confirmDirector: .stay(.confirmDirector(ticket: nil), [askINN(context)])
        case .changeDirector: startChange(ticket: nil, values: [:], context)
        }
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        guard let agent = agentAccount(context) else {
            return .finish(.cancelled, [OutMessage(context.t(.agentOnlyAgents))])
        }
        switch (state, event) {
        case (.queue, .back):
            return .finish(.done(nil))
        case (.queue, .resumed), (.queue, .childFinished):
            return queue(agent, context)
        case (.queue(let ids), .text(let text)):
            return queueAnswer(text, ids: ids, agent: agent, context)
        case (.ticket, .back):
            return queue(agent, context)
        case (.ticket(let id), .resumed), (.ticket(let id), .childFinished):
            return show(id, agent: agent, context)
        case (.ticket(let id), .text(let text)):
            return ticketAnswer(text, id: id, agent: agent, context)
        case (.answer(let id), .back), (.close(let id), .back):
            return show(id, agent: agent, context)
        case (.answer, .resumed), (.answer, .childFinished):
            return .stay(state, [OutMessage(context.t(.agentAskAnswer), buttons: [Step<State>.navigation(context)])])
        case (.close, .resumed), (.close, .childFinished):
            return .stay(
                state, [OutMessage(context.t(.agentAskResolution), buttons: [Step<State>.navigation(context)])])
        case (.answer(let id), .text(let text)):
            return answer(text, id: id, agent: agent, context)
        case (.close(let id), .text(let text)):
            return close(text, id: id, agent: agent, context)
        case (.register(let ticket, let form), _):
            return register(event, ticket: ticket, form: form, agent: agent, context)
        case (.changeDirector(let ticket, let form), _):
            return changeDirector(event, ticket: ticket, form: form, agent: agent, context)
        case (.confirmDirector(let ticket), .text(let text)):
            return confirmDirector(inn: text, ticket: ticket, agent: agent, context)
        case (.confirmDirector(let ticket), .back):
            return ticket.map { show($0, agent: agent, context) } ?? queue(agent, context)
        case (.confirmDirector, _):
            return .stay(state, [askINN(context)])
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .queue: "queue"
        case .ticket: "ticket"
        case .answer: "answer"
        case .close: "close"
        case .register(_, let form): "register_" + Self.registerForm.step(of: form)
        case .confirmDirector: "confirm_director"
        case .changeDirector(_, let form): "change_" + Self.changeForm.step(of: form)
        }
    }

    func agentAccount(_ context: Context) -> Account? {
        guard let account = context.environment.account(of: context.chat), account.role == .agent,
            account.status == .confirmed
        else { return nil }
        return account
    }

    func askINN(_ context: Context) -> OutMessage {
        OutMessage(context.t(.statusAskINN), buttons: [Step<State>.navigation(context)], input: .text)
    }

    // MARK: - The queue

    func queue(_ agent: Account, _ context: Context, intro: [String] = []) -> Step<State> {
        let cabinet = context.environment.cabinet
        guard let queue = try? cabinet.ticketQueue(actor: agent.id, limit: 10) else {
            return .finish(.cancelled, [OutMessage(context.t(.errorTechnical))])
        }
        var lines = intro
        let counts = TicketKind.allCases.map { kind in
            "\(context.t(kind.label)): \(queue.openCounts[kind] ?? 0)/\(queue.takenCounts[kind] ?? 0)"
        }
        lines.append(context.t(.agentQueueHeader, ["n": .number(queue.openTotal), "m": .number(queue.takenTotal)]))
        lines.append(counts.joined(separator: ", "))
        for (index, ticket) in queue.tickets.enumerated() {
            let first = (try? cabinet.ticket(actor: agent.id, id: ticket.id))?.1.first?.text ?? ""
            let mine = ticket.takenBy == agent.id ? " ★" : (ticket.status == .taken ? " ⏳" : "")
            lines.append(
                "\(index + 1). №\(ticket.id.rawValue) [\(context.t(ticket.kind.label))]\(mine) "
                    + (ticket.context.inn.map { context.t(.agentQueueINN, ["inn": .text($0)]) + " — " } ?? "")
                    + context.t(.agentQuote, ["text": .text(String(first.prefix(60)))]))
        }
        if queue.tickets.isEmpty { lines.append(context.t(.agentQueueEmpty)) }
        let buttons = [
            [context.t(.agentRefresh)], [context.t(.agentRegister)], [context.t(.agentConfirmDirector)],
            [context.t(.agentChangeDirector)], [context.t(CoreText.buttonMenu.rawValue)],
        ]
        return .stay(
            .queue(ids: queue.tickets.map(\.id.rawValue)), [OutMessage(lines.joined(separator: "\n"), buttons: buttons)]
        )
    }

    private func queueAnswer(_ text: String, ids: [Int], agent: Account, _ context: Context) -> Step<State> {
        let trimmed = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "№#"))
        if let number = Int(trimmed) {
            if number >= 1, number <= ids.count { return show(ids[number - 1], agent: agent, context) }
            return show(number, agent: agent, context)
        }
        let actions: [(L, Action)] = [
            (.agentRegister, .register), (.agentConfirmDirector, .confirmDirector),
            (.agentChangeDirector, .changeDirector),
        ]
        if let (_, action) = actions.first(where: { Matching.isLabel(text, $0.0.rawValue, context) }) {
            return begin(action, context)
        }
        // In words: "сменился директор", "выдать логин школе".
        if let match = context.environment.intents.recognize(text), match.isConfident,
            let action = MenuOption(match.intent)?.agentAction.flatMap(Action.init)
        {
            return begin(action, context)
        }
        return queue(agent, context)
    }
}

extension TicketKind {
    var label: L {
        switch self {
        case .chat: .agentKindChat
        case .help: .agentKindHelp
        case .regions: .agentKindRegions
        case .ssod: .agentKindSsod
        }
    }
}
