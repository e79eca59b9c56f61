import BotCore
import Foundation

extension Bridge {
    // MARK: - Bot link callbacks

    func connected() -> [InboundMessage] {
        condition.withLock { ledger.unanswered }
    }

    /// Notes messages written to the bot, and queues the deletion of a secret among them.
    func passedOn(_ ids: [String]) {
        condition.withLock {
            ledger.markPassedOn(ids, now: now())
            enqueueLocked(deletionsLocked())
        }
    }

    func dueRetries() -> [InboundMessage] {
        condition.withLock { ledger.takeDueRetries(now: now()) }
    }

    func received(_ line: ServerLine) {
        switch line.type {
        case "turn": turnReceived(line)
        case "push": pushReceived(line)
        case "error": errorReceived(line)
        default: break
        }
    }

    private func turnReceived(_ line: ServerLine) {
        guard let id = line.replyTo, messenger.addressing.local(id) != nil else {
            log("a turn that answers no message of the bridge (reply_to \(line.replyTo ?? "none")); skipped")
            return
        }
        let asksSecret = line.messages.contains { $0.input == .secret }
        condition.withLock {
            guard let chat = ledger.turnArrived(for: id, asksSecret: asksSecret) else {
                log("turn for \(id) again (already delivered); skipped")
                return
            }
            let calls = messenger.calls(for: line.messages, chat: currentChat(chat), isTurn: true)
            enqueueLocked(deletionsLocked() + calls)
            saveLocked()
            log("turn for \(id) (chat \(chat)): \(calls.count) message(s) queued")
        }
    }

    private func pushReceived(_ line: ServerLine) {
        guard let chat = messenger.addressing.local(line.chat) else {
            log("a push for chat \(line.chat ?? "none"), not a \(messenger.name) chat; skipped")
            return
        }
        condition.withLock {
            let calls = messenger.calls(for: line.messages, chat: currentChat(chat), isTurn: false)
            enqueueLocked(calls)
            log("push for chat \(chat): \(calls.count) message(s) queued")
        }
    }

    private func errorReceived(_ line: ServerLine) {
        let code = line.code ?? "unknown"
        guard let id = line.replyTo, messenger.addressing.local(id) != nil else {
            if code != "unauthorized" { log("the bot reported \(code): \(line.message ?? "")") }
            return
        }
        condition.withLock {
            if code == "overloaded" || code == "internal" {
                ledger.retry(id, at: now() + timing.overloadRetry)
                log("the bot could not take \(id) (\(code)); sending it again shortly")
            } else {
                // The message itself is at fault (too long, say): answering it again would fail the same way.
                ledger.refused(id)
                enqueueLocked(deletionsLocked())
                saveLocked()
                condition.broadcast()  // pollers wait for a settled message
                log("the bot refused \(id) (\(code)); it is settled without a turn")
            }
        }
    }
}
