import BotCore
import Cabinet
import Foundation

/// E-mails the dialogs send: composed during the turn, delivered to the outbox Maildir's `new/` only after
/// the turn's transaction commits, dropped if it rolls back.
///
/// With a journal (the live bot) a message is staged in the outbox's `tmp/` during the turn and its name
/// recorded in the turn's transaction, so an e-mail a committed turn promised survives a crash before its
/// delivery: `recover` delivers it at the next start. When the outbox cannot be written the message is staged
/// the same way in the spool beside the database and moved to the outbox after a later commit, once it can be
/// written again; only when neither can be written does it wait in memory. Mail content never goes to the
/// database (a credentials e-mail holds a password).
///
/// Not `Sendable`: it lives on the writer thread, like the turn processor.
public final class MailOutbox {
    private typealias Entry = OutboxJournal.Entry

    private let folder: URL
    private let spool: URL?
    private let composer: MailComposer
    private let journal: OutboxJournal?
    /// Messages staged by the batch under way.
    private var stagedInBatch: [Entry] = []
    /// Committed messages not yet in the outbox's `new/` (the journal keeps them too).
    private var unpublished: [Entry] = []
    /// Messages of the batch under way that could be staged nowhere, in memory only.
    private var composedInBatch: [Data] = []
    /// Committed messages that could be staged nowhere, in memory only.
    private var failed: [Data] = []
    /// How much of the batch's messages came before the turn under way.
    private var turnStart = (staged: 0, composed: 0)
    /// Diagnostics (never the mail's content).
    public var log: (String) -> Void = { _ in }

    /// An outbox writing to the Maildir at `folder`.
    ///
    /// `journal` is the turns' write connection and `spool` a Maildir for messages the outbox cannot take; without a
    /// journal messages wait in memory until the commit, as in tests that need no crash safety.
    public init(
        folder: URL, domain: String, clock: Clock, random: RandomSource, journal: Connection? = nil, spool: URL? = nil
    ) {
        self.folder = folder
        self.spool = spool
        self.journal = journal.map(OutboxJournal.init)
        self.composer = MailComposer(
            domain: domain, timeZone: clock.timeZone, clock: { clock.now() },
            makeUniqueID: { String(random.next(), radix: 36) + "." + String(random.next(), radix: 36) })
    }

    /// The migrations of the journal.
    public static let migrations = [OutboxJournal.migration]

    /// Composes a mail for delivery after the commit; returns its Message-ID.
    ///
    /// Throws when the message cannot be composed or its journal entry cannot be written (the turn then fails as a
    /// whole).
    @discardableResult
    public func send(_ mail: OutgoingMail) throws -> String {
        let composed = try composer.compose(mail)
        guard let journal, let entry = stage(composed.data) else {
            composedInBatch.append(composed.data)
            return composed.messageID
        }
        do {
            try journal.add(entry, at: Date())
        } catch {
            discard(entry)
            throw error
        }
        stagedInBatch.append(entry)
        return composed.messageID
    }

    /// The messages waiting for the commit or for a retry.
    public var pendingCount: Int { stagedInBatch.count + unpublished.count + composedInBatch.count + failed.count }

    /// The batch committed: deliver what it staged, and what waits from before.
    public func didCommit() {
        committed()?()
    }

    /// The batch committed, maybe not yet durably: sets aside what it staged and returns its delivery (with what
    /// waits from before), to run on this thread once the commit is durable; nil when there is nothing to deliver.
    /// An e-mail never leaves for a turn a power failure could undo.
    public func committed() -> (() -> Void)? {
        var committed: [Entry] = []
        for entry in stagedInBatch {
            // A turn that failed after staging rolled its journal entry back with the rest of its work.
            if (try? journal?.contains(entry.name)) == false {
                discard(entry)
            } else {
                committed.append(entry)
            }
        }
        stagedInBatch.removeAll()
        let composed = composedInBatch
        composedInBatch.removeAll()
        turnStart = (0, 0)
        guard !committed.isEmpty || !composed.isEmpty || !unpublished.isEmpty || !failed.isEmpty else { return nil }
        return { [self] in
            unpublished += committed
            publishUnpublished()
            failed += composed
            deliverFailed()
        }
    }

