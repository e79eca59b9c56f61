import BotCore
import Cabinet

/// The director has changed: the order letter (subject "Prikaz" in Russian) to ssod@innopolis.ru and when the change takes effect.
public struct DirectorChangeDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum State: Codable, Equatable, Sendable {
        case askINN
        case letter(requestID: Int)
        case askSentDate(requestID: Int)
    }

    public init() {}

    public var id: String { "director_change" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        if let inn = knownINN(argument, context) {
            return prepare(inn, context)
        }
        return .stay(.askINN, [OutMessage(context.t(.changeIntro)), askINN(context)])
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        switch (state, event) {
        case (.askINN, .back):
            return .finish(.cancelled)
        case (.askINN, .resumed), (.askINN, .childFinished):
            return .stay(state, [askINN(context)])
        case (.askINN, .text(let text)):
            switch Validators.inn(text, context) {
            case .valid(let inn): return prepare(inn, context)
            case .invalid(let reason): return .stay(state, [OutMessage(reason), askINN(context)], invalid: true)
            }
        case (.letter, .back):
            return .stay(.askINN, [askINN(context)])
        case (.letter, .resumed), (.letter, .childFinished):
            return .stay(state, [sentQuestion(context)])
        case (.letter(let id), .text(let text)):
            if Matching.isLabel(text, L.credentialsSentToday.rawValue, context)
                || InputWords.saysSent(Matching.fold(text))
            {
                return markSent(id, on: DateText.today(context), state: state, context)
            }
            if Matching.isLabel(text, L.credentialsSentOtherDay.rawValue, context) {
                return .stay(.askSentDate(requestID: id), [askDate(context)])
            }
            if Matching.isLabel(text, L.credentialsSentLater.rawValue, context)
                || InputWords.no.contains(Matching.fold(text))
            {
                return .finish(.done(nil), [OutMessage(context.t(.changeLater))])
            }
            if let date = DateText.parse(text, context) {
                return markSent(id, on: date, state: state, context)
            }
            return .stay(state, [OutMessage(context.t(.credentialsSentHint)), sentQuestion(context)], invalid: true)
        case (.askSentDate(let id), .back):
            return .stay(.letter(requestID: id), [sentQuestion(context)])
        case (.askSentDate, .resumed), (.askSentDate, .childFinished):
            return .stay(state, [askDate(context)])
        case (.askSentDate(let id), .text(let text)):
            guard let date = DateText.parse(text, context) else {
                return .stay(state, [OutMessage(context.t(.reasonDate)), askDate(context)], invalid: true)
            }
            return markSent(id, on: date, state: state, context)
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .askINN: "ask_inn"
        case .letter: "letter"
        case .askSentDate: "ask_sent_date"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        switch state {
        case .askINN: context.t(.statusHintINN)
        case .letter: context.t(.credentialsSentHint)
        case .askSentDate: context.t(.reasonDate)
        }
    }

    /// The INN given as the argument, or the logged-in account's organization's.
    private func knownINN(_ argument: String?, _ context: Context) -> String? {
        if let argument, INN.isValidOrganization(argument) { return INN.normalized(argument) }
        guard let account = context.environment.account(of: context.chat), let organization = account.organizationID
        else { return nil }
        return (try? context.environment.cabinet.organization(id: organization))?.inn
    }

    private func prepare(_ inn: String, _ context: Context) -> Step<State> {
        let request: DirectorChangeRequest
        do {
            request = try context.environment.cabinet.createDirectorChangeRequest(inn: inn, chat: context.chat)
        } catch {
            return .stay(.askINN, [OutMessage(ErrorText.message(error, context)), askINN(context)], invalid: true)
        }
        let name = request.organizationID.flatMap { try? context.environment.cabinet.organization(id: $0) }?.name
        let address = context.environment.settings.ssodAddress
        let today = DateText.today(context)
        let calendar = context.environment.cabinet.calendar
        let earliest = calendar.adding(businessDays: Cabinet.directorChangeDays.lowerBound, to: today)
        let due = calendar.adding(businessDays: Cabinet.directorChangeDays.upperBound, to: today)
        let steps = context.t(
            .changeSteps,
            [
                "address": .text(address), "inn": .text(inn),
                "earliest": .text(DateText.format(earliest, context)), "due": .text(DateText.format(due, context)),
            ])
        let letter = context.t(
            .changeLetter, ["inn": .text(inn), "name": .text(name ?? context.t(.changeOrganizationUnknown))])
        return .stay(
            .letter(requestID: request.id.rawValue), [OutMessage(steps), OutMessage(letter), sentQuestion(context)])
    }

    private func markSent(_ id: Int, on date: CivilDate, state: State, _ context: Context) -> Step<State> {
        do {
            let request = try context.environment.cabinet.markDirectorChangeRequestSent(
                DirectorChangeRequestID(rawValue: id), on: date, chat: context.chat)
            let text = context.t(
                .changeDue,
                [
                    "sent": .text(DateText.format(date, context)),
                    "earliest": .text(request.earliestOn.map { DateText.format($0, context) } ?? ""),
                    "due": .text(request.dueOn.map { DateText.format($0, context) } ?? ""),
                ])
            return .finish(.done(nil), [OutMessage(text)])
        } catch {
            return .stay(state, [OutMessage(ErrorText.message(error, context)), askDate(context)], invalid: true)
        }
    }

    private func askINN(_ context: Context) -> OutMessage {
        OutMessage(context.t(.statusAskINN), buttons: [Step<State>.navigation(context)], input: .text)
    }

    private func sentQuestion(_ context: Context) -> OutMessage {
        OutMessage(
            context.t(.changeSentQuestion),
            buttons: [
                [context.t(.credentialsSentToday)], [context.t(.credentialsSentOtherDay)],
                [context.t(.credentialsSentLater)],
            ])
    }

    private func askDate(_ context: Context) -> OutMessage {
        OutMessage(context.t(.credentialsAskDate), buttons: [Step<State>.navigation(context)], input: .text)
    }
}
