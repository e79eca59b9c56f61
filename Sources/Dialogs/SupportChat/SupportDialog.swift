import BotCore
import Cabinet

/// Talking to a human: a ticket with the question and its context; the chat stays with the agent until the
/// ticket is closed or the person leaves.
public struct SupportDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum State: Codable, Equatable, Sendable {
        /// Waiting for the question; `origin` is the `dialog/step` the person came from.
        case askQuestion(origin: String?)
        /// A ticket is open; `taken` once an agent took it.
        case talking(ticket: Int, taken: Bool)
    }

    public init() {}

    public var id: String { "support" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        if let ticket = try? context.environment.cabinet.activeTicket(chat: context.chat) {
            let text = context.t(.supportResumed, ["n": .number(ticket.id.rawValue)])
            return .stay(.talking(ticket: ticket.id.rawValue, taken: ticket.status == .taken), [talking(text, context)])
        }
        let origin = context.trail.last { !$0.hasPrefix("menu/") && !$0.hasPrefix("help/") } ?? context.trail.last
        // Opened with the question already asked: it is the ticket's first message.
        if let question = argument, question.trimmingCharacters(in: .whitespacesAndNewlines).count >= 2 {
            return open(question, origin: origin, context)
        }
        return .stay(.askQuestion(origin: origin), [askQuestion(context)])
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        switch (state, event) {
        case (_, .back):
            return .finish(.cancelled)
        case (.askQuestion, .resumed), (.askQuestion, .childFinished):
            return .stay(state, [askQuestion(context)])
        case (.talking(let ticket, _), .resumed), (.talking(let ticket, _), .childFinished):
            return .stay(state, [talking(context.t(.supportResumed, ["n": .number(ticket)]), context)])
        case (.askQuestion(let origin), .text(let text)):
            return open(text, origin: origin, context)
        case (.talking(let ticket, _), .text(let text)):
            return forward(text, ticket: ticket, context)
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .askQuestion: "ask_question"
        case .talking(_, let taken): taken ? "talking" : "waiting"
        }
    }

    /// A message while the chat talks to support: the way back to the menu stays under it.
    private func talking(_ text: String, _ context: Context) -> OutMessage {
        OutMessage(text, buttons: [[context.t(CoreText.buttonMenu.rawValue)]])
    }

    private func askQuestion(_ context: Context) -> OutMessage {
        OutMessage(context.t(.supportAskQuestion), buttons: [Step<State>.navigation(context)], input: .text)
    }

    private func open(_ text: String, origin: String?, _ context: Context) -> Step<State> {
        let environment = context.environment
        let question = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard question.count >= 2 else {
            return .stay(.askQuestion(origin: origin), [askQuestion(context)], invalid: true)
        }
        let account = environment.account(of: context.chat)
        let inn = account?.organizationID.flatMap { try? environment.cabinet.organization(id: $0) }?.inn
        let parts = origin?.split(separator: "/", maxSplits: 1).map(String.init) ?? []
        let ticketContext = TicketContext(
            inn: inn, chat: context.chat, dialog: parts.first, step: parts.count > 1 ? parts[1] : nil,
            email: account?.email)
        let ticket: Ticket
        do {
            ticket = try environment.cabinet.openTicket(
                actor: account?.id, kind: .chat, context: ticketContext, text: String(question.prefix(4_000)))
        } catch {
            return .stay(.askQuestion(origin: origin), [OutMessage(ErrorText.message(error, context))], invalid: true)
        }
        let agents = (try? environment.cabinet.agentChats()) ?? []
        for chat in agents {
            let language = environment.language(of: chat)
            context.push(
                to: chat,
                [
                    OutMessage(
                        context.t(
                            .agentNewTicket, in: language,
                            [
                                "n": .number(ticket.id.rawValue), "text": .text(String(question.prefix(200))),
                            ]))
                ])
        }
        let settings = environment.settings
        let reply =
            agents.isEmpty
            ? context.t(
                .supportNoAgents,
                [
                    "n": .number(ticket.id.rawValue), "hours": .text(context.t(.supportHours)),
                    "email": .text(settings.helpAddress), "phone": .text(settings.helpPhone),
                ])
            : context.t(.supportOpened, ["n": .number(ticket.id.rawValue)])
        return .stay(.talking(ticket: ticket.id.rawValue, taken: false), [talking(reply, context)])
    }

    private func forward(_ text: String, ticket id: Int, _ context: Context) -> Step<State> {
        let environment = context.environment
        guard let ticket = try? environment.cabinet.activeTicket(chat: context.chat), ticket.id.rawValue == id else {
            return .finish(.done(nil), [OutMessage(context.t(.supportClosedAlready, ["n": .number(id)]))])
        }
        do {
            try environment.cabinet.addRequesterMessage(
                ticket: ticket.id, chat: context.chat, text: String(text.prefix(4_000)))
        } catch {
            return .stay(
                .talking(ticket: id, taken: ticket.status == .taken),
                [talking(ErrorText.message(error, context), context)])
        }
        if let agent = ticket.takenBy {
            environment.notify(account: agent, context) { language in
                context.t(
                    .agentRequesterWrote, in: language, ["n": .number(id), "text": .text(String(text.prefix(1_000)))])
            }
        }
        return .stay(
            .talking(ticket: id, taken: ticket.status == .taken), [talking(context.t(.supportForwarded), context)])
    }
}
