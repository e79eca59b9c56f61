import BotCore
import Cabinet
import Foundation

/// Runs scripted dialogues against the bot: a fresh database, outbox and inbox per script, the same engine and
/// store code path as `botrunner serve` (messages go through ``TurnProcessor/exchange(_:connection:routes:)``).
///
/// ```swift
/// let result = ScriptRunner().run(file: "Tests/DialogsTests/Dialogues/menu.dialog")
/// print(ScriptReporter.text(result))
/// ```
///
/// A run stops at the first step that fails (every failing line of that step is reported). Runs of different
/// scripts are independent and may go on different threads at once; one run stays on its thread.
public struct ScriptRunner: Sendable {
    /// Builds the bot for one script from its configuration (the runner picks the folder, clock and randomness).
    public typealias ProcessorFactory = @Sendable (BotConfiguration) throws -> TurnProcessor<SchoolEnvironment>

    /// How the bot is built; the real one unless a test gives another.
    public var makeProcessor: ProcessorFactory
    /// The folder under which each script gets a temporary folder of its own.
    public var temporaryFolder: URL

    /// A runner building the bot with `makeProcessor` (by default `SchoolBot.makeProcessor`).
    public init(
        makeProcessor: @escaping ProcessorFactory = { try SchoolBot.makeProcessor($0) },
        temporaryFolder: URL = FileManager.default.temporaryDirectory
    ) {
        self.makeProcessor = makeProcessor
        self.temporaryFolder = temporaryFolder
    }

    /// Reads the script at `path` (`.dialog`, or Botium `.convo.txt`) and runs it.
    public func run(file path: String) -> ScriptResult {
        let started = Date()
        do {
            let script = try ScriptSuite.load(path)
            return run(script)
        } catch {
            return ScriptResult(path: path, outcome: .broken(error), duration: Date().timeIntervalSince(started))
        }
    }

    /// Runs `script`.
    public func run(_ script: DialogueScript) -> ScriptResult {
        let started = Date()
        let folder = temporaryFolder.appendingPathComponent("botrunner-script-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var notes: [ScriptFailure] = []
        let outcome: ScriptResult.Outcome
        do {
            let session = try ScriptSession(folder: folder, makeProcessor: makeProcessor)
            let failures = try session.run(script)
            notes = session.notes
            outcome = failures.isEmpty ? .passed : .failed(failures)
        } catch {
            outcome = .broken(error)
        }
        return ScriptResult(
            path: script.path, outcome: outcome, notes: notes, duration: Date().timeIntervalSince(started))
    }
}

/// One chat of a running script: its declaration and the connection it is on.
struct ChatState {
    var declaration: ChatDeclaration
    /// The connection its messages go on; nil until it sends or after `disconnect`.
    var connection: Int?
}

/// A push that reached a chat, waiting for a `push` block.
struct ReceivedPush {
    var line: ServerLine
    var arrival: PushArrival
    /// The step whose turn (or the maintenance after it) made or delivered it.
    var cause: ScriptLocation
    /// That step's line, for reports.
    var causeLine: String
}

/// The state of one script's run.
///
/// Not `Sendable`: it lives on the thread that runs the script.
final class ScriptSession {
    let folder: URL
    let clock = Clock.frozen(at: ScriptClock.defaultStart)
    let routes = RouteTable()
    private let makeProcessor: ScriptRunner.ProcessorFactory
    private var language = Language.ru
    private var processor: TurnProcessor<SchoolEnvironment>?
    var chats: [String: ChatState] = [:]
    private var names: [String: String] = [:]
    private var nextConnection = 1
    /// Pushes per chat name (or `?` and the wire id for chats the script does not know), oldest first.
    var pushes: [String: [ReceivedPush]] = [:]
    /// Per chat name, every bot message in arrival order, for Botium's `#bot` sections, and how many were read.
    private var streams: [String: (messages: [(OutMessage, ServerLine)], read: Int)] = [:]
    /// Outbox files an `outbox` line has claimed.
    var claimedMail: Set<String> = []
    /// Whether anything was done to the bot yet (then the clock no longer goes back).
    private var hasActed = false
    /// Optional lines that did not hold.
    private(set) var notes: [ScriptFailure] = []
    var inboxCount = 0
    /// What the bot logged during the current step (shown with a failure).
    private var log: [String] = []

