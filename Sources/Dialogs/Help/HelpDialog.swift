import BotCore

/// Contacts, the instruction's four steps in short, and short answers to the frequent questions.
public struct HelpDialog: Dialog {
    public typealias Environment = SchoolEnvironment

    /// The frequent questions, each a button and a short answer.
    enum Topic: String, Codable, CaseIterable, Sendable {
        case whereToSend, whenLogin, confirmDirector, directorChanged, confirmUsers, whenReport

        var question: L {
            switch self {
            case .whereToSend: .helpTopicWhere
            case .whenLogin: .helpTopicWait
            case .confirmDirector: .helpTopicDirector
            case .directorChanged: .helpTopicChange
            case .confirmUsers: .helpTopicUsers
            case .whenReport: .helpTopicReport
            }
        }

        var answer: L {
            switch self {
            case .whereToSend: .helpTopicWhereAnswer
            case .whenLogin: .helpTopicWaitAnswer
            case .confirmDirector: .helpTopicDirectorAnswer
            case .directorChanged: .helpTopicChangeAnswer
            case .confirmUsers: .helpTopicUsersAnswer
            case .whenReport: .helpTopicReportAnswer
            }
        }
    }

    public struct State: Codable, Equatable, Sendable {
        var topic: Topic?
    }

    public init() {}

    public var id: String { "help" }

    public func start(_ argument: String?, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        let text = context.t(.helpOverview) + "\n\n" + context.t(.helpContacts)
        return .stay(State(), [OutMessage(text), topics(context)])
    }

    public func handle(
        _ event: DialogEvent, state: State, context: DialogContext<SchoolEnvironment>
    ) -> Step<State> {
        switch event {
        case .back:
            return .finish(.cancelled)
        case .resumed, .childFinished:
            return .stay(state, [OutMessage(context.t(.helpContacts)), topics(context)])
        case .text(let text):
            if Matching.isLabel(text, CoreText.buttonContinue.rawValue, context) {
                return .finish(.done(nil))
            }
            if let topic = Topic.allCases.first(where: { Matching.isLabel(text, $0.question.rawValue, context) })
                ?? Self.topic(forNumber: text) ?? topic(forIntent: text, context)
            {
                return .stay(State(topic: topic), [OutMessage(context.t(topic.answer)), topics(context)])
            }
            return .stay(state, [OutMessage(context.t(.helpUnknown)), topics(context)])
        }
    }

    public func step(of state: State) -> String {
        state.topic.map { "faq_" + Matching.snakeCase($0.rawValue) } ?? "overview"
    }

    private func topics(_ context: DialogContext<SchoolEnvironment>) -> OutMessage {
        var rows = Topic.allCases.map { [context.t($0.question)] }
        rows.append([context.t(CoreText.buttonContinue.rawValue), context.t(CoreText.buttonHuman.rawValue)])
        return OutMessage(context.t(.helpFAQPrompt), buttons: rows)
    }

    private static func topic(forNumber text: String) -> Topic? {
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), (1...Topic.allCases.count).contains(number)
        else { return nil }
        return Topic.allCases[number - 1]
    }

    private func topic(forIntent text: String, _ context: DialogContext<SchoolEnvironment>) -> Topic? {
        switch context.environment.intents.recognize(text)?.intent {
        case .credentials: .whereToSend
        case .status: .whenLogin
        case .director: .confirmDirector
        case .directorChange: .directorChanged
        case .approvals: .confirmUsers
        case .report: .whenReport
        default: nil
        }
    }
}
