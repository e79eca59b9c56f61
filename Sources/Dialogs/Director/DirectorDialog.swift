import BotCore
import Cabinet

/// Confirming the director's identity: consent as its own act, then the data to send, then the wait.
public struct DirectorDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    /// The version of the consent text (change it together with the text).
    static let consentVersion = "2025-09-01"

    public enum State: String, Codable, Equatable, Sendable {
        case consent, sendData, askSentDate, waiting, confirmed
    }

    public init() {}

    public var id: String { "director" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        guard let account = context.environment.account(of: context.chat) else {
            return Step([OutMessage(context.t(.directorLoginFirst))], .replace(DialogLaunch("login")))
        }
        guard account.role == .director else {
            return .finish(.cancelled, [OutMessage(context.t(.directorOnlyDirector))])
        }
        return show(context, account: account)
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        guard let account = context.environment.account(of: context.chat), account.role == .director else {
            return .finish(.cancelled, [OutMessage(context.t(.errorNotLoggedIn))])
        }
        switch event {
        case .back:
            return state == .askSentDate ? show(context, account: account) : .finish(.cancelled)
        case .resumed, .childFinished:
            return show(context, account: account)
        case .text(let text):
            return answer(text, state: state, account: account, context)
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .consent: "consent"
        case .sendData: "send_data"
        case .askSentDate: "ask_sent_date"
        case .waiting: "waiting"
        case .confirmed: "confirmed"
        }
    }

    public func formatHint(for state: State, context: Context) -> String? {
        state == .consent ? context.t(.directorConsentHint) : nil
    }

    // MARK: - Answers

    private func answer(_ text: String, state: State, account: Account, _ context: Context) -> Step<State> {
        let cabinet = context.environment.cabinet
        let consent = ConsentContext(
            chat: context.chat, messageID: context.messageID, textVersion: Self.consentVersion,
            textHash: TextFingerprint.of(context.t(.directorConsentText)), purpose: context.t(.directorConsentPurpose))
        do {
            switch state {
            case .consent:
                if Matching.isLabel(text, L.directorAgree.rawValue, context) {
                    try cabinet.recordConsent(actor: account.id, context: consent)
                    return show(context, account: account, intro: [context.t(.directorConsentRecorded)])
                }
                if Matching.isLabel(text, L.directorDisagree.rawValue, context) {
                    return .stay(state, [OutMessage(context.t(.directorWhyConsent)), consentMessage(context)])
                }
                return .stay(
                    state, [OutMessage(context.t(.directorConsentHint)), consentMessage(context)], invalid: true)
            case .sendData, .waiting:
                if Matching.isLabel(text, L.directorSentToday.rawValue, context)
                    || InputWords.saysSent(Matching.fold(text))
                {
                    try cabinet.markDirectorDataSent(actor: account.id)
                    return show(context, account: account)
                }
                if let date = DateText.parse(text, context) {
                    try cabinet.markDirectorDataSent(actor: account.id, on: date)
                    return show(context, account: account)
                }
                if Matching.isLabel(text, L.directorSentOtherDay.rawValue, context) {
                    return .stay(.askSentDate, [askDate(context)])
                }
                if Matching.isLabel(text, L.directorWithdraw.rawValue, context) {
                    try cabinet.withdrawConsent(actor: account.id, context: consent)
                    return show(context, account: account, intro: [context.t(.directorWithdrawn)])
                }
                return .stay(
                    state, [OutMessage(context.t(.directorChooseAction))] + show(context, account: account).messages,
                    invalid: true)
            case .askSentDate:
                guard let date = DateText.parse(text, context) else {
                    return .stay(state, [OutMessage(context.t(.reasonDate)), askDate(context)], invalid: true)
                }
                try cabinet.markDirectorDataSent(actor: account.id, on: date)
                return show(context, account: account)
            case .confirmed:
                if Matching.isLabel(text, L.optionApprovals.rawValue, context) {
                    return Step([], .replace(DialogLaunch("approvals")))
                }
                return Step([], .handBack)
            }
        } catch {
            return .stay(state, [OutMessage(ErrorText.message(error, context))], invalid: true)
        }
    }

    // MARK: - Showing the state

    private func show(_ context: Context, account: Account, intro: [String] = []) -> Step<State> {
        let cabinet = context.environment.cabinet
        let identity: DirectorIdentity
        do {
            identity = try cabinet.directorIdentity(actor: account.id)
        } catch {
            return .finish(.cancelled, [OutMessage(ErrorText.message(error, context))])
        }
        let prefix = intro.map { OutMessage($0) }
        switch identity.state {
        case .unconfirmed:
            return .stay(.consent, prefix + [OutMessage(context.t(.directorConsentIntro)), consentMessage(context)])
        case .consentGiven:
            return .stay(.sendData, prefix + sendDataMessages(account, context))
        case .dataSent:
            let sent = identity.dataSentOn.map { DateText.format($0, context) } ?? ""
            let earliest = identity.earliestOn.map { DateText.format($0, context) } ?? ""
            let due = identity.dueOn.map { DateText.format($0, context) } ?? ""
            var text = context.t(
                .directorWaiting, ["sent": .text(sent), "earliest": .text(earliest), "due": .text(due)])
            if let dueOn = identity.dueOn, DateText.today(context) > dueOn {
                text += "\n" + context.t(.statusOverdueAdvice)
            }
            return .stay(
                .waiting,
                prefix + [
                    OutMessage(
                        text,
                        buttons: [
                            [context.t(.directorSentOtherDay)], [context.t(.directorWithdraw)],
                            [context.t(CoreText.buttonMenu.rawValue)],
                        ])
                ])
        case .confirmed:
            return .stay(
                .confirmed,
                prefix + [
                    OutMessage(
                        context.t(.directorConfirmed),
                        buttons: [
                            [context.t(.optionApprovals)], [context.t(CoreText.buttonMenu.rawValue)],
                        ])
                ])
        }
    }

    private func consentMessage(_ context: Context) -> OutMessage {
        OutMessage(
            context.t(.directorConsentText), buttons: [[context.t(.directorAgree)], [context.t(.directorDisagree)]])
    }

    private func sendDataMessages(_ account: Account, _ context: Context) -> [OutMessage] {
        let organization = account.organizationID.flatMap { try? context.environment.cabinet.organization(id: $0) }
        let inn = organization?.inn ?? ""
        let address = context.environment.settings.directorDataAddress
        let instructions = context.t(.directorSendData, ["address": .text(address), "inn": .text(inn)])
        let letter = context.t(
            .directorLetter,
            [
                "name": .text(account.fullName), "organization": .text(organization?.name ?? ""), "inn": .text(inn),
            ])
        return [
            OutMessage(instructions), OutMessage(letter),
            OutMessage(
                context.t(.directorSentQuestion),
                buttons: [
                    [context.t(.directorSentToday)], [context.t(.directorSentOtherDay)], [context.t(.directorWithdraw)],
                ]),
        ]
    }

    private func askDate(_ context: Context) -> OutMessage {
        OutMessage(context.t(.credentialsAskDate), buttons: [Step<State>.navigation(context)], input: .text)
    }
}
