import Foundation
import Synchronization

/// What one batch produced for one connection: its lines, in order, and how many of its events they answer.
struct Outbound: Sendable {
    var connection: Int
    var bytes: [UInt8]
    /// Events of this connection the batch answered (messages, pings, refusals), for its pending count.
    var answered: Int
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
/// fsync for the batch) and hands each connection its lines only after the commit.
enum TurnWriter {
    /// Runs until the queue is closed and drained; between batches, every `maintenanceInterval` seconds, the
    /// processor's maintenance (the mail inbox) runs in a transaction of its own and its pushes are delivered.
    static func run<Environment>(
        _ processor: TurnProcessor<Environment>, queue: BlockingQueue<ServerEvent>, routes: ChatRoutes,
        batchLimit: Int, maintenanceInterval: TimeInterval, stats: ServerStats, deliver: ([Outbound]) -> Void,
        stop: () -> Void = {}
    ) {
        var nextMaintenance = Date()
        while true {
            if processor.maintenance != nil, Date() >= nextMaintenance {
                nextMaintenance = Date().addingTimeInterval(maintenanceInterval)
                let pushes = processor.runMaintenance(routes: routes)
                if !pushes.isEmpty { deliver(group([], pushes)) }
                if processor.databaseLost { stats.databaseLost.store(true, ordering: .relaxed); stop() }
            }
            let events = queue.take(upTo: batchLimit, until: processor.maintenance == nil ? nil : nextMaintenance)
            if events.isEmpty {
                if queue.isClosed { return }
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
            deliver(outbound)
            if processor.databaseLost { stats.databaseLost.store(true, ordering: .relaxed); stop() }
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