    init(folder: URL, makeProcessor: @escaping ScriptRunner.ProcessorFactory) throws(ScriptError) {
        self.folder = folder
        self.makeProcessor = makeProcessor
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ScriptError(.environment("cannot make \(folder.path): \(error.localizedDescription)"), at: nil)
        }
    }

    var outbox: URL { folder.appendingPathComponent("outbox") }
    var inbox: URL { folder.appendingPathComponent("inbox") }

    /// The bot, built on first use.
    func bot(at location: ScriptLocation) throws(ScriptError) -> TurnProcessor<SchoolEnvironment> {
        if let processor { return processor }
        let configuration = BotConfiguration(
            databasePath: folder.appendingPathComponent("bot.sqlite").path, outbox: outbox.path, inbox: inbox.path,
            language: language, clock: clock, durability: .normal, random: .seeded(20_260_430), passwordCost: 1)
        do {
            let made = try makeProcessor(configuration)
            made.log = { [weak self] line in self?.log.append(line) }
            made.environment.log = { [weak self] line in self?.log.append(line) }
            processor = made
            return made
        } catch {
            throw ScriptError(.environment(String(describing: error)), at: location)
        }
    }

    /// Runs every step; returns the failures of the step that failed (none when all held).
    func run(_ script: DialogueScript) throws(ScriptError) -> [ScriptFailure] {
        for step in script.steps {
            log = []
            var failures = try perform(step)
            if !failures.isEmpty {
                if !log.isEmpty { failures[failures.count - 1].came += log.map { "bot log: " + $0 } }
                return failures
            }
        }
        guard script.expectsEveryPush else { return [] }
        return unexpectedPushes()
    }

    private func perform(_ step: ScriptStep) throws(ScriptError) -> [ScriptFailure] {
        switch step.action {
        case .language(let chosen):
            language = chosen
        case .setClock(let instant):
            if hasActed && instant < clock.now() {
                throw ScriptError(.clockBackwards(ISO8601DateFormatter().string(from: clock.now())), at: step.location)
            }
            clock.set(instant)
        case .advanceClock(let moves):
            let calendar = processor?.environment.cabinet.calendar ?? .russia
            clock.set(
                ScriptClock.instant(after: clock.now(), moving: moves, calendar: calendar, timeZone: clock.timeZone))
            maintain(after: step, line: "clock")
        case .organization, .account, .importUsers, .demoSchool:
            hasActed = true
            try applyFixture(step)
        case .inboxMail:
            hasActed = true
            try applyFixture(step)
            maintain(after: step, line: "inbox")
        case .chat(let declaration):
            chats[declaration.name] = ChatState(declaration: declaration)
            names[declaration.wireID] = declaration.name
        case .disconnect(let name):
            if let connection = chats[name]?.connection { routes.closed(connection) }
            chats[name]?.connection = nil
        case .restart:
            processor = nil
            for name in chats.keys {
                if let connection = chats[name]?.connection { routes.closed(connection) }
                chats[name]?.connection = nil
            }
        case .send(let message, let expectations):
            hasActed = true
            return try send(message, expectations, step: step)
        case .push(let expected, let expectations):
            return checkPush(expected, expectations, step: step)
        case .botMessage(let expected):
            return checkBotMessage(expected, step: step)
        case .outbox(let expected):
            return try checkOutbox(expected, step: step)
        }
        return []
    }

    // MARK: - Messages

    private func send(_ sent: SentMessage, _ expectations: [ScriptExpectation], step: ScriptStep)
        throws(ScriptError) -> [ScriptFailure]
    {
        let processor = try bot(at: step.location)
        guard var chat = chats[sent.chat] else { throw ScriptError(.unknownChat(sent.chat), at: step.location) }
        let connection = chat.connection ?? nextConnection
        if chat.connection == nil {
            nextConnection += 1
            routes.opened(connection)
            chat.connection = connection
            chats[sent.chat] = chat
        }
        let declaration = chat.declaration
        let message = ChatMessage(
            chat: declaration.wireID, text: sent.text, id: sent.id, userName: declaration.userName,
            userLanguage: declaration.userLanguage)
        var turn: ServerLine?
        for (_, line) in processor.exchange(message, connection: connection, routes: routes) {
            if line.type == "push", let wire = line.chat {
                let name = names[wire] ?? "?" + wire
                let arrival: PushArrival = turn == nil && wire == declaration.wireID ? .queued : .live
                pushes[name, default: []].append(
                    ReceivedPush(line: line, arrival: arrival, cause: step.location, causeLine: "> " + sent.text))
                append(line.messages, of: line, to: name)
            } else if turn == nil {
                turn = line
                append(line.messages, of: line, to: sent.chat)
            }
        }
        let title = "the turn to \"> \(sent.text)\" (\(step.location))"
        guard let turn else {
            return [
                ScriptFailure(location: step.location, line: "> " + sent.text, expected: ["a turn"], came: ["nothing"])
            ]
        }
        return check(expectations, on: CheckSubject(messages: turn.messages, line: turn, title: title))
    }

