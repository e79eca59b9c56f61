import BotCore
import Foundation

extension Bridge {
    // MARK: - Polling Telegram

    /// Long-polls `getUpdates` for ever, passing new messages to the bot.
    ///
    /// While messages are pending Telegram returns them on every call (the offset stays below them), so the
    /// poller then asks without waiting and pauses between calls until a turn arrives or
    /// `pendingPollInterval` passed: new messages of other chats still get through while the bot is away.
    func pollUpdates() {
        var backoff = Backoff(initial: 0.5, maximum: 30)
        while true {
            let (offset, isWaiting, settled) = condition.withLock {
                (ledger.offset, !ledger.pending.isEmpty, ledger.settledCount)
            }
            let outcome = api.getUpdates(
                offset: offset, timeout: isWaiting ? 0 : pollTimeout, slack: timing.pollSlack)
            switch outcome {
            case .success(let updates):
                backoff.reset()
                var fresh: [PendingMessage] = []
                let written = link.send {
                    condition.withLock {
                        fresh = ledger.receive(updates)
                        saveLocked()
                    }
                    return fresh
                }
                if !written.isEmpty { passedOn(written.map(\.updateID)) }
                for message in fresh {
                    let how = written.isEmpty ? "waits for the bot" : "passed to the bot"
                    log("update \(message.updateID) (chat \(message.chatID)) \(how)")
                }
                if fresh.isEmpty && isWaiting { waitForTurn(after: settled) }
            case .retryAfter(let seconds):
                log("getUpdates: Telegram asks to wait \(seconds) s")
                Thread.sleep(forTimeInterval: Double(seconds))
            case .rejected(let code, let description):
                if code == 401 || code == 404 {
                    fail("Telegram refused the bot token (\(code) \(description)); check --bot-token-file")
                    return
                }
                let delay = backoff.next()
                log("getUpdates refused: \(code) \(description); retrying in \(Backoff.format(delay))")
                Thread.sleep(forTimeInterval: delay)
            case .unavailable(let reason):
                let delay = backoff.next()
                log("getUpdates failed: \(reason); retrying in \(Backoff.format(delay))")
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    /// Waits until some pending message is settled, or `pendingPollInterval` passed.
    private func waitForTurn(after settled: Int) {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: timing.pendingPollInterval)
        while ledger.settledCount == settled && !isStopping {
            if !condition.wait(until: deadline) { break }
        }
        condition.unlock()
    }

    // MARK: - Calling Telegram

    /// Takes calls from the outbox as the limits allow and makes them, until the bridge stops.
    func sendCalls() {
        while let entry = nextCall() {
            let outcome = api.perform(entry.call, timeout: timing.callTimeout)
            condition.withLock {
                settle(entry, outcome)
                saveLocked()
                condition.broadcast()
            }
        }
    }

    /// The next call to make, waiting for one to be due; nil once the bridge stops.
    private func nextCall() -> Outbox.Entry? {
        condition.lock()
        defer { condition.unlock() }
        while !isStopping {
            switch outbox.next(now: now()) {
            case .call(let entry):
                return entry
            case .wait(let until?):
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(0.001, until - now())))
            case .wait(nil):
                condition.wait()
            }
        }
        return nil
    }

    /// Records how a call ended (the caller holds `condition`).
    private func settle(_ entry: Outbox.Entry, _ outcome: BotAPIOutcome<Bool>) {
        let call = entry.call
        let what = "\(call.method.rawValue) in chat \(call.chatID)"
        switch outcome {
        case .success:
            outbox.settle(entry)
        case .retryAfter(let seconds):
            log("\(what): Telegram asks to wait \(seconds) s (429); the chat waits")
            outbox.retry(entry, after: Double(seconds), now: now())
        case .rejected(let code, let description) where [401, 404, 409].contains(code):
            // The bot's configuration is at fault, not the call: keep it until that is fixed.
            let delay = min(60, Double(1 << min(entry.failures, 6)))
            log("\(what) refused: \(code) \(description); retrying in \(Backoff.format(delay))")
            outbox.retry(entry, after: delay, now: now())
        case .rejected(let code, let description):
            // 400 (a message already deleted, a chat gone) or 403 (the person blocked the bot): final.
            log("\(what) refused: \(code) \(description); dropped")
            outbox.settle(entry)
        case .unavailable(let reason):
            let delay = min(30, Double(1 << min(entry.failures, 5)))
            log("\(what) failed: \(reason); retrying in \(Backoff.format(delay))")
            outbox.retry(entry, after: delay, now: now())
        }
    }
}
