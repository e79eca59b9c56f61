import BotCore
import Cabinet

/// What happened to a request, by INN, without logging in: dates, business days left or overdue.
public struct StatusDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum State: Codable, Equatable, Sendable {
        case askINN
        case result(inn: String)
    }

    public init() {}

    public var id: String { "status" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        if let argument, INN.isValidOrganization(argument) {
            return show(INN.normalized(argument), context)
        }
        if let account = context.environment.account(of: context.chat), let organization = account.organizationID,
            let inn = (try? context.environment.cabinet.organization(id: organization))?.inn
        {
            return show(inn, context)
        }
        if let inn = try? context.environment.cabinet.latestRequestINN(chat: context.chat) {
            return show(inn, context)
        }
        return .stay(.askINN, [askINN(context)])
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        switch (state, event) {
        case (.askINN, .back), (.result, .back):
            return .finish(.cancelled)
        case (.askINN, .resumed), (.askINN, .childFinished):
            return .stay(state, [askINN(context)])
        case (.result(let inn), .resumed), (.result(let inn), .childFinished):
            return show(inn, context)
        case (.askINN, .text(let text)):
            switch Validators.inn(text, context) {
            case .valid(let inn): return show(inn, context)
            case .invalid(let reason): return .stay(state, [OutMessage(reason), askINN(context)], invalid: true)
            }
        case (.result, .text(let text)):
            if Matching.isLabel(text, L.statusOtherINN.rawValue, context) {
                return .stay(.askINN, [askINN(context)])
            }
            if case .valid(let inn) = Validators.inn(text, context) {
                return show(inn, context)
            }
            return Step([], .handBack)
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .askINN: "ask_inn"
        case .result: "result"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        context.t(.statusHintINN)
    }

    private func askINN(_ context: Context) -> OutMessage {
        OutMessage(context.t(.statusAskINN), buttons: [Step<State>.navigation(context)], input: .text)
    }

    private func show(_ inn: String, _ context: Context) -> Step<State> {
        let status: RequestStatus
        do {
            status = try context.environment.cabinet.requestStatus(inn: inn)
        } catch {
            return .stay(.askINN, [OutMessage(ErrorText.message(error, context)), askINN(context)], invalid: true)
        }
        var lines = [context.t(.statusHeader, ["inn": .text(inn)])]
        if let organization = status.organization {
            lines.append(context.t(.statusOrganization, ["name": .text(organization.name)]))
        }
        var overdue = false
        if let request = status.credentialRequest {
            lines.append(
                describe(
                    kind: .statusCredentials, state: request.state, deadline: status.credentialDeadline,
                    context))
            overdue = overdue || status.credentialDeadline?.isOverdue == true
        }
        if let request = status.directorChangeRequest {
            lines.append(
                describe(
                    kind: .statusDirectorChange, state: request.state,
                    deadline: status.directorChangeDeadline, context))
            overdue = overdue || status.directorChangeDeadline?.isOverdue == true
        }
        if status.credentialRequest == nil && status.directorChangeRequest == nil {
            lines.append(context.t(status.organization == nil ? .statusNothing : .statusNothingRegistered))
        }
        if overdue {
            lines.append(context.t(.statusOverdueAdvice))
        }
        let buttons = [
            [context.t(.statusOtherINN)], [context.t(CoreText.buttonHuman.rawValue)],
            [context.t(CoreText.buttonMenu.rawValue)],
        ]
        return .stay(.result(inn: inn), [OutMessage(lines.joined(separator: "\n"), buttons: buttons)])
    }

    private func describe(kind: L, state: RequestState, deadline: Deadline?, _ context: Context) -> String {
        let title = context.t(kind)
        switch state {
        case .draft:
            return context.t(.statusDraft, ["what": .text(title)])
        case .done:
            return context.t(.statusDone, ["what": .text(title)])
        case .sent:
            guard let deadline else { return context.t(.statusDraft, ["what": .text(title)]) }
            let sent = DateText.format(deadline.sentOn, context)
            let due = DateText.format(deadline.dueOn, context)
            if deadline.isOverdue {
                let late = -deadline.businessDaysLeft
                return context.t(
                    .statusOverdue,
                    [
                        "what": .text(title), "sent": .text(sent), "due": .text(due),
                        "n": .number(max(late, 1)),
                    ])
            }
            return context.t(
                .statusWaiting,
                [
                    "what": .text(title), "sent": .text(sent), "due": .text(due),
                    "n": .number(max(deadline.businessDaysLeft, 0)),
                ])
        }
    }
}
