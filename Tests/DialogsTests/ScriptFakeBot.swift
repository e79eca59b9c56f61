import BotCore
import Cabinet
import Foundation

@testable import Dialogs

/// A small bot for the runner's own tests: the real store, Cabinet and turn processor, with a menu that pushes,
/// answers in several messages, writes mail and tells the time on request.
enum ScriptFakeBot {
    /// Builds the fake bot as `SchoolBot.makeProcessor` builds the real one.
    static func make(_ configuration: BotConfiguration) throws -> TurnProcessor<SchoolEnvironment> {
        let db = try Connection(path: configuration.databasePath, durability: configuration.durability)
        _ = try Migrator.migrate(db, SchoolBot.migrations)
        let cabinet = Cabinet(
            connection: db, clock: configuration.clock, random: configuration.random, calendar: .russia,
            passwordCost: configuration.passwordCost)
        let engine = Engine<SchoolEnvironment>(
            dialogs: [ScriptFakeMenu(outbox: configuration.outbox, inbox: configuration.inbox), ScriptFakeHelp()],
            rootDialog: "menu", helpDialog: "help", catalog: Catalog([:]), defaultLanguage: configuration.language,
            random: configuration.random)
        let outbox = MailOutbox(
            folder: URL(fileURLWithPath: configuration.outbox), domain: "educont.ru", clock: configuration.clock,
            random: configuration.random)
        let environment = SchoolEnvironment(
            cabinet: cabinet, outbox: outbox,
            reports: ReportArchive(folder: URL(fileURLWithPath: configuration.reports)))
        return TurnProcessor(db: db, engine: engine, clock: configuration.clock, environment: environment)
    }

    /// A runner on the fake bot.
    static let runner = ScriptRunner(makeProcessor: { try make($0) })
}

/// The fake's menu: every command is one word and its argument.
struct ScriptFakeMenu: Dialog {
    typealias Environment = SchoolEnvironment

    struct State: Codable, Sendable {}

    let outbox: String
    let inbox: String

    var id: String { "menu" }

    func start(_ argument: String?, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        .stay(State(), [OutMessage("menu", buttons: [["one", "two"], ["three"]])])
    }

    func handle(_ event: DialogEvent, state: State, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        guard case .text(let text) = event else { return .stay(state, [OutMessage("menu")]) }
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = words.count > 1 ? words[1] : ""
        switch words.first ?? "" {
        case "notify":
            context.push(to: argument, [OutMessage("ping from \(context.chat)", buttons: [["ok"]])])
            return .stay(state, [OutMessage("sent to \(argument)")])
        case "two":
            return .stay(
                state,
                [
                    OutMessage("first"), OutMessage("second\nline", buttons: [["b"]], input: .secret),
                ])
        case "time":
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = context.clock.timeZone
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            return .stay(state, [OutMessage(formatter.string(from: context.now))])
        case "who":
            let account = try? context.environment.cabinet.account(login: argument)
            let text = account.map { "\($0.login): \($0.role.rawValue) \($0.status.rawValue)" } ?? "no \(argument)"
            return .stay(state, [OutMessage(text)])
        case "org":
            let organization = try? context.environment.cabinet.organization(inn: argument)
            return .stay(state, [OutMessage(organization.map { "\($0.name), \($0.email)" } ?? "no organization")])
        case "inbox":
            return .stay(state, [OutMessage(inboxSubjects().joined(separator: "\n"))])
        case "mail":
            writeMail(to: argument, context)
            return .stay(state, [OutMessage("mailed")])
        case "boom":
            return Step([], .push(state, child: DialogLaunch("missing")))
        case "echo":
            return .stay(state, [OutMessage(argument)])
        default:
            return .stay(state, [OutMessage("you said: \(text)")])
        }
    }

    func step(of state: State) -> String { "main" }

    private func inboxSubjects() -> [String] {
        guard let maildir = try? Maildir(root: URL(fileURLWithPath: inbox)), let files = try? maildir.newMessages()
        else { return ["no inbox"] }
        return files.compactMap { file in
            guard let data = try? maildir.read(file), let message = try? MailMessage.parse(data) else { return nil }
            let names = message.attachments.compactMap(\.filename).joined(separator: ",")
            let body = message.textBody.trimmingCharacters(in: .whitespacesAndNewlines)
            return [message.subject, body, names].filter { !$0.isEmpty }.joined(separator: " / ")
        }
    }

    private func writeMail(to address: String, _ context: DialogContext<SchoolEnvironment>) {
        let mail = OutgoingMail(
            from: MailAddress(address: "noreply@educont.ru"), to: [MailAddress(address: address)],
            subject: "Отчёт № 1", body: "ИНН 7707083893\nРешений: 2",
            attachments: [MailAttachment(filename: "report.csv", contentType: "text/csv", data: Data("a,b\n".utf8))])
        let composer = MailComposer(domain: "educont.ru", timeZone: context.clock.timeZone)
        guard let composed = try? composer.render(mail, date: context.now, uniqueID: "m\(context.random.next())"),
            let maildir = try? Maildir(root: URL(fileURLWithPath: outbox))
        else { return }
        _ = try? maildir.deliver(composed.data)
    }
}

/// The fake's help: one message, then back.
struct ScriptFakeHelp: Dialog {
    typealias Environment = SchoolEnvironment

    struct State: Codable, Sendable {}

    var id: String { "help" }

    func start(_ argument: String?, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        .stay(State(), [OutMessage("help text")])
    }

    func handle(_ event: DialogEvent, state: State, context: DialogContext<SchoolEnvironment>) -> Step<State> {
        .finish(.done(nil))
    }

    func step(of state: State) -> String { "overview" }
}
