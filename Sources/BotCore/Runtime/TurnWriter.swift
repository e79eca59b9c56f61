import Foundation
import Synchronization

/// What one batch produced for one connection: its lines, in order, and how many of its events they answer.
public struct Outbound: Sendable {
    public var connection: Int
    public var bytes: [UInt8]
    /// Events of this connection the batch answered (messages, pings, refusals), for its pending count.
    public var answered: Int
}

/// `RouteTable` behind a lock: connections open and close on the poll loop while the writer routes pushes.
///
/// `Mutex`: each call is a few dictionary operations, so the lock is held only for moments.
public final class SharedRouteTable: ChatRoutes, Sendable {
    private let table = Mutex(RouteTable())

    public init() {}

    /// A connection that may carry chats from now on.
    public func opened(_ connection: Int) {
        table.withLock { $0.opened(connection) }
    }

    /// A connection that is gone: pushes to its chats go elsewhere, or wait in the database.
    public func closed(_ connection: Int) {
        table.withLock { $0.closed(connection) }
    }

    public func connections(carrying chat: String) -> [Int] {
        table.withLock { $0.connections(carrying: chat) }
    }

    public func noteCarried(chat: String, on connection: Int) {
        table.withLock { $0.noteCarried(chat: chat, on: connection) }
    }
}

/// The turn writer: the one thread that owns the processor and its write connection.
///
/// It takes whatever is queued (up to `batchLimit` events), handles it in one transaction (group commit: one
/// fsync for the batch) and hands each connection its lines only after the commit is durable. On SQLite that
/// fsync runs on a thread of its own (`DurableDelivery`), which hands the lines over once it is done, while this
/// thread already handles the next batch.
public enum TurnWriter {
    /// Runs until the queue is closed and drained, and what it committed is delivered; between batches, every
    /// `maintenanceInterval` seconds, the processor's maintenance (the mail inbox) runs in a transaction of its own
    /// and its pushes are delivered.
    public static func run<Environment>(
        _ processor: TurnProcessor<Environment>, queue: BlockingQueue<ServerEvent>, routes: ChatRoutes,
        batchLimit: Int, maintenanceInterval: TimeInterval, stats: ServerStats,
        log: @escaping @Sendable (String) -> Void = { _ in }, deliver: @escaping @Sendable ([Outbound]) -> Void,
        stop: () -> Void = {}
    ) {
        let durable = startDurableDelivery(processor, queue: queue, log: log, deliver: deliver)
        /// Lines of a batch committed (or not) as the processor's latest commit: they leave once it is durable.
        func send(_ events: [ServerEvent], _ outbound: [Outbound]) {
            if let durable {
                let commit = processor.commits
                durable.submit(
                    commit: commit, events: events, outbound: outbound, held: processor.awaitsDurability(commit))
            } else if !outbound.isEmpty {
                deliver(outbound)
            }
        }
        /// What waited for durable commits, then the lines that waited for it.
        func finishDurable(_ durable: DurableDelivery) {
            let commit = durable.durableThrough.load(ordering: .acquiring)
            processor.commitsBecameDurable(through: commit)
            let lines = durable.takeReady(through: commit)
            if !lines.isEmpty { deliver(lines) }
        }
        func stopIfLost() {
            if processor.databaseLost || durable?.failed.load(ordering: .relaxed) == true {
                stats.databaseLost.store(true, ordering: .relaxed)
                stop()
            }
        }
        var nextMaintenance = Date()
        while true {
            if let durable { finishDurable(durable) }
            if processor.maintenance != nil, Date() >= nextMaintenance {
                nextMaintenance = Date().addingTimeInterval(maintenanceInterval)
                let commits = processor.commits
                let pushes = processor.runMaintenance(routes: routes)
                if processor.commits > commits || !pushes.isEmpty { send([], group([], pushes)) }
                stopIfLost()
            }
            let events = queue.take(upTo: batchLimit, until: processor.maintenance == nil ? nil : nextMaintenance)
            if events.isEmpty {
                if queue.isClosed { break }
                continue
            }
            let started = Descriptor.monotonicNanoseconds()
            let deliveries = processor.handle(events, routes: routes)
            let jobs = events.reduce(0) { count, event in
                if case .job = event { return count + 1 }
                return count
            }
            stats.countErrors(in: deliveries)
            let outbound = group(events, deliveries)
            let elapsed = Descriptor.monotonicNanoseconds() - started
            stats.recordBatch(events: events.count, turns: jobs, nanoseconds: Int(elapsed))
            send(events, outbound)
            stopIfLost()
        }
        if let durable {
            durable.finish()
            finishDurable(durable)
            stopIfLost()
        }
    }

    /// The thread that syncs commits and delivers their lines; nil where commits are durable when they return.
    private static func startDurableDelivery<Environment>(
        _ processor: TurnProcessor<Environment>, queue: BlockingQueue<ServerEvent>,
        log: @escaping @Sendable (String) -> Void, deliver: @escaping @Sendable ([Outbound]) -> Void
    ) -> DurableDelivery? {
        do {
            guard let sync = try processor.deferCommitSyncs() else { return nil }
            // After each sync the writer wakes (if idle) to publish the mail those commits staged.
            return DurableDelivery(sync: { try sync.sync() }, log: log, didSync: { queue.wake() }, deliver: deliver)
        } catch {
            // Every commit then waits for its own fsync, as SQLite does under FULL.
            log("commits sync inline: \(error)")
            return nil
        }
    }

    /// The lines of a batch per connection, in order, with the number of each connection's events they answer.
    private static func group(_ events: [ServerEvent], _ deliveries: [Delivery]) -> [Outbound] {
        var outbound: [Outbound] = []
        var slots: [Int: Int] = [:]
        func slot(_ connection: Int) -> Int {
            if let index = slots[connection] { return index }
            slots[connection] = outbound.count
            outbound.append(Outbound(connection: connection, bytes: [], answered: 0))
            return outbound.count - 1
        }
        for event in events {
            if let connection = event.connection { outbound[slot(connection)].answered += 1 }
        }
        for delivery in deliveries {
            outbound[slot(delivery.connection)].bytes.append(contentsOf: delivery.bytes)
        }
        return outbound
    }
}
