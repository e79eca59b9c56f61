import BotCore
import Cabinet

/// Who a chat is, as the menu needs to know it.
struct Viewer: Equatable {
    var role: Role?
    var name: String?
    var accountConfirmed = false
    var directorConfirmed = false
    /// A director's identity: where its confirmation stands.
    var directorIdentity: DirectorIdentity?
    /// Users waiting for this viewer's decision.
    var waiting = 0
    /// Decisions of the organization not yet reported.
    var unreported = 0
}

/// What the school dialogs work with: the Cabinet, the intent recogniser, the settings.
///
/// Lives on the turn writer's thread with the Cabinet's connection; not `Sendable`.
public final class SchoolEnvironment {
    public let cabinet: Cabinet
    public let intents: IntentRecognizer
    public let settings: SchoolSettings
    /// E-mails, written to the outbox after each commit.
    public let outbox: MailOutbox
    /// Where report CSV files go.
    public let reports: ReportArchive
    /// Diagnostics (never personal data).
    public var log: (String) -> Void = { _ in }

    public init(
        cabinet: Cabinet, outbox: MailOutbox, reports: ReportArchive, settings: SchoolSettings = SchoolSettings(),
        intents: IntentRecognizer = IntentRecognizer()
    ) {
        self.cabinet = cabinet
        self.outbox = outbox
        self.reports = reports
        self.settings = settings
        self.intents = intents
    }

    /// The account a chat is logged in as, if any.
    func account(of chat: String) -> Account? {
        do {
            return try cabinet.boundAccount(chat: chat)
        } catch {
            log("bound account lookup failed: \(error)")
            return nil
        }
    }

    /// Who the chat is and what waits for it.
    func viewer(of chat: String) -> Viewer {
        guard let account = account(of: chat) else { return Viewer() }
        var viewer = Viewer(role: account.role, name: account.fullName, accountConfirmed: account.status == .confirmed)
        if account.role == .director {
            viewer.directorIdentity = try? cabinet.directorIdentity(actor: account.id)
            viewer.directorConfirmed = viewer.directorIdentity?.isConfirmed ?? false
        }
        if account.status == .confirmed, account.role == .director || account.role == .teacher {
            if let counts = try? cabinet.pendingCounts(actor: account.id) {
                viewer.waiting = counts.teachers + counts.students
            }
        }
        if account.role == .director, viewer.directorConfirmed {
            viewer.unreported = (try? cabinet.unreportedDecisions(actor: account.id))?.decisions.count ?? 0
        }
        return viewer
    }

    /// The language a chat speaks (its session's, or the default), for pushes to it.
    func language(of chat: String) -> Language {
        (try? CoreStore.loadSession(cabinet.connection, chat: chat))?.language ?? settings.defaultLanguage
    }

    /// Pushes a catalog text to every chat logged in as `account`, each in its own language.
    func notify<Environment>(
        account: AccountID, _ context: DialogContext<Environment>, _ text: (Language) -> String
    ) {
        for chat in (try? cabinet.chats(boundTo: account)) ?? [] where chat != context.chat {
            context.push(to: chat, [OutMessage(text(language(of: chat)))])
        }
    }

    /// Unbinds the chat from its account.
    func logOut(chat: String) {
        do {
            _ = try cabinet.logout(chat: chat)
        } catch {
            log("logout failed: \(error)")
        }
    }
}

/// Addresses and texts the platform configures.
public struct SchoolSettings: Sendable {
    /// Where credential requests go.
    public var regionsAddress = "regions@educont.ru"
    /// Where the director's data and orders on a change of director go.
    public var ssodAddress = "ssod@innopolis.ru"
    /// Where the director sends the identity data (shown only after consent).
    public var directorDataAddress = "ssod@innopolis.ru"
    /// Support's address.
    public var helpAddress = "help@educont.ru"
    /// Support's phone.
    public var helpPhone = "8 800 550-63-73"
    /// The language of chats that have not chosen one.
    public var defaultLanguage = Language.ru
    /// The address system e-mails are sent from.
    public var fromAddress = "noreply@educont.ru"

    public init() {}
}
