import BotCore
import Dialogs
import Foundation

/// The `in-process` mode: the server's turn writer (its group commit, its durable delivery) fed directly from this
/// thread, without a transport; a window of messages outstanding, as over stdio.
enum BenchInProcess {
    static func run(
        chats: Int, window: Int, durability: Durability, database: String, check: inout BenchCheck
    ) throws -> BenchFigures {
        let configuration = BotConfiguration(databasePath: database, durability: durability, passwordCost: 1)
        let queue = BlockingQueue<ServerEvent>(capacity: window)
        // The writer's lines for this thread: at most one chunk per outstanding message, so never full.
        let answers = BlockingQueue<[UInt8]>(capacity: window + 64)
        let routes = SharedRouteTable()
        routes.opened(0)
        let writer = try startWriter(configuration, queue: queue, routes: routes, answers: answers)
        let total = chats * BenchWorkload.turnsPerChat
        var sentAt = [UInt64](repeating: 0, count: total)
        var latencies = [UInt64](repeating: 0, count: total)
        var (sent, received) = (0, 0)
        let started = Descriptor.monotonicNanoseconds()
        while received < total {
            while sent - received < window && sent < total {
                // Turn-major: the sequence number is turn * chats + chat.
                sentAt[sent] = Descriptor.monotonicNanoseconds()
                queue.put(.job(Job(connection: 0, message: BenchWorkload.message(seq: sent, chats: chats))))
                sent += 1
            }
            let chunks = answers.take(upTo: .max, until: Date(timeIntervalSinceNow: 60))
            guard !chunks.isEmpty else {
                queue.close()
                throw BenchError("no answer for 60 s with \(total - received) turns outstanding")
            }
            let arrived = Descriptor.monotonicNanoseconds()
            for bytes in chunks {
                var start = 0
                while let newline = bytes[start...].firstIndex(of: 0x0A) {
                    if let seq = check.record(bytes[start..<newline]), seq < total {
                        latencies[seq] = arrived - sentAt[seq]
                        received += 1
                    }
                    start = newline + 1
                }
            }
        }
        let seconds = Double(Descriptor.monotonicNanoseconds() - started) / 1e9
        queue.close()
        writer.wait()
        let peak = peakResidentBytes()
        check.finish(database: database)
        return BenchFigures(
            mode: "in-process", turns: total, seconds: seconds, latencies: latencies, peakRSSBytes: peak,
            detail: "the turn writer fed directly, window \(window)")
    }

    /// Starts the writer thread on a processor it builds itself (a connection lives on one thread); returns what
    /// signals its end.
    private static func startWriter(
        _ configuration: BotConfiguration, queue: BlockingQueue<ServerEvent>, routes: SharedRouteTable,
        answers: BlockingQueue<[UInt8]>
    ) throws -> DispatchSemaphore {
        let built = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<Error?>(nil)
        let thread = Thread {
            defer { done.signal() }
            let processor: TurnProcessor<SchoolEnvironment>
            do {
                processor = try SchoolBot.makeProcessor(configuration)
            } catch {
                failure.value = error
                built.signal()
                return
            }
            built.signal()
            TurnWriter.run(
                processor, queue: queue, routes: routes, batchLimit: 512, maintenanceInterval: 3_600,
                stats: ServerStats(), log: { line in FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }
            ) { outbound in
                for item in outbound { answers.put(item.bytes) }
            }
        }
        thread.name = "turn-writer"
        thread.stackSize = 8 << 20
        thread.start()
        built.wait()
        if let error = failure.value { throw error }
        return done
    }
}
