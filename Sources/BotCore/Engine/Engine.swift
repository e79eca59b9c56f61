import Foundation

/// The result of handling one message: the chat's new session, the turn to send, pushes to others.
public struct Outcome: Sendable {
    public var session: Session
    public var turn: Turn
    public var pushes: [Push]
}

/// An incoming chat message as the engine sees it.
public struct IncomingText: Sendable {
    public var chat: String
    public var text: String
    public var messageID: String?
    public var userName: String?
    public var userLanguage: String?

    public init(
        chat: String, text: String, messageID: String? = nil, userName: String? = nil,
        userLanguage: String? = nil
    ) {
        self.chat = chat
        self.text = text
        self.messageID = messageID
        self.userName = userName
        self.userLanguage = userLanguage
    }
}

/// A stored dialog or transition the engine cannot go on with.
public struct EngineFault: Error, Equatable, Sendable {
    public var reason: String
}

/// The dialog engine: owns each chat's dialog stack, the global commands, retries and help.
///
/// Pure with respect to storage: it maps (session, message) to (session, turn, pushes); the caller
/// loads and saves sessions inside the turn's transaction.
public struct Engine<Environment> {
    /// The id of the dialog at the bottom of every stack.
    public let rootDialog: String
    /// The id of the help dialog `/help` opens.
    public let helpDialog: String
    /// Where the "call a human" button leads, if the application has support.
    public let supportLaunch: DialogLaunch?
    /// The language of a chat that has not chosen one.
    public let defaultLanguage: Language
    let catalog: Catalog
    let random: RandomSource
    private let dialogs: [String: AnyDialog<Environment>]
    private let commands: CommandTable
    /// Free text that means "open this dialog" wherever it is typed (for instance a request for a human),
    /// checked before the text reaches a dialog other than the root.
    let interceptor: (@Sendable (String, DialogContext<Environment>) -> DialogLaunch?)?

    /// An engine over `dialogs`, which must include `rootDialog` and `helpDialog`.
    public init(
        dialogs: [any Dialog<Environment>], rootDialog: String, helpDialog: String, catalog: Catalog,
        commands: CommandTable = CommandTable(), supportLaunch: DialogLaunch? = nil,
        defaultLanguage: Language = .ru, random: RandomSource = .system,
        interceptor: (@Sendable (String, DialogContext<Environment>) -> DialogLaunch?)? = nil
    ) {
        self.interceptor = interceptor
        var table: [String: AnyDialog<Environment>] = [:]
        for dialog in dialogs {
            table[dialog.id] = AnyDialog(dialog)
        }
        precondition(table[rootDialog] != nil && table[helpDialog] != nil, "root and help dialogs are required")
        self.dialogs = table
        self.rootDialog = rootDialog
        self.helpDialog = helpDialog
        self.catalog = catalog
        self.supportLaunch = supportLaunch
        self.defaultLanguage = defaultLanguage
        self.random = random
        var commands = commands
        for language in Language.allCases {
            commands.add([catalog.text(CoreText.buttonBack.rawValue, language)], .back)
            commands.add([catalog.text(CoreText.buttonCancel.rawValue, language)], .cancel)
            commands.add([catalog.text(CoreText.buttonHelp.rawValue, language)], .help)
            commands.add([catalog.text(CoreText.buttonMenu.rawValue, language)], .menu)
            if let supportLaunch {
                commands.add(
                    [catalog.text(CoreText.buttonHuman.rawValue, language)], .launch(supportLaunch, fromMenu: false))
            }
        }
        self.commands = commands
    }

    /// The ids of the registered dialogs.
    public var dialogIDs: [String] { dialogs.keys.sorted() }

    /// A context for work done for `chat` outside a message (a console's request): the chat's language, no
    /// message id.
    public func context(
        for chat: String, session: Session?, clock: Clock, environment: Environment
    ) -> DialogContext<Environment> {
        DialogContext(
            chat: chat, messageID: nil, userName: nil, language: session?.language ?? defaultLanguage, clock: clock,
            catalog: catalog, environment: environment, random: random)
    }

    /// Handles one message for a chat whose stored session is `session` (nil for a new chat).
    ///
    /// A stored stack is checked first (a dialog gone or of another version since it was saved starts the chat
    /// over); `stackChecked` skips that for a session this engine made or checked before (the turn processor's
    /// session cache knows).
    public func handle(
        _ message: IncomingText, session stored: Session?, clock: Clock, environment: Environment,
        stackChecked: Bool = false
    ) throws -> Outcome {
        var session = stored ?? Session()
        if session.format != Session.format {
            session = Session(language: session.language)
        }
        if session.language == nil, let hint = message.userLanguage.flatMap(Language.init(tag:)) {
            session.language = hint
        }
        let context = DialogContext(
            chat: message.chat, messageID: message.messageID, userName: message.userName,
            language: session.language ?? defaultLanguage, clock: clock, catalog: catalog,
            environment: environment, random: random)
        var run = Run(engine: self, context: context, frames: session.frames)
        if !stackChecked, run.checkStack() != nil {
            run.messages.append(OutMessage(context.t(.flowChanged)))
            run.frames = []
            try run.startRoot()
        } else if let command = commands.match(message.text) {
            try run.perform(command)
        } else if let top = session.frames.last, top.id != rootDialog, let interceptor,
            let launch = interceptor(message.text, context), launch.id != top.id
        {
            try run.perform(.launch(launch, fromMenu: false))
        } else {
            try run.deliver(.text(message.text))
        }
        if run.invalid {
            session.invalidStreak += 1
            if session.invalidStreak >= 3 {
                session.invalidStreak = 0
                run.messages.append(contentsOf: try run.retryHelp())
            }
        } else {
            session.invalidStreak = 0
        }
        if run.frames.isEmpty {
            try run.startRoot()
        }
        session.frames = run.frames
        session.language = context.language == defaultLanguage && session.language == nil ? nil : context.language
        let top = run.frames[run.frames.count - 1]
        let step = try dialog(top.id).stepID(top.state)
        var messages = run.messages.isEmpty ? [OutMessage(context.t(.internalError))] : run.messages
        keepKeyboard(&messages, &session, invalid: run.invalid, at: top.id + "/" + step)
        return Outcome(
            session: session, turn: Turn(messages: messages, dialog: top.id, step: step), pushes: context.pushes)
    }

    /// An invalid answer whose reply brings no buttons gets the buttons its step showed, and they stay the ones
    /// to show again (not the retry help's); any other turn leaves its own last buttons for next time.
    private func keepKeyboard(_ messages: inout [OutMessage], _ session: inout Session, invalid: Bool, at step: String)
    {
        if invalid, let kept = session.keyboard, kept.step == step {
            if messages[messages.count - 1].buttons == nil {
                messages[messages.count - 1].buttons = kept.rows
            }
            return
        }
        session.keyboard = messages[messages.count - 1].buttons.map { Keyboard(step: step, rows: $0) }
    }

    func dialog(_ id: String) throws -> AnyDialog<Environment> {
        guard let dialog = dialogs[id] else { throw EngineFault(reason: "unknown dialog \(id)") }
        return dialog
    }
}
