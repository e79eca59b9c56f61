import BotCore
import Dialogs
import Foundation

/// The `in-process` mode: batches of messages handed to the turn processor directly, durable store on disk.
enum BenchInProcess {
    static func run(
        chats: Int, window: Int, durability: Durability, database: String, check: inout BenchCheck
    ) throws -> BenchFigures {
        let configuration = BotConfiguration(databasePath: database, durability: durability, passwordCost: 1)
        let processor = try SchoolBot.makeProcessor(configuration)
        let routes = RouteTable()
        routes.opened(0)
        let total = chats * BenchWorkload.turnsPerChat
        var latencies: [UInt64] = []
        latencies.reserveCapacity(total)
        let started = Descriptor.monotonicNanoseconds()
        var next = 0
        while next < total {
            let end = min(next + window, total)
            let events = (next..<end).map { seq in
                ServerEvent.job(Job(connection: 0, message: BenchWorkload.message(seq: seq, chats: chats)))
            }
            let handed = Descriptor.monotonicNanoseconds()
            let deliveries = processor.handle(events, routes: routes)
            let done = Descriptor.monotonicNanoseconds()
            for delivery in deliveries {
                check.record(delivery.bytes.dropLast())
            }
            latencies.append(contentsOf: repeatElement(done - handed, count: end - next))
            next = end
        }
        let seconds = Double(Descriptor.monotonicNanoseconds() - started) / 1e9
        let peak = peakResidentBytes()
        check.finish(database: database)
        return BenchFigures(
            mode: "in-process", turns: total, seconds: seconds, latencies: latencies, peakRSSBytes: peak,
            detail: "batches of \(window)")
    }
}
