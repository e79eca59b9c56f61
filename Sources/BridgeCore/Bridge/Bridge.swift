import BotCore
import Foundation

/// The running bridge: a poller that long-polls the messenger and passes new messages to the bot, the bot link
/// that reads turns and pushes, and senders that make the queued API calls within the rate limits.
///
/// ```text
///  messenger ──poll──▶ poller ──message lines──▶ bot
///  messenger ◀──calls── senders ◀── outbox ◀── turns, pushes ◀── bot link
/// ```
///
/// `@unchecked Sendable`: `ledger`, `outbox`, `movedChats`, `languages`, `lastSaved`, `saveFailed` and
/// `isStopping` are guarded by `condition`; the rest is set in `init`. Lock order: the link's write lock, then
/// `condition`.
public final class Bridge<M: Messenger>: @unchecked Sendable {
    /// Timings the command line does not expose; tests shorten them.
    public struct Timing: Sendable {
        /// Seconds a poll may take beyond its long-poll timeout before it counts as failed.
        public var pollSlack: Double
        /// How long to wait for a turn before polling again while messages are pending.
        public var pendingPollInterval = 1.0
        /// Seconds one call may take.
        public var callTimeout = 30.0
        /// Parallel senders (different chats only; a chat's calls are made one at a time).
        public var senders = 4
        /// Seconds before a message the bot was too busy for is sent again.
        public var overloadRetry = 2.0

        public init(pollTimeout: Int) {
            pollSlack = max(2, Double(pollTimeout) / 2)
        }
    }

    let condition = NSCondition()
    var ledger: DeliveryLedger
    var outbox: Outbox<M.Call>
    /// Chat → the chat the messenger moved it to.
    var movedChats: [String: String]
    /// Chat → the language its person's messenger reports (for the bridge's own few sentences).
    var languages: [String: String] = [:]
    private var lastSaved: BridgeSnapshot<M.Call>
    private var saveFailed = false
    var isStopping = false

    let messenger: M
    let stateFile: StateFile
    let options: BridgeOptions
    let timing: Timing
    let log: @Sendable (String) -> Void
    /// Ends the process when the messenger cannot be used as configured.
    let fail: @Sendable (String) -> Void
    let link: BotLink

    /// Loads the state file and prepares everything; nothing runs until `run()`.
    public init(
        options: BridgeOptions, messenger: M, bridgeToken: String?, timing: Timing? = nil,
        log: @escaping @Sendable (String) -> Void, fail: @escaping @Sendable (String) -> Void
    ) throws(StateFileError) {
        stateFile = StateFile(path: options.statePath)
        let saved = try stateFile.load(M.Call.self) ?? BridgeSnapshot()
        lastSaved = saved
        ledger = DeliveryLedger(
            addressing: messenger.addressing, position: saved.offset, answered: saved.answered,
            secretPrompts: saved.secretPrompts, nextSerial: saved.nextSerial)
        movedChats = saved.movedChats
        // The global window is a little longer than a second: calls started a second apart may reach the
        // messenger closer together (connections take varying time), and it counts arrivals.
        let limiter = RateLimiter(chatRate: options.chatRate, globalLimit: options.globalRate, window: 1.1)
        outbox = Outbox(limiter: limiter, calls: saved.outbox)
        self.messenger = messenger
        self.options = options
        self.timing = timing ?? Timing(pollTimeout: options.pollTimeout)
        self.log = log
        self.fail = fail
        link = BotLink(
            address: options.connect, helloToken: bridgeToken, name: options.program,
            addressing: messenger.addressing, log: log)
        log(
            "state \(options.statePath): position \(saved.offset), \(saved.outbox.count) call(s) to "
                + "\(messenger.name) waiting")
    }

    /// Starts the bot link and the senders, then polls the messenger on the calling thread for ever.
    public func run() {
        let callbacks = BotLink.Callbacks(
            connected: { [unowned self] in connected() },
            passedOn: { [unowned self] in passedOn($0) },
            received: { [unowned self] in received($0) },
            dueRetries: { [unowned self] in dueRetries() })
        let linkThread = Thread { [link] in link.run(callbacks) }
        linkThread.name = "bot-link"
        linkThread.start()
        for index in 0..<timing.senders {
            let sender = Thread { [unowned self] in sendCalls() }
            sender.name = "sender-\(index)"
            sender.start()
        }
        pollUpdates()
    }

    /// Stops taking calls and waits up to `timeout` seconds for those under way, so none is made twice.
    public func stop(timeout: Double = 5) {
        condition.lock()
        isStopping = true
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !outbox.isIdle {
            if !condition.wait(until: deadline) { break }
        }
        saveLocked()
        condition.unlock()
    }

    /// Seconds on the monotonic clock.
    func now() -> Double {
        Double(Descriptor.monotonicNanoseconds()) / 1e9
    }

    // MARK: - State

    /// Writes the state file if what it should hold changed (the caller holds `condition`).
    func saveLocked() {
        let snapshot = BridgeSnapshot(
            offset: ledger.position, answered: ledger.answered, secretPrompts: ledger.secretPrompts,
            nextSerial: ledger.nextSerial, movedChats: movedChats, outbox: outbox.calls)
        guard snapshot != lastSaved else { return }
        do {
            try stateFile.save(snapshot)
            lastSaved = snapshot
            if saveFailed { log("the state file is written again") }
            saveFailed = false
        } catch {
            if !saveFailed { log("\(error); a restart may now repeat or miss messages") }
            saveFailed = true
        }
    }

    /// Queues calls and wakes the senders (the caller holds `condition`).
    func enqueueLocked(_ calls: [M.Call]) {
        guard !calls.isEmpty else { return }
        outbox.enqueue(calls)
        saveLocked()
        condition.broadcast()
    }

    /// The calls that tell the person in `chat` one of the bridge's own sentences, in their language.
    func notice(_ key: BridgeText, chat: String) -> [M.Call] {
        let text = BridgeTexts.text(key, language: languages[chat])
        return messenger.calls(for: [OutMessage(text)], chat: chat, isTurn: false)
    }

    /// Deletions of the secrets passed on; where the messenger cannot delete, the person is asked to.
    func deletionsLocked() -> [M.Call] {
        ledger.takeDeletions().flatMap { message in
            messenger.deletion(of: message).map { [$0] } ?? notice(.deleteThePasswordYourself, chat: message.chat)
        }
    }

    /// Where a chat of the bot is now.
    func currentChat(_ chat: String) -> String {
        movedChats[chat] ?? chat
    }
}
