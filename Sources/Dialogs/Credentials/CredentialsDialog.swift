import BotCore
import Cabinet

/// The request for a login and password: the organization's data, the letter to print, the due date.
public struct CredentialsDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum Phase: Codable, Equatable, Sendable {
        case form(FormState)
        /// The letter was shown; waiting to hear whether it was sent.
        case letter(requestID: Int, email: String)
        /// Asking the day it was sent.
        case askSentDate(requestID: Int, email: String)
    }

    public struct State: Codable, Equatable, Sendable {
        var phase: Phase
    }

    static let form = Form<SchoolEnvironment>([
        schoolField("credentials", "name", Validators.organizationName),
        schoolField("credentials", "inn", Validators.inn),
        schoolField("credentials", "region", Validators.region),
        schoolField("credentials", "email", Validators.email),
        schoolField("credentials", "director", Validators.personName),
        phoneField,
    ])

    /// The phone, kept as +7XXXXXXXXXX and shown as +7 (843) 123-45-67.
    static var phoneField: FormField<SchoolEnvironment> {
        var field = schoolField("credentials", "phone", optional: true, Validators.phone)
        field.display = { value, _ in (try? PhoneNumber(value))?.formatted ?? value }
        return field
    }

    public init() {}

    public var id: String { "credentials" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        let intro = OutMessage(context.t(.credentialsIntro))
        var step = formStep(Self.form.start(context), context)
        step.messages.insert(intro, at: 0)
        return step
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        switch state.phase {
        case .form(let form):
            let outcome = Self.form.handle(event, form, context)
            if case .asking(let next, _, _) = outcome, let inn = next.values["inn"], form.values["inn"] != inn,
                let redirect = requestInProgress(inn, context)
            {
                return redirect
            }
            return formStep(outcome, context)
        case .letter(let requestID, let email):
            return letterAnswer(event, requestID: requestID, email: email, context)
        case .askSentDate(let requestID, let email):
            switch event {
            case .back:
                return Step([letterQuestion(context)], .stay(State(phase: .letter(requestID: requestID, email: email))))
            case .resumed, .childFinished: return .stay(state, [askDate(context)])
            case .text(let text):
                guard let date = DateText.parse(text, context) else {
                    return .stay(state, [OutMessage(context.t(.reasonDate)), askDate(context)], invalid: true)
                }
                return markSent(requestID: requestID, email: email, on: date, state: state, context)
            }
        }
    }

    public func step(of state: State) -> String {
        switch state.phase {
        case .form(let form): Self.form.step(of: form)
        case .letter: "letter"
        case .askSentDate: "ask_sent_date"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        switch state.phase {
        case .form(let form): Self.form.hint(form, context)
        case .letter: context.t(.credentialsSentHint)
        case .askSentDate: context.t(.reasonDate)
        }
    }

    // MARK: - Steps

    private func formStep(_ outcome: FormOutcome, _ context: Context) -> Step<State> {
        switch outcome {
        case .asking(let form, let messages, let invalid):
            return .stay(State(phase: .form(form)), messages, invalid: invalid)
        case .left:
            return .finish(.cancelled)
        case .completed(let form):
            return submit(form, context)
        }
    }

    private func requestInProgress(_ inn: String, _ context: Context) -> Step<State>? {
        guard let request = try? context.environment.cabinet.credentialRequestInProgress(inn: inn),
            request.state == .sent
        else { return nil }
        return Step([OutMessage(context.t(.credentialsAlreadySent))], .replace(DialogLaunch("status", argument: inn)))
    }

    private func submit(_ form: FormState, _ context: Context) -> Step<State> {
        let values = form.values
        let phone = values["phone"].flatMap { $0.isEmpty ? nil : $0 }
        let fields = CredentialRequestFields(
            organizationName: values["name"] ?? "", inn: values["inn"] ?? "",
            region: values["region"].flatMap { $0.isEmpty ? nil : String($0.prefix(2)) },
            email: values["email"] ?? "", directorName: values["director"] ?? "", phone: phone)
        let request: CredentialRequest
        do {
            request = try context.environment.cabinet.createCredentialRequest(fields, chat: context.chat)
        } catch .credentialRequestInProgress {
            return Step(
                [OutMessage(context.t(.credentialsAlreadySent))],
                .replace(DialogLaunch("status", argument: fields.inn)))
        } catch {
            return .stay(State(phase: .form(form)), [OutMessage(ErrorText.message(error, context))], invalid: true)
        }
        let today = DateText.today(context)
        let due = context.environment.cabinet.calendar.adding(businessDays: Cabinet.credentialAnswerDays, to: today)
        let letter = context.t(
            .credentialsLetter,
            [
                "name": .text(fields.organizationName), "inn": .text(fields.inn),
                "region": .text(values["region"] ?? ""), "email": .text(fields.email),
                "director": .text(fields.directorName),
                "phone": .text(
                    phone.map { (try? PhoneNumber($0))?.formatted ?? $0 } ?? context.t(CoreText.formEmptyValue.rawValue)
                ),
            ])
        let steps = context.t(
            .credentialsSteps,
            [
                "address": .text(context.environment.settings.regionsAddress), "email": .text(fields.email),
                "due": .text(DateText.format(due, context)),
            ])
        return .stay(
            State(phase: .letter(requestID: request.id.rawValue, email: fields.email)),
            [OutMessage(letter), OutMessage(steps), letterQuestion(context)])
    }

    private func letterQuestion(_ context: Context) -> OutMessage {
        OutMessage(
            context.t(.credentialsSentQuestion),
            buttons: [
                [context.t(.credentialsSentToday)], [context.t(.credentialsSentOtherDay)],
                [context.t(.credentialsSentLater)],
            ])
    }

    private func askDate(_ context: Context) -> OutMessage {
        OutMessage(context.t(.credentialsAskDate), buttons: [Step<State>.navigation(context)], input: .text)
    }

    private func letterAnswer(_ event: DialogEvent, requestID: Int, email: String, _ context: Context) -> Step<State> {
        let state = State(phase: .letter(requestID: requestID, email: email))
        switch event {
        case .back, .resumed, .childFinished:
            return .stay(state, [letterQuestion(context)])
        case .text(let text):
            if Matching.isLabel(text, L.credentialsSentToday.rawValue, context)
                || InputWords.saysSent(Matching.fold(text))
            {
                return markSent(requestID: requestID, email: email, on: DateText.today(context), state: state, context)
            }
            if Matching.isLabel(text, L.credentialsSentOtherDay.rawValue, context) {
                return .stay(State(phase: .askSentDate(requestID: requestID, email: email)), [askDate(context)])
            }
            if Matching.isLabel(text, L.credentialsSentLater.rawValue, context)
                || InputWords.no.contains(Matching.fold(text))
            {
                return .finish(.done(nil), [OutMessage(context.t(.credentialsLater))])
            }
            if let date = DateText.parse(text, context) {
                return markSent(requestID: requestID, email: email, on: date, state: state, context)
            }
            return .stay(state, [OutMessage(context.t(.credentialsSentHint)), letterQuestion(context)], invalid: true)
        }
    }

    private func markSent(requestID: Int, email: String, on date: CivilDate, state: State, _ context: Context) -> Step<
        State
    > {
        do {
            let request = try context.environment.cabinet.markCredentialRequestSent(
                CredentialRequestID(rawValue: requestID), on: date, chat: context.chat)
            let due = request.dueOn.map { DateText.format($0, context) } ?? ""
            let text = context.t(
                .credentialsDue,
                [
                    "sent": .text(DateText.format(date, context)), "due": .text(due), "email": .text(email),
                ])
            return .finish(.done(nil), [OutMessage(text)])
        } catch {
            return .stay(state, [OutMessage(ErrorText.message(error, context)), askDate(context)], invalid: true)
        }
    }
}
