import BotCore
import Cabinet

/// The main menu: greets, shows what fits who the chat is and what is pending, routes free text.
public struct MenuDialog: Dialog {
    public typealias Environment = SchoolEnvironment

    public struct State: Codable, Equatable, Sendable {
        /// The options last shown, so that a typed number presses the right one.
        var options: [MenuOption] = []
        /// Whether the last answer did not understand the text.
        var unknown = false
    }

    /// The dialog ids that exist in this build (the menu offers only those).
    let available: Set<String>

    public init(available: Set<String>) {
        self.available = available
    }

    public var id: String { "menu" }

    public func start(_ argument: String?, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        let greeting =
            context.userName.map { context.t(.menuGreetingNamed, ["name": .text($0)]) }
            ?? context.t(.menuGreeting)
        return show(intro: [greeting], context)
    }

    public func handle(
        _ event: DialogEvent, state: State, context: DialogContext<SchoolEnvironment>
    ) -> Step<State> {
        switch event {
        case .back, .resumed:
            return show(intro: [], context)
        case .childFinished(let id, _):
            return show(intro: id == "login" || id == "logout" ? [] : [context.t(.menuAgain)], context)
        case .text(let text):
            return choose(text, state: state, context)
        }
    }

    public func step(of state: State) -> String { state.unknown ? "unknown" : "main" }

    // MARK: - Choosing

    private func choose(_ text: String, state: State, _ context: DialogContext<SchoolEnvironment>) -> Step<State> {
        let trimmed = TextFolding.trimmedAsFoundation(text)
        if let number = Int(trimmed), number >= 1, number <= state.options.count {
            return open(state.options[number - 1], state, context)
        }
        let viewer = context.environment.viewer(of: context.chat)
        let allowed = MenuOption.options(for: viewer, available: available)
        if let option = MenuOption.allCases.first(where: { Matching.isLabel(trimmed, $0.label.rawValue, context) }) {
            return open(option, state, context)
        }
        let recognizer = context.environment.intents
        if let match = recognizer.recognize(trimmed), match.isConfident {
            switch match.intent {
            case .greeting:
                return show(intro: [context.t(.menuGreeting)], context)
            case .thanks:
                return show(intro: [context.t(.menuThanks)], context)
            case .menu:
                return show(intro: [], context)
            case .support where !InputWords.mentionsSupport(Matching.fold(trimmed)):
                // A question support must answer ("поменялся email школы"): it becomes the ticket as it stands.
                return Step([], .push(State(options: state.options), child: DialogLaunch("support", argument: trimmed)))
            default:
                if let option = MenuOption(match.intent) { return open(option, state, context) }
            }
        }
        let closest = recognizer.ranked(trimmed, limit: 5)
            .compactMap { MenuOption($0.intent) }
            .filter { allowed.contains($0) }
        var next = State(options: Array(closest.prefix(3)), unknown: true)
        var rows = next.options.map { [context.t($0.label)] }
        if next.options.isEmpty {
            next.options = allowed
            rows = allowed.map { [context.t($0.label)] }
        }
        rows.append([context.t(CoreText.buttonHuman.rawValue), context.t(CoreText.buttonMenu.rawValue)])
        let quoted = String(trimmed.prefix(80))
        let text = context.t(.menuUnknown, ["text": .text(quoted)]) + "\n" + context.t(.menuClosest)
        return .stay(next, [OutMessage(text, buttons: rows)])
    }

    private func open(_ option: MenuOption, _ state: State, _ context: DialogContext<SchoolEnvironment>) -> Step<State>
    {
        if option == .logout {
            context.environment.logOut(chat: context.chat)
            return show(intro: [context.t(.menuLoggedOut)], context)
        }
        guard let dialog = option.dialogID, available.contains(dialog) else {
            return show(intro: [context.t(.optionNotReady)], context)
        }
        // "Зарегистрировать школу" from a support agent is the console's registration, not a teacher's.
        if let action = option.agentAction, available.contains("agent"),
            context.environment.viewer(of: context.chat).role == .agent
        {
            return Step([], .push(State(options: state.options), child: DialogLaunch("agent", argument: action)))
        }
        return Step([], .push(State(options: state.options, unknown: false), child: DialogLaunch(dialog)))
    }

    // MARK: - Showing

    private func show(intro: [String], _ context: DialogContext<SchoolEnvironment>) -> Step<State> {
        let viewer = context.environment.viewer(of: context.chat)
        let options = MenuOption.options(for: viewer, available: available)
        var lines = intro
        if let name = viewer.name, let role = viewer.role {
            lines.append(context.t(.menuLoggedInAs, ["name": .text(name), "role": .text(context.t(role.label))]))
        }
        if viewer.role == .director && !viewer.directorConfirmed {
            lines.append(directorLine(viewer.directorIdentity, context))
        }
        if viewer.waiting > 0 {
            lines.append(context.t(.menuWaitingUsers, ["n": .number(viewer.waiting)]))
        }
        if viewer.unreported > 0 {
            lines.append(context.t(.menuUnreported, ["n": .number(viewer.unreported)]))
        }
        lines.append(context.t(.menuPrompt))
        let rows = options.map { [context.t($0.label)] }
        return .stay(State(options: options), [OutMessage(lines.joined(separator: "\n"), buttons: rows)])
    }
}

extension MenuDialog {
    /// Where an unconfirmed director's identity stands: nothing done, data to send, or the answer awaited.
    private func directorLine(_ identity: DirectorIdentity?, _ context: DialogContext<SchoolEnvironment>) -> String {
        switch identity?.state {
        case .consentGiven:
            return context.t(.menuDirectorDataToSend)
        case .dataSent:
            guard let sentOn = identity?.dataSentOn, let dueOn = identity?.dueOn else { break }
            let dates: [String: CatalogValue] = [
                "sent": .text(DateText.format(sentOn, context)), "due": .text(DateText.format(dueOn, context)),
            ]
            return context.t(DateText.today(context) > dueOn ? .menuDirectorOverdue : .menuDirectorWaiting, dates)
        default:
            break
        }
        return context.t(.menuPendingDirector)
    }
}

extension Role {
    /// The catalog key of the role's name.
    var label: L {
        switch self {
        case .director: .roleDirector
        case .teacher: .roleTeacher
        case .student: .roleStudent
        case .agent: .roleAgent
        }
    }
}