    /// A turn of the batch begins.
    public func willBeginTurn() {
        turnStart = (stagedInBatch.count, composedInBatch.count)
    }

    /// The turn under way failed and was undone while its batch goes on: nothing it composed is sent.
    public func didFailTurn() {
        let staged = min(turnStart.staged, stagedInBatch.count)
        stagedInBatch[staged...].forEach(discard)
        stagedInBatch.removeSubrange(staged...)
        composedInBatch.removeSubrange(min(turnStart.composed, composedInBatch.count)...)
    }

    /// The batch rolled back: nothing it composed is sent.
    public func didRollBack() {
        stagedInBatch.forEach(discard)
        stagedInBatch.removeAll()
        composedInBatch.removeAll()
        turnStart = (0, 0)
    }

    /// At start: delivers what committed turns staged before a crash, and drops staged files that no journal
    /// entry names and that nobody will finish (a batch that never committed, or older than 36 hours).
    public func recover() {
        guard let journal, let entries = try? journal.entries() else { return }
        unpublished = entries
        publishUnpublished()
        let journaled = Set(entries.map(\.name))
        for root in [folder] + (spool.map { [$0] } ?? []) {
            // Nothing staged there ever: the folder is made at the first e-mail, not here.
            var isFolder: ObjCBool = false
            guard
                FileManager.default.fileExists(atPath: root.appendingPathComponent("tmp").path, isDirectory: &isFolder),
                isFolder.boolValue, let maildir = try? Maildir(root: root),
                let abandoned = try? maildir.abandonedStaged(before: Date().addingTimeInterval(-36 * 3_600))
            else { continue }
            for name in abandoned where !journaled.contains(name) {
                maildir.discard(name)
            }
        }
    }

    // MARK: - Private

    /// Stages a message in the outbox, or in the spool when the outbox cannot take it; nil when neither can.
    private func stage(_ data: Data) -> Entry? {
        do {
            return Entry(name: try Maildir(root: folder).stage(data).name, spooled: false)
        } catch {
            guard let spool, let staged = try? Maildir(root: spool).stage(data) else {
                log("outbox: \(folder.path) unavailable, the e-mail is kept for retry in memory: \(error)")
                return nil
            }
            log("outbox: \(folder.path) unavailable, the e-mail is kept for retry in \(spool.path): \(error)")
            return Entry(name: staged.name, spooled: true)
        }
    }

    private func discard(_ entry: Entry) {
        guard let root = entry.spooled ? spool : folder else { return }
        try? Maildir(root: root).discard(entry.name)
    }

    /// Moves committed messages to the outbox's `new/`, in order; stops at the first failure and keeps the rest.
    private func publishUnpublished() {
        guard !unpublished.isEmpty else { return }
        var done: [String] = []
        do {
            let outbox = try Maildir(root: folder)
            for entry in unpublished {
                try publish(entry, to: outbox)
                done.append(entry.name)
            }
        } catch {
            log("outbox: delivery failed, \(unpublished.count - done.count) kept for retry: \(error)")
        }
        unpublished.removeFirst(done.count)
        // Left behind on failure, an entry whose file has gone is dropped at the next start.
        try? journal?.remove(done)
    }

    /// Delivers one committed message.
    ///
    /// Each step can be repeated after a crash: a message no longer staged was delivered before it; one spooled is
    /// copied into the outbox under its own name, so a copy already there is not made twice.
    private func publish(_ entry: Entry, to outbox: Maildir) throws {
        guard entry.spooled else {
            if outbox.isStaged(entry.name) { try outbox.publish(entry.name) }
            return
        }
        guard let spool, let spooled = try? Maildir(root: spool), spooled.isStaged(entry.name) else { return }
        if !outbox.isDelivered(entry.name) {
            if !outbox.isStaged(entry.name) {
                _ = try outbox.stage(try spooled.readStaged(entry.name), name: entry.name)
            }
            try outbox.publish(entry.name)
        }
        spooled.discard(entry.name)
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
