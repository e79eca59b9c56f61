import BotCore
import Cabinet
import Foundation

/// How to run the assistant: where its data lives and how its clock and randomness behave.
public struct BotConfiguration: Sendable {
    /// `--db`: an SQLite file's path, or a `postgres://` URL (see `DatabaseLocation`).
    public var databasePath: String
    public var outbox: String
    public var inbox: String
    /// Where report CSV files are written (default `reports/` beside the database).
    public var reports: String
    /// Where e-mails wait while the outbox cannot be written (default `mail-spool/` beside the database).
    public var mailSpool: String
    public var language: Language
    public var clock: Clock
    public var durability: Durability
    public var random: RandomSource
    /// The yescrypt cost (0: libcrypt's default; tests and benchmarks use 1).
    public var passwordCost: Int

    public init(
        databasePath: String = "botrunner.sqlite", outbox: String? = nil, inbox: String? = nil,
        language: Language = .ru, clock: Clock = Clock(), durability: Durability = .full,
        random: RandomSource = .system, passwordCost: Int = 0
    ) {
        self.databasePath = databasePath
        // The folders live beside an SQLite file; with PostgreSQL, in the current folder unless given.
        let folder =
            DatabaseLocation(databasePath).filePath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
            ?? FileManager.default.currentDirectoryPath
        self.outbox = outbox ?? (folder as NSString).appendingPathComponent("outbox")
        self.inbox = inbox ?? (folder as NSString).appendingPathComponent("inbox")
        self.reports = (folder as NSString).appendingPathComponent("reports")
        self.mailSpool = (folder as NSString).appendingPathComponent("mail-spool")
        self.language = language
        self.clock = clock
        self.durability = durability
        self.random = random
        self.passwordCost = passwordCost
    }

    /// The store `databasePath` names.
    public var database: DatabaseLocation { DatabaseLocation(databasePath) }
}

/// The assembled assistant: the school dialogs on the engine, over the Cabinet.
public enum SchoolBot {
    /// Every migration, engine's first.
    public static let migrations: [Migration] = CoreStore.migrations + Cabinet.migrations + MailOutbox.migrations

    /// The dialogs of this build.
    static func dialogs(available: Set<String>) -> [any Dialog<SchoolEnvironment>] {
        [
            MenuDialog(available: available), HelpDialog(), CredentialsDialog(), LoginDialog(), LogoutDialog(),
            DirectorDialog(), DirectorChangeDialog(), ApprovalsDialog(), ReportDialog(), StatusDialog(),
            RegistrationDialog(), SupportDialog(), AgentDialog(),
        ]
    }

    /// The ids of the dialogs this build has.
    public static let dialogIDs: Set<String> = [
        "menu", "help", "credentials", "login", "logout", "director", "director_change", "approvals", "report",
        "status", "registration", "support", "agent",
    ]

    /// The engine with every dialog and command.
    public static func makeEngine(language: Language = .ru, random: RandomSource = .system) -> Engine<SchoolEnvironment>
    {
        var commands = CommandTable()
        commands.add(InputWords.login, .launch(DialogLaunch("login"), fromMenu: true))
        commands.add(InputWords.logout, .launch(DialogLaunch("logout"), fromMenu: true))
        return Engine(
            dialogs: dialogs(available: dialogIDs), rootDialog: "menu", helpDialog: "help",
            catalog: Texts.catalog, commands: commands,
            supportLaunch: dialogIDs.contains("support") ? DialogLaunch("support") : nil,
            defaultLanguage: language, random: random,
            interceptor: { text, _ in
                // Asking for a human works at every step; other free text stays with the dialog it was typed in.
                InputWords.asksForHuman(Matching.fold(text)) ? DialogLaunch("support") : nil
            })
    }

    /// Opens (creating and migrating) the database and builds the turn processor on it.
    public static func makeProcessor(_ configuration: BotConfiguration) throws -> TurnProcessor<SchoolEnvironment> {
        let db = try Connection.open(configuration.database, durability: configuration.durability)
        try Migrator.migrate(db, migrations)
        db.checkpointInBackground()
        let cabinet = Cabinet(
            connection: db, clock: configuration.clock, random: configuration.random,
            calendar: .russia, passwordCost: configuration.passwordCost)
        let outbox = MailOutbox(
            folder: URL(fileURLWithPath: configuration.outbox), domain: "educont.ru", clock: configuration.clock,
            random: configuration.random, journal: db, spool: URL(fileURLWithPath: configuration.mailSpool))
        let reports = ReportArchive(folder: URL(fileURLWithPath: configuration.reports))
        let environment = SchoolEnvironment(cabinet: cabinet, outbox: outbox, reports: reports)
        let engine = makeEngine(language: configuration.language, random: configuration.random)
        let processor = TurnProcessor(db: db, engine: engine, clock: configuration.clock, environment: environment)
        // The outbox and the dialogs log through the processor's sink, which the server sets after this returns.
        outbox.log = { [weak processor] line in processor?.log(line) }
        environment.log = { [weak processor] line in processor?.log(line) }
        outbox.recover()
        let intake = MailIntake(folder: URL(fileURLWithPath: configuration.inbox))
        processor.maintenance = { try intake.scan(environment) }
        processor.requests = { request, context in try WebRequests.handle(request, context) }
        processor.hooks = BatchHooks(
            didCommit: {
                let (publish, move) = (outbox.committed(), intake.committed())
                if publish == nil && move == nil { return nil }
                return {
                    publish?()
                    move?()
                }
            },
            didRollBack: {
                outbox.didRollBack()
                intake.didRollBack()
            },
            willBeginTurn: outbox.willBeginTurn,
            didFailTurn: outbox.didFailTurn)
        return processor
    }
}
