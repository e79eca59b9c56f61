import BotCore
import Cabinet
import Foundation

/// A place in a script file: the file as it was named and a 1-based line number.
public struct ScriptLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file, as given on the command line or by `include`.
    public var file: String
    /// The line, counting from 1.
    public var line: Int

    /// A place in `file`.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line)" }
}

/// A scripted dialogue: what to set up, what each chat types and what the bot must answer.
///
/// Made by ``ScriptParser`` from a `.dialog` file or by ``BotiumReader`` from a `.convo.txt` file, and run
/// by ``ScriptRunner``.
public struct DialogueScript: Equatable, Sendable {
    /// The file the script came from.
    public var path: String
    /// The title (a Botium convo's first line), if it has one.
    public var title: String?
    /// What to do, in order.
    public var steps: [ScriptStep]
    /// Whether every push must be expected by a `push` block (`.dialog` scripts) or may go unchecked
    /// (Botium conversations, which read pushes as ordinary bot messages).
    public var expectsEveryPush: Bool

    /// A script of `steps`.
    public init(path: String, title: String? = nil, steps: [ScriptStep], expectsEveryPush: Bool = true) {
        self.path = path
        self.title = title
        self.steps = steps
        self.expectsEveryPush = expectsEveryPush
    }
}

/// One thing a script does, and the line that says it.
public struct ScriptStep: Equatable, Sendable {
    /// Where the step is written.
    public var location: ScriptLocation
    /// What it does.
    public var action: ScriptAction

    /// A step at `location`.
    public init(_ location: ScriptLocation, _ action: ScriptAction) {
        self.location = location
        self.action = action
    }
}

/// What a script step does.
public enum ScriptAction: Equatable, Sendable {
    /// `language en`: the bot's default language (before the first fixture or message).
    case language(Language)
    /// `clock 2026-04-30 10:00`: the clock stands at this instant.
    case setClock(Date)
    /// `clock +3 business days`: the clock moves forward.
    case advanceClock([ClockMove])
    /// `org ...`: an organization, as `botrunner admin add-org` makes it.
    case organization(OrganizationFixture)
    /// `account ...`: an account, as `botrunner admin add-account` makes it.
    case account(AccountFixture)
    /// `import-users ...`: pending teachers and students, as `botrunner admin import-users` imports them.
    case importUsers(organizationINN: String, csv: String)
    /// `demo`: the demo school of `botrunner chat --demo`.
    case demoSchool
    /// `inbox ...`: a message dropped into the inbox Maildir.
    case inboxMail(InboxFixture)
    /// `chat NAME ...`: the chat the next messages come from.
    case chat(ChatDeclaration)
    /// `disconnect NAME`: the chat's connection closes; its next message opens a new one.
    case disconnect(chat: String)
    /// `restart`: the bot stops and starts again on the same database, as a process restart does; every
    /// connection closes.
    case restart
    /// `> text` and the `<` lines under it: a message and what its turn must be.
    case send(SentMessage, [ScriptExpectation])
    /// `push NAME` and the `<` lines under it: the next push that reached a chat.
    case push(PushExpectation, [ScriptExpectation])
    /// A Botium `#bot` section: the chat's next bot message, turn or push.
    case botMessage(BotMessageExpectation)
    /// `outbox ...`: the outbox holds a message like this one.
    case outbox(OutboxExpectation)
}

/// A moment of clock travel: an amount of a unit.
public struct ClockMove: Equatable, Sendable, CustomStringConvertible {
    /// The units the clock moves in.
    public enum Unit: String, Equatable, Sendable, CaseIterable {
        case seconds, minutes, hours, days, weeks
        /// Working days of the Russian production calendar; the time of day is kept.
        case businessDays = "business days"
    }

    /// How many units.
    public var amount: Int
    /// Which unit.
    public var unit: Unit

    /// `amount` of `unit`.
    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// `3 business days`.
    public var description: String { "\(amount) \(unit.rawValue)" }
}

/// An organization to register before the conversation.
public struct OrganizationFixture: Equatable, Sendable {
    public var inn: String
    public var name: String
    public var email: String
    public var region: String?

    /// An organization fixture.
    public init(inn: String, name: String, email: String, region: String? = nil) {
        self.inn = inn
        self.name = name
        self.email = email
        self.region = region
    }
}

/// An account to create before the conversation: the admin command's fields and the password.
public struct AccountFixture: Equatable, Sendable {
    /// Everything `Cabinet.addAccount` needs but the password.
    public var account: NewAccount
    /// The password, as `--password-stdin` would read it.
    public var password: String

    /// An account fixture.
    public init(account: NewAccount, password: String) {
        self.account = account
        self.password = password
    }
}

/// A message dropped into the inbox: composed from its fields, or a raw message file.
public struct InboxFixture: Equatable, Sendable {
    /// What the message is made from.
    public enum Content: Equatable, Sendable {
        /// Composed from the fields; `attachments` are file names, read beside the script when they exist.
        case composed(from: String, to: String, subject: String, body: String, attachments: [String])
        /// A complete RFC 5322 message file, relative to the script.
        case file(String)
    }

    /// The content.
    public var content: Content
    /// The folder of the script file, where relative files are looked up.
    public var folder: String

    /// An inbox fixture.
    public init(_ content: Content, folder: String) {
        self.content = content
        self.folder = folder
    }
}

/// A chat of the script: its name, the id it has on the wire, and the messenger's hints.
public struct ChatDeclaration: Equatable, Sendable {
    /// The name the script calls it by (`director`).
    public var name: String
    /// The protocol's `chat` field; the name unless `id=` says otherwise.
    public var wireID: String
    /// The messenger's display name (`user` hint), if any.
    public var userName: String?
    /// The messenger's language hint, if any.
    public var userLanguage: String?

    /// A chat declaration.
    public init(name: String, wireID: String? = nil, userName: String? = nil, userLanguage: String? = nil) {
        self.name = name
        self.wireID = wireID ?? name
        self.userName = userName
        self.userLanguage = userLanguage
    }
}

/// A message a chat sends.
public struct SentMessage: Equatable, Sendable {
    /// The chat's name.
    public var chat: String
    /// The text.
    public var text: String
    /// The protocol's `id`, when the script gives one (`> [id m-17] text`).
    public var id: String?

    /// A message from `chat`.
    public init(chat: String, text: String, id: String? = nil) {
        self.chat = chat
        self.text = text
        self.id = id
    }
}

/// How a push reached its chat.
public enum PushArrival: String, Equatable, Sendable {
    /// At once, on a connection that had carried the chat.
    case live
    /// Kept in the database and delivered before the chat's next turn.
    case queued
}

/// The header of a `push` block: whose push, and how it must have arrived.
public struct PushExpectation: Equatable, Sendable {
    /// The chat's name.
    public var chat: String
    /// How it must have arrived; nil when either will do.
    public var arrival: PushArrival?

    /// A push expectation.
    public init(chat: String, arrival: PushArrival? = nil) {
        self.chat = chat
        self.arrival = arrival
    }
}

/// A Botium `#bot` section: the next bot message of a chat and what it must be.
public struct BotMessageExpectation: Equatable, Sendable {
    /// The chat's name.
    public var chat: String
    /// Whether the section is optional (`?`): when the next message does not fit, it is left for the next section.
    public var isOptional: Bool
    /// The checks, each against that one message.
    public var checks: [ScriptExpectation]

    /// A bot message expectation.
    public init(chat: String, isOptional: Bool, checks: [ScriptExpectation]) {
        self.chat = chat
        self.isOptional = isOptional
        self.checks = checks
    }
}
