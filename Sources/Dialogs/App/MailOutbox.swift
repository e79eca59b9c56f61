import BotCore
import Cabinet
import Foundation

/// E-mails the dialogs send: composed during the turn, written to the outbox Maildir only after the
/// turn's transaction commits, dropped if it rolls back.
///
/// A message that cannot be written (folder missing or read-only) stays queued and is retried after the
/// next commit; the dialog is not lost. Mail bodies are never stored in the database (a credentials
/// e-mail holds a password).
public final class MailOutbox {
    private let folder: URL
    private let composer: MailComposer
    private var staged: [Data] = []
    private var failed: [Data] = []
    /// Diagnostics (never the mail's content).
    public var log: (String) -> Void = { _ in }

    public init(folder: URL, domain: String, clock: Clock, random: RandomSource) {
        self.folder = folder
        self.composer = MailComposer(
            domain: domain, timeZone: clock.timeZone, clock: { clock.now() },
            makeUniqueID: { String(random.next(), radix: 36) + "." + String(random.next(), radix: 36) })
    }

    /// Composes a mail for delivery after the commit; returns its Message-ID.
    @discardableResult
    public func send(_ mail: OutgoingMail) throws -> String {
        let composed = try composer.compose(mail)
        staged.append(composed.data)
        return composed.messageID
    }

    /// The messages waiting for the commit or for a retry.
    public var pendingCount: Int { staged.count + failed.count }

    /// The batch committed: write what was staged (and what failed before).
    public func didCommit() {
        let batch = failed + staged
        staged.removeAll()
        failed.removeAll()
        guard !batch.isEmpty else { return }
        do {
            let maildir = try Maildir(root: folder)
            for (index, data) in batch.enumerated() {
                do {
                    _ = try maildir.deliver(data)
                } catch {
                    failed.append(contentsOf: batch[index...])
                    log("outbox: delivery failed, \(batch.count - index) kept for retry: \(error)")
                    return
                }
            }
        } catch {
            failed = batch
            log("outbox: \(folder.path) unavailable, \(batch.count) kept for retry: \(error)")
        }
    }

    /// The batch rolled back: nothing it composed is sent.
    public func didRollBack() {
        staged.removeAll()
    }
}
