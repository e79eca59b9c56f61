import BotCore
import Cabinet
import Foundation

/// Sending the report on the decisions not yet reported; past reports.
public struct ReportDialog: Dialog {
    public typealias Environment = SchoolEnvironment
    public typealias Context = DialogContext<SchoolEnvironment>

    public enum State: Codable, Equatable, Sendable {
        case preview(number: Int)
        case nothingNew
        case sent(number: Int)
        case history
    }

    public init() {}

    public var id: String { "report" }

    public func start(_ argument: String?, context: Context) -> Step<State> {
        guard let account = context.environment.account(of: context.chat) else {
            return Step([OutMessage(context.t(.reportLoginFirst))], .replace(DialogLaunch("login")))
        }
        // The director reports the organization's decisions, a teacher's on students among them.
        if account.role == .teacher {
            return .finish(.cancelled, [OutMessage(context.t(.reportByDirector))])
        }
        return preview(account, context)
    }

    public func handle(_ event: DialogEvent, state: State, context: Context) -> Step<State> {
        guard let account = context.environment.account(of: context.chat) else {
            return .finish(.cancelled, [OutMessage(context.t(.errorNotLoggedIn))])
        }
        switch event {
        case .back:
            if state == .history { return preview(account, context) }
            return .finish(.cancelled)
        case .resumed, .childFinished:
            return state == .history ? history(account, context) : preview(account, context)
        case .text(let text):
            if Matching.isLabel(text, L.reportHistory.rawValue, context) {
                return history(account, context)
            }
            if case .preview(let number) = state {
                if Matching.isLabel(text, L.reportSend.rawValue, context) || text.hasPrefix(context.t(.reportSendVerb))
                    || Matching.isLabel(text, CoreText.buttonYes.rawValue, context)
                {
                    return send(expected: number, account, context)
                }
                return .stay(
                    state, [OutMessage(context.t(.reportSendHint))] + preview(account, context).messages,
                    invalid: true)
            }
            return Step([], .handBack)
        }
    }

    public func step(of state: State) -> String {
        switch state {
        case .preview: "preview"
        case .nothingNew: "nothing_new"
        case .sent: "sent"
        case .history: "history"
        }
    }

    // MARK: - Steps

    private func preview(_ account: Account, _ context: Context) -> Step<State> {
        let unreported: UnreportedDecisions
        do {
            unreported = try context.environment.cabinet.unreportedDecisions(actor: account.id)
        } catch {
            return .finish(.cancelled, [OutMessage(ErrorText.message(error, context))])
        }
        guard !unreported.isEmpty else {
            return .stay(
                .nothingNew,
                [
                    OutMessage(
                        context.t(.reportNothingNew),
                        buttons: [
                            [context.t(.reportHistory)], [context.t(CoreText.buttonMenu.rawValue)],
                        ])
                ])
        }
        var lines = [context.t(.reportPreviewHeader, ["n": .number(unreported.nextNumber)])]
        lines += summary(unreported.names(of:_:), context, shown: Self.namesShown)
        let send = context.t(.reportSend, ["n": .number(unreported.nextNumber)])
        return .stay(
            .preview(number: unreported.nextNumber),
            [
                OutMessage(
                    lines.joined(separator: "\n"),
                    buttons: [
                        [send], [context.t(.reportHistory)], Step<State>.navigation(context),
                    ])
            ])
    }

    /// How many names of each group a chat message lists; the CSV file and the e-mail list them all.
    static let namesShown = 20

    /// A line per group of decisions: the count and the names (the first `shown` of them, when given).
    private func summary(_ names: (Role, Verdict) -> [String], _ context: Context, shown: Int? = nil) -> [String] {
        var lines: [String] = []
        let groups: [(Role, Verdict, L)] = [
            (.teacher, .confirm, .reportTeachersConfirmed), (.teacher, .reject, .reportTeachersRejected),
            (.student, .confirm, .reportStudentsConfirmed), (.student, .reject, .reportStudentsRejected),
        ]
        for (role, verdict, key) in groups {
            let list = names(role, verdict)
            guard !list.isEmpty else { continue }
            let limit = shown ?? list.count
            var listed = list.prefix(limit).joined(separator: ", ")
            if list.count > limit {
                listed += " " + context.t(.reportMoreNames, ["n": .number(list.count - limit)])
            }
            lines.append(context.t(key, ["n": .number(list.count), "names": .text(listed)]))
        }
        return lines
    }

    private func send(expected: Int, _ account: Account, _ context: Context) -> Step<State> {
        let environment = context.environment
        let report: Report
        do {
            report = try environment.cabinet.sendReport(actor: account.id)
        } catch {
            return .stay(.nothingNew, [OutMessage(ErrorText.message(error, context))])
        }
        let organization = account.organizationID.flatMap { try? environment.cabinet.organization(id: $0) }
        let inn = organization?.inn ?? ""
        let header = context.t(
            .reportSent,
            [
                "n": .number(report.number), "date": .text(DateText.format(DateText.today(context), context)),
            ])
        var lines = [header] + summary(report.names(of:_:), context, shown: Self.namesShown)
        let csv = ReportArchive.csv(report, inn: inn, timeZone: context.clock.timeZone)
        do {
            // The server's path is for operators; a person in a messenger reads where the CSV went.
            _ = try environment.reports.write(report, inn: inn, timeZone: context.clock.timeZone)
            if organization != nil { lines.append(context.t(.reportFile)) }
        } catch {
            environment.log("report CSV not written: \(error)")
        }
        if let organization {
            let mail = OutgoingMail(
                from: MailAddress(address: environment.settings.fromAddress),
                to: [MailAddress(name: organization.name, address: organization.email)],
                subject: context.t(.reportMailSubject, ["n": .number(report.number), "inn": .text(inn)]),
                body: ([header] + summary(report.names(of:_:), context)).joined(separator: "\n"),
                attachments: [
                    MailAttachment(
                        filename: "report-\(report.number).csv", contentType: "text/csv",
                        charset: "utf-8", data: Data(csv.utf8))
                ])
            do {
                try environment.outbox.send(mail)
                lines.append(context.t(.reportMailed, ["email": .text(organization.email)]))
            } catch {
                environment.log("report e-mail not composed: \(error)")
            }
        }
        return .stay(
            .sent(number: report.number),
            [
                OutMessage(
                    lines.joined(separator: "\n"),
                    buttons: [
                        [context.t(.reportHistory)], [context.t(CoreText.buttonMenu.rawValue)],
                    ])
            ])
    }

    private func history(_ account: Account, _ context: Context) -> Step<State> {
        let reports = (try? context.environment.cabinet.reports(actor: account.id)) ?? []
        var lines = [context.t(reports.isEmpty ? .reportNoHistory : .reportHistoryHeader)]
        for report in reports.reversed().prefix(20) {
            let date = DateText.format(CivilDate(report.sentAt, in: context.clock.timeZone), context)
            let confirmed = report.counts.confirmedTeachers + report.counts.confirmedStudents
            let rejected = report.counts.rejectedTeachers + report.counts.rejectedStudents
            lines.append(
                context.t(
                    .reportHistoryLine,
                    [
                        "n": .number(report.number), "date": .text(date), "confirmed": .number(confirmed),
                        "rejected": .number(rejected),
                    ]))
        }
        return .stay(
            .history,
            [
                OutMessage(
                    lines.joined(separator: "\n"),
                    buttons: [
                        Step<State>.navigation(context), [context.t(CoreText.buttonMenu.rawValue)],
                    ])
            ])
    }
}
