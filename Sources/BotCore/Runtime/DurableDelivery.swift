import Foundation
import Synchronization

/// Acknowledges committed batches once they are durable: a thread of its own syncs the write-ahead log (`WALSync`)
/// and then hands each batch's lines to `deliver`, in commit order, while the writer already handles the next batch.
///
/// A batch whose commit left work for the writer once durable (mail to publish) is `held`: its lines, and all after
/// it, go back to the writer (`takeReady`), which delivers them after that work, so that an answer never arrives
/// before the e-mail it announces is in the outbox.
///
/// One sync covers every batch committed before it began, so under load several batches share one fsync. A sync
/// that fails acknowledges nothing more: the batches waiting for it, and every later one, are answered `internal`
/// (their turns may or may not have been kept: sent again with the same id they are answered once), and the
/// server stops.
///
/// `@unchecked Sendable`: `waiting`, `ready` and `closed` are guarded by `condition`; the rest is immutable or
/// atomic.
final class DurableDelivery: @unchecked Sendable {
    private struct Batch {
        /// The commit the batch's lines wait for (0: none, they may go at once).
        var commit: Int
        var events: [ServerEvent]
        var outbound: [Outbound]
        var held: Bool
    }

    private let sync: @Sendable () throws -> Void
    private let deliver: @Sendable ([Outbound]) -> Void
    private let didSync: @Sendable () -> Void
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    /// Committed, waiting for a sync.
    private var waiting: [Batch] = []
    /// Durable, for the writer to deliver after what waited for durability.
    private var ready: [Batch] = []
    private var closed = false
    private let finished = DispatchSemaphore(value: 0)
    /// The last commit known durable (commits are numbered by the processor, from 1).
    let durableThrough = Atomic<Int>(0)
    /// Set once a sync failed: nothing is acknowledged any more.
    let failed = Atomic<Bool>(false)

    /// Starts the thread. `didSync` runs after each sync (the writer wakes to finish what waited for durability).
    init(
        sync: @escaping @Sendable () throws -> Void, log: @escaping @Sendable (String) -> Void,
        didSync: @escaping @Sendable () -> Void, deliver: @escaping @Sendable ([Outbound]) -> Void
    ) {
        self.sync = sync
        self.log = log
        self.didSync = didSync
        self.deliver = deliver
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "wal-sync"
        thread.start()
    }

    /// A batch committed as `commit` (not yet durable): its lines go out after the next sync, by the writer when
    /// `held`.
    func submit(commit: Int, events: [ServerEvent], outbound: [Outbound], held: Bool = false) {
        condition.lock()
        waiting.append(Batch(commit: commit, events: events, outbound: outbound, held: held))
        condition.signal()
        condition.unlock()
    }

    /// The lines of durable batches handed back to the writer, up to `commit` (whose work the writer has done), in
    /// order; the writer delivers them.
    func takeReady(through commit: Int) -> [Outbound] {
        condition.lock()
        defer { condition.unlock() }
        let count = ready.prefix { $0.commit <= commit }.count
        guard count > 0 else { return [] }
        let taken = ready[..<count].flatMap(\.outbound)
        ready.removeFirst(count)
        return taken
    }

    /// Syncs and hands over what was submitted, and stops the thread.
    func finish() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while waiting.isEmpty && !closed {
                condition.wait()
            }
            var batches = waiting
            waiting.removeAll(keepingCapacity: true)
            condition.unlock()
            guard let last = batches.last else { return }
            if !failed.load(ordering: .relaxed) {
                do {
                    try sync()
                } catch {
                    log("\(error): no turn is acknowledged any more; stopping")
                    failed.store(true, ordering: .relaxed)
                }
            }
            if failed.load(ordering: .relaxed) {
                batches = batches.map { Batch(commit: 0, events: [], outbound: Self.refusals($0.events), held: false) }
            } else {
                durableThrough.store(last.commit, ordering: .releasing)
            }
            handOver(batches)
            didSync()
        }
    }

    /// Delivers the batches up to the first held one; that one and the rest wait for the writer, as do all when
    /// some already wait (the lines of a connection stay in order).
    private func handOver(_ batches: [Batch]) {
        condition.lock()
        defer { condition.unlock() }
        var index = 0
        if ready.isEmpty {
            while index < batches.count && !batches[index].held { index += 1 }
            // Under the lock: the writer cannot deliver a later batch before these.
            if index > 0 { deliver(index == 1 ? batches[0].outbound : batches[..<index].flatMap(\.outbound)) }
        }
        ready += batches[index...]
    }

    /// `internal` for every event of a batch that may not have been kept.
    static func refusals(_ events: [ServerEvent]) -> [Outbound] {
        events.compactMap { event in
            guard let connection = event.connection else { return nil }
            let error = WireError(
                .internal, "the message could not be stored; please send it again", replyTo: event.replyTo)
            return Outbound(connection: connection, bytes: WireCodec.encodeError(error), answered: 1)
        }
    }
}