    /// Runs the bot's periodic work (inbox scanning...) as `serve` does every few seconds, and takes its pushes.
    private func maintain(after step: ScriptStep, line: String) {
        guard let processor else { return }
        for delivery in processor.runMaintenance(routes: routes) {
            guard let push = ServerLine.decode(Array(delivery.bytes.dropLast())), let wire = push.chat else { continue }
            let name = names[wire] ?? "?" + wire
            pushes[name, default: []].append(
                ReceivedPush(line: push, arrival: .live, cause: step.location, causeLine: line))
            append(push.messages, of: push, to: name)
        }
    }

    private func append(_ messages: [OutMessage], of line: ServerLine, to name: String) {
        streams[name, default: ([], 0)].messages.append(contentsOf: messages.map { ($0, line) })
    }

    /// Failures of the required expectations; optional ones that fail become notes.
    private func check(_ expectations: [ScriptExpectation], on subject: CheckSubject) -> [ScriptFailure] {
        var failures: [ScriptFailure] = []
        for expectation in expectations {
            guard let failure = ScriptChecks.failure(of: expectation, on: subject) else { continue }
            if expectation.isOptional {
                notes.append(failure)
            } else {
                failures.append(failure)
            }
        }
        return failures
    }

    // MARK: - Pushes

    private func checkPush(_ expected: PushExpectation, _ expectations: [ScriptExpectation], step: ScriptStep)
        -> [ScriptFailure]
    {
        let source = "push \(expected.chat)" + (expected.arrival.map { " \($0.rawValue)" } ?? "")
        guard var waiting = pushes[expected.chat], !waiting.isEmpty else {
            return [
                ScriptFailure(
                    location: step.location, line: source, expected: ["a push to \(expected.chat)"],
                    came: ["no push to \(expected.chat) (it may be queued until \(expected.chat) sends a message)"])
            ]
        }
        let push = waiting.removeFirst()
        pushes[expected.chat] = waiting
        if let arrival = expected.arrival, arrival != push.arrival {
            return [
                ScriptFailure(
                    location: step.location, line: source, expected: ["a push that came \(arrival.rawValue)"],
                    came: ["a push that came \(push.arrival.rawValue) (after \(push.cause)):"]
                        + ScriptReporter.describe(push.line))
            ]
        }
        let title = "the push to \(expected.chat) (came \(push.arrival.rawValue) after \(push.cause))"
        return check(expectations, on: CheckSubject(messages: push.line.messages, line: push.line, title: title))
    }

    /// A failure for every push no `push` block expected.
    private func unexpectedPushes() -> [ScriptFailure] {
        pushes.keys.sorted().flatMap { name in
            (pushes[name] ?? []).map { push in
                ScriptFailure(
                    location: push.cause, line: push.causeLine,
                    expected: ["no push that the script does not expect (add a \"push \(name)\" block)"],
                    came: ["a push to \(name), \(push.arrival.rawValue):"] + ScriptReporter.describe(push.line))
            }
        }
    }

    // MARK: - Botium

    private func checkBotMessage(_ expected: BotMessageExpectation, step: ScriptStep) -> [ScriptFailure] {
        let stream = streams[expected.chat] ?? ([], 0)
        guard stream.read < stream.messages.count else {
            if expected.isOptional { return [] }
            return [
                ScriptFailure(
                    location: step.location, line: "#bot", expected: ["one more bot message"],
                    came: ["nothing more from the bot"])
            ]
        }
        let (message, line) = stream.messages[stream.read]
        let subject = CheckSubject(messages: [message], line: line, title: "the bot message")
        let failures = expected.checks.compactMap { ScriptChecks.failure(of: $0, on: subject) }
        if failures.isEmpty {
            streams[expected.chat]?.read += 1
            return []
        }
        return expected.isOptional ? [] : failures
    }
}
