import BotCore
import Foundation

extension Bridge {
    // MARK: - Polling the messenger

    /// Long-polls for ever, passing new messages to the bot.
    ///
    /// While messages are pending the messenger returns them on every poll (the position stays below them),
    /// so the poller then asks without waiting and pauses between polls until a turn arrives or
    /// `pendingPollInterval` passed: new messages of other chats still get through while the bot is away.
    func pollUpdates() {
        var backoff = Backoff(initial: 0.5, maximum: 30)
        while true {
            let (position, isWaiting, settled) = condition.withLock {
                releaseOverdueLocked()
                return (ledger.position, !ledger.pending.isEmpty, ledger.settledCount)
            }
            switch messenger.poll(from: position, timeout: isWaiting ? 0 : options.pollTimeout, slack: timing.pollSlack)
            {
            case .updates(let updates, let next):
                backoff.reset()
                var fresh: [InboundMessage] = []
                let written = link.send {
                    condition.withLock {
                        let received = ledger.receive(updates, next: next)
                        fresh = received.fresh
                        for update in updates {
                            if let language = update.userLanguage { languages[update.chat] = language }
                        }
                        let answers = received.unsupported.flatMap { notice(.onlyText, chat: currentChat($0.chat)) }
                        outbox.enqueue(received.immediateCalls + answers)
                        saveLocked()
                        condition.broadcast()
                    }
                    return fresh
                }
                if !written.isEmpty { passedOn(written.map(\.id)) }
                for message in fresh {
                    let how = written.isEmpty ? "waits for the bot" : "passed to the bot"
                    log("update \(message.id) (chat \(message.chat)) \(how)")
                }
                if fresh.isEmpty && isWaiting { waitForTurn(after: settled) }
            case .retryAfter(let seconds, let reason):
                log("\(reason): \(messenger.name) asks to wait \(Backoff.format(seconds))")
                Thread.sleep(forTimeInterval: seconds)
            case .fatal(let reason):
                fail(reason)
                return
            case .failed(let reason):
                let delay = backoff.next()
                log("\(reason); retrying in \(Backoff.format(delay))")
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

    /// Lets the poll position move past messages the bot has not answered in `--answer-timeout` seconds (the
    /// caller holds `condition`).
    private func releaseOverdueLocked() {
        let released = ledger.releaseOverdue(now: now(), timeout: options.answerTimeout)
        guard !released.isEmpty else { return }
        for message in released {
            log(
                "the bot has not answered \(message.id) (chat \(message.chat)) in "
                    + "\(Backoff.format(options.answerTimeout)); moving on (a later turn is still delivered)")
        }
        saveLocked()
    }

    // MARK: - Calling the messenger

    /// Takes calls from the outbox as the limits allow and makes them, until the bridge stops.
    func sendCalls() {
        while let entry = nextCall() {
            let outcome = messenger.perform(entry.call, timeout: timing.callTimeout)
            condition.withLock {
                settle(entry, outcome)
                saveLocked()
                condition.broadcast()
            }
        }
    }

    /// The next call to make, waiting for one to be due; nil once the bridge stops.
    private func nextCall() -> Outbox<M.Call>.Entry? {
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
    private func settle(_ entry: Outbox<M.Call>.Entry, _ outcome: CallOutcome) {
        let what = entry.call.logName
        switch outcome {
        case .done:
            outbox.settle(entry)
        case .retryAfter(let seconds):
            log("\(what): \(messenger.name) asks to wait \(Backoff.format(seconds)) (429); the chat waits")
            outbox.retry(entry, after: seconds, now: now())
        case .failed(let reason, let isConfiguration):
            // A configuration fault (a revoked token) is kept until it is fixed; network trouble passes.
            let delay = min(isConfiguration ? 60 : 30, Double(1 << min(entry.failures, isConfiguration ? 6 : 5)))
            log("\(what) failed: \(reason); retrying in \(Backoff.format(delay))")
            outbox.retry(entry, after: delay, now: now())
        case .refused(let reason):
            log("\(what) refused: \(reason); dropped")
            outbox.settle(entry)
            if entry.call.isDeletion { outbox.enqueue(notice(.deleteThePasswordYourself, chat: entry.call.chat)) }
        case .moved(let chat):
            let old = entry.call.chat
            movedChats[old] = chat
            for (from, to) in movedChats where to == old { movedChats[from] = chat }
            outbox.move(entry, to: chat)
            log("\(what): \(messenger.name) moved the chat to \(chat); sending there")
        }
    }
}
