import BotCore
import Cabinet
import Foundation

/// E-mails the dialogs send: composed during the turn, delivered to the outbox Maildir's `new/` only after
/// the turn's transaction commits, dropped if it rolls back.
///
/// With a journal (the live bot) a message is staged in `tmp/` during the turn and its name recorded in the
/// turn's transaction, so an e-mail a committed turn promised survives a crash before its delivery: `recover`
/// delivers it at the next start. When the folder cannot be written the message waits in memory and is tried
/// again after every later commit; the dialog is not lost. Mail content never goes to the database (a
/// credentials e-mail holds a password).
///
/// Not `Sendable`: it lives on the writer thread, like the turn processor.
public final class MailOutbox {
    private let folder: URL
    private let composer: MailComposer
    private let journal: OutboxJournal?
    /// Names staged in `tmp/` by the batch under way.
    private var stagedInBatch: [String] = []
    /// Names of committed messages still in `tmp/` (the move to `new/` failed): the journal keeps them too.
    private var unpublished: [String] = []
    /// Messages of the batch under way that could not be staged (the folder failed), in memory only.
    private var composedInBatch: [Data] = []
    /// Committed messages that could not be written yet, in memory only.
    private var failed: [Data] = []
    /// Diagnostics (never the mail's content).
    public var log: (String) -> Void = { _ in }

    /// An outbox writing to the Maildir at `folder`; `journal` is the turns' write connection (without one,
    /// messages wait in memory until the commit, as in tests that need no crash safety).
    public init(folder: URL, domain: String, clock: Clock, random: RandomSource, journal: Connection? = nil) {
        self.folder = folder
        self.journal = journal.map(OutboxJournal.init)
        self.composer = MailComposer(
            domain: domain, timeZone: clock.timeZone, clock: { clock.now() },
            makeUniqueID: { String(random.next(), radix: 36) + "." + String(random.next(), radix: 36) })
    }

    /// The migrations of the journal.
    public static let migrations = [OutboxJournal.migration]

    /// Composes a mail for delivery after the commit; returns its Message-ID. Throws when the message cannot
    /// be composed or its journal entry cannot be written (the turn then fails as a whole).
    @discardableResult
    public func send(_ mail: OutgoingMail) throws -> String {
        let composed = try composer.compose(mail)
        guard let journal else {
            composedInBatch.append(composed.data)
            return composed.messageID
        }
        let staged: MaildirMessage
        do {
            staged = try Maildir(root: folder).stage(composed.data)
        } catch {
            log("outbox: \(folder.path) unavailable, the e-mail is kept for retry: \(error)")
            composedInBatch.append(composed.data)
            return composed.messageID
        }
        do {
            try journal.add(staged.name, at: Date())
        } catch {
            try? Maildir(root: folder).discard(staged.name)
            throw error
        }
        stagedInBatch.append(staged.name)
        return composed.messageID
    }

    /// The messages waiting for the commit or for a retry.
    public var pendingCount: Int { stagedInBatch.count + unpublished.count + composedInBatch.count + failed.count }

    /// The batch committed: deliver what it staged, and what waits from before.
    public func didCommit() {
        for name in stagedInBatch {
            // A turn that failed after staging rolled its journal entry back with the rest of its work.
            if (try? journal?.contains(name)) == false {
                try? Maildir(root: folder).discard(name)
            } else {
                unpublished.append(name)
            }
        }
        stagedInBatch.removeAll()
        publishUnpublished()
        failed += composedInBatch
        composedInBatch.removeAll()
        deliverFailed()
    }

    /// The batch rolled back: nothing it composed is sent.
    public func didRollBack() {
        if let maildir = try? Maildir(root: folder) {
            stagedInBatch.forEach(maildir.discard)
        }
        stagedInBatch.removeAll()
        composedInBatch.removeAll()
    }

    /// At start: delivers what committed turns staged before a crash, and drops staged files that no journal
    /// entry names and that nobody will finish (a batch that never committed, or older than 36 hours).
    public func recover() {
        guard let journal, let names = try? journal.names() else { return }
        unpublished = names
        publishUnpublished()
        // Nothing staged ever: the folder is made at the first e-mail, not here.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("tmp").path, isDirectory: &isFolder),
            isFolder.boolValue, let maildir = try? Maildir(root: folder),
            let stale = try? maildir.abandonedStaged(before: Date().addingTimeInterval(-36 * 3_600))
        else { return }
        let journaled = Set(names)
        for name in stale where !journaled.contains(name) {
            maildir.discard(name)
        }
    }

    // MARK: - Private

    /// Moves committed staged messages to `new/`, in order; stops at the first failure and keeps the rest.
    private func publishUnpublished() {
        guard !unpublished.isEmpty else { return }
        var done: [String] = []
        do {
            let maildir = try Maildir(root: folder)
            for name in unpublished {
                // Not in tmp/: delivered before a crash that came before its journal entry went.
                if maildir.isStaged(name) { try maildir.publish(name) }
                done.append(name)
            }
        } catch {
            log("outbox: delivery failed, \(unpublished.count - done.count) kept for retry: \(error)")
        }
        unpublished.removeFirst(done.count)
        // Left behind on failure, an entry whose file has gone is dropped at the next start.
        try? journal?.remove(done)
    }

    /// Writes the messages kept in memory; stops at the first failure and keeps the rest.
    private func deliverFailed() {
        guard !failed.isEmpty else { return }
        do {
            let maildir = try Maildir(root: folder)
            while let data = failed.first {
                try maildir.deliver(data)
                failed.removeFirst()
            }
        } catch {
            log("outbox: \(folder.path) unavailable, \(failed.count) kept for retry: \(error)")
        }
    }
}
