import Synchronization

/// Counters the server's threads bump and the periodic summary reads; no personal data.
///
/// `Atomic` counters: the writer, the poll loop and the stdio reader update them without a lock.
public final class ServerStats: Sendable {
    /// Chat messages handled (turns and internal errors), since start.
    public let turns = Atomic<Int>(0)
    /// Batches committed, since start.
    public let batches = Atomic<Int>(0)
    /// The largest batch since the last summary.
    let largestBatch = Atomic<Int>(0)
    /// Lines refused with `overloaded`, since start.
    public let overloaded = Atomic<Int>(0)
    /// Connections open now (stdio counts as one).
    public let connections = Atomic<Int>(0)
    /// Connections dropped because their output went over the limit, since start.
    public let slowClientsDropped = Atomic<Int>(0)
    /// Set when the server stopped because its database file was deleted or replaced under it.
    public let databaseLost = Atomic<Bool>(false)
    /// Connections closed at once because of `maxConnections` or `maxUnauthenticated`, since start.
    public let connectionsRefused = Atomic<Int>(0)
    /// Nanoseconds the writer spent in batches (engine, store and commit), since start.
    let busyNanoseconds = Atomic<Int>(0)
    /// Events accepted into the queue, and events the writer has answered, since start.
    let accepted = Atomic<Int>(0)
    let answered = Atomic<Int>(0)
    /// Batch sizes, and the error lines the writer answered by code (for `/metrics`).
    private let histograms = Mutex(
        (batches: Histogram(bounds: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]), errors: [String: Int]()))

    /// Accepted events not answered yet: queued, or in the batch being handled.
    public var inFlight: Int { accepted.load(ordering: .relaxed) - answered.load(ordering: .relaxed) }

    public init() {}

    /// Records one pass of the writer: `events` answered, `count` of them chat messages.
    ///
    /// Only a pass that handled a chat message counts as a batch: error lines and pings are answered without a
    /// transaction, and counting them would make the batch sizes in the summary lie.
    func recordBatch(events: Int, turns count: Int, nanoseconds: Int) {
        answered.wrappingAdd(events, ordering: .relaxed)
        guard count > 0 else { return }
        histograms.withLock { $0.batches.observe(Double(count)) }
        turns.wrappingAdd(count, ordering: .relaxed)
        batches.wrappingAdd(1, ordering: .relaxed)
        busyNanoseconds.wrappingAdd(nanoseconds, ordering: .relaxed)
        var seen = largestBatch.load(ordering: .relaxed)
        while count > seen {
            let (exchanged, original) = largestBatch.compareExchange(
                expected: seen, desired: count, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    /// Counts the `error` lines among a batch's answers, by code.
    func countErrors(in deliveries: [Delivery]) {
        let prefix = Array(#"{"type":"error","code":""#.utf8)
        var found: [String] = []
        for delivery in deliveries where delivery.bytes.starts(with: prefix) {
            let code = delivery.bytes[prefix.count...].prefix { $0 != UInt8(ascii: "\"") }
            found.append(String(decoding: code, as: UTF8.self))
        }
        guard !found.isEmpty else { return }
        histograms.withLock { state in
            for code in found { state.errors[code, default: 0] += 1 }
        }
    }

    /// Errors answered by code: the writer's, and the lines refused `overloaded` before reaching it.
    func errorCounts() -> [String: Int] {
        var counts = histograms.withLock { $0.errors }
        counts["overloaded", default: 0] += overloaded.load(ordering: .relaxed)
        return counts
    }

    /// The histogram of batch sizes.
    func batchSizes() -> Histogram { histograms.withLock { $0.batches } }

    /// A snapshot for the summary line.
    struct Snapshot {
        var turns: Int
        var batches: Int
        var busyNanoseconds: Int
        var overloaded: Int
    }

    func snapshot() -> Snapshot {
        Snapshot(
            turns: turns.load(ordering: .relaxed), batches: batches.load(ordering: .relaxed),
            busyNanoseconds: busyNanoseconds.load(ordering: .relaxed), overloaded: overloaded.load(ordering: .relaxed))
    }

    /// The summary line since `previous`, `seconds` ago: turns/s, messages waiting, batch sizes, writer load.
    func summary(since previous: Snapshot, seconds: Double) -> (String, Snapshot) {
        let now = snapshot()
        let turns = now.turns - previous.turns
        let batches = now.batches - previous.batches
        let largest = largestBatch.exchange(0, ordering: .relaxed)
        let perSecond = seconds > 0 ? Double(turns) / seconds : 0
        let average = batches > 0 ? Double(turns) / Double(batches) : 0
        let busy = seconds > 0 ? Double(now.busyNanoseconds - previous.busyNanoseconds) / (seconds * 1e9) : 0
        let line =
            "stats: \(Int(perSecond.rounded())) turns/s, queue \(inFlight), "
            + "batches \(batches) (avg \(Int(average.rounded())), max \(largest)), "
            + "writer busy \(Int((busy * 100).rounded()))%, connections \(connections.load(ordering: .relaxed)), "
            + "overloaded \(now.overloaded - previous.overloaded)"
        return (line, now)
    }
}
