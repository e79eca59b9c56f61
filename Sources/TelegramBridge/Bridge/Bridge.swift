import BotCore
import Foundation

/// The running bridge: a poller that long-polls Telegram and passes new messages to the bot, the bot link that
/// reads turns and pushes, and senders that make the queued Bot API calls within the rate limits.
///
/// ```text
///  Telegram ──getUpdates──▶ poller ──message lines──▶ bot
///  Telegram ◀──sendMessage── senders ◀── outbox ◀── turns, pushes ◀── bot link
/// ```
///
/// `@unchecked Sendable`: `ledger`, `outbox`, `lastSaved`, `saveFailed` and `isStopping` are guarded by
/// `condition`; the rest is set in `init`. Lock order: the link's write lock, then `condition`.
final class Bridge: @unchecked Sendable {
    /// Timings the command line does not expose; tests shorten them.
    struct Timing: Sendable {
        /// Seconds a `getUpdates` request may take beyond its long-poll timeout before it counts as failed.
        var pollSlack: Double
        /// How long to wait for a turn before polling again while messages are pending.
        var pendingPollInterval = 1.0
        /// Seconds one `sendMessage` or `deleteMessage` may take.
        var callTimeout = 30.0
        /// Parallel senders (different chats only; a chat's calls are made one at a time).
        var senders = 4
        /// Seconds before a message the bot was too busy for is sent again.
        var overloadRetry = 2.0

        init(pollTimeout: Int) {
            pollSlack = max(2, Double(pollTimeout) / 2)
        }
    }

    let condition = NSCondition()
    var ledger: DeliveryLedger
    var outbox: Outbox
    private var lastSaved: BridgeSnapshot
    private var saveFailed = false
    var isStopping = false

    let api: BotAPIClient
    let stateFile: StateFile
    let pollTimeout: Int
    let timing: Timing
    let log: @Sendable (String) -> Void
    /// Ends the process when Telegram refuses the bot token.
    let fail: @Sendable (String) -> Void
    let link: BotLink

    /// Loads the state file and prepares everything; nothing runs until `run()`.
    init(
        options: BridgeOptions, botToken: String, bridgeToken: String?, timing: Timing? = nil,
        log: @escaping @Sendable (String) -> Void, fail: @escaping @Sendable (String) -> Void
    ) throws(StateFileError) {
        stateFile = StateFile(path: options.statePath)
        let saved = try stateFile.load() ?? BridgeSnapshot()
        lastSaved = saved
        ledger = DeliveryLedger(
            offset: saved.offset, answered: saved.answered,
            secretPrompts: Dictionary(
                saved.secretPrompts.compactMap { key, value in Int64(key).map { ($0, value) } },
                uniquingKeysWith: max))
        let limiter = RateLimiter(chatRate: options.chatRate, globalLimit: options.globalRate)
        outbox = Outbox(limiter: limiter, calls: saved.outbox)
        api = BotAPIClient(base: options.apiBase, token: botToken)
        pollTimeout = options.pollTimeout
        self.timing = timing ?? Timing(pollTimeout: options.pollTimeout)
        self.log = log
        self.fail = fail
        link = BotLink(address: options.connect, helloToken: bridgeToken, log: log)
        log(
            "state \(options.statePath): offset \(saved.offset), \(saved.outbox.count) call(s) to Telegram waiting")
    }

    /// Starts the bot link and the senders, then polls Telegram on the calling thread for ever.
    func run() {
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
    func stop(timeout: Double = 5) {
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
            offset: ledger.offset, answered: ledger.answered.sorted(),
            secretPrompts: Dictionary(uniqueKeysWithValues: ledger.secretPrompts.map { (String($0.key), $0.value) }),
            outbox: outbox.calls)
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

    // MARK: - Bot link callbacks

    private func connected() -> [PendingMessage] {
        condition.withLock { ledger.unanswered }
    }

    /// Notes messages written to the bot, and queues the deletion of a secret among them.
    func passedOn(_ updateIDs: [Int64]) {
        condition.withLock {
            ledger.markPassedOn(updateIDs)
            let deletions = ledger.takeDeletions()
            if !deletions.isEmpty {
                outbox.enqueue(deletions)
                saveLocked()
                condition.broadcast()
            }
        }
    }

    private func dueRetries() -> [PendingMessage] {
        condition.withLock { ledger.takeDueRetries(now: now()) }
    }

    private func received(_ line: ServerLine) {
        switch line.type {
        case "turn": turnReceived(line)
        case "push": pushReceived(line)
        case "error": errorReceived(line)
        default: break
        }
    }

    private func turnReceived(_ line: ServerLine) {
        guard let updateID = BridgeIDs.number(in: line.replyTo) else {
            log("a turn that answers no message of the bridge (reply_to \(line.replyTo ?? "none")); skipped")
            return
        }
        let asksSecret = line.messages.contains { $0.input == .secret }
        condition.withLock {
            guard let message = ledger.turnArrived(for: updateID, asksSecret: asksSecret) else {
                log("turn for update \(updateID) again (already delivered); skipped")
                return
            }
            let calls = MessageFormatter.calls(for: line.messages, chatID: message.chatID, isTurn: true)
            outbox.enqueue(ledger.takeDeletions() + calls)
            saveLocked()
            condition.broadcast()
            log("turn for update \(updateID) (chat \(message.chatID)): \(calls.count) message(s) queued")
        }
    }

    private func pushReceived(_ line: ServerLine) {
        guard let chatID = BridgeIDs.number(in: line.chat) else {
            log("a push for chat \(line.chat ?? "none"), not a Telegram chat; skipped")
            return
        }
        let calls = MessageFormatter.calls(for: line.messages, chatID: chatID, isTurn: false)
        condition.withLock {
            outbox.enqueue(calls)
            saveLocked()
            condition.broadcast()
        }
        log("push for chat \(chatID): \(calls.count) message(s) queued")
    }

    private func errorReceived(_ line: ServerLine) {
        let code = line.code ?? "unknown"
        guard let updateID = BridgeIDs.number(in: line.replyTo) else {
            if code != "unauthorized" { log("the bot reported \(code): \(line.message ?? "")") }
            return
        }
        condition.withLock {
            if code == "overloaded" || code == "internal" {
                ledger.retry(updateID, at: now() + timing.overloadRetry)
                log("the bot could not take update \(updateID) (\(code)); sending it again shortly")
            } else {
                // The message itself is at fault (too long, say): answering it again would fail the same way.
                ledger.refused(updateID)
                outbox.enqueue(ledger.takeDeletions())
                saveLocked()
                condition.broadcast()
                log("the bot refused update \(updateID) (\(code)); it is settled without a turn")
            }
        }
    }
}
