import Foundation

/// Standard input and output as connection 0 of the server.
///
/// A reader thread frames and decodes standard input into the queue; an output thread writes what the turn
/// writer hands over. Writes block (a pipe is not made non-blocking: its other holders would see that too), so
/// when the client stops reading, the backlog grows to `outputLimit` and then the reader stops reading: the
/// client is held back through its own pipe, and the turn writer never waits on standard output.
///
/// `@unchecked Sendable`: every mutable property is guarded by `condition`.
final class StdioChannel: @unchecked Sendable {
    static let connection = 0

    private let input: Int32
    private let output: Int32
    private let outputLimit: Int
    private let log: @Sendable (String) -> Void
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    private var writing = 0
    private var outputFinished = false
    private var outputFailed = false
    private var outputDone = false
    private var accepting = true

    init(input: Int32, output: Int32, outputLimit: Int, log: @escaping @Sendable (String) -> Void) {
        self.input = input
        self.output = output
        self.outputLimit = outputLimit
        self.log = log
    }

    // MARK: - Output

    /// Starts the output thread; `onFailure` runs once if standard output cannot be written any more.
    func startOutput(onFailure: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            writeLoop(onFailure: onFailure)
        }
        thread.name = "stdio-output"
        thread.start()
    }

    /// Queues bytes for standard output.
    func post(_ bytes: [UInt8]) {
        condition.lock()
        if !outputFailed {
            buffer.append(contentsOf: bytes)
            condition.broadcast()
        }
        condition.unlock()
    }

    private func writeLoop(onFailure: @Sendable () -> Void) {
        while true {
            condition.lock()
            while buffer.isEmpty && !outputFinished {
                condition.wait()
            }
            if buffer.isEmpty {
                outputDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            var chunk: [UInt8] = []
            swap(&chunk, &buffer)
            writing = chunk.count
            condition.unlock()
            var failed = false
            do {
                try FileDescriptorIO.writeAll(output, chunk)
            } catch {
                log("stdout: \(error); dropping further output")
                failed = true
            }
            condition.lock()
            writing = 0
            if failed {
                outputFailed = true
                buffer = []
                outputFinished = true
            }
            condition.broadcast()
            condition.unlock()
            if failed { onFailure() }
        }
    }

    /// Lets the output thread end once everything queued is written; waits for that until `deadline`.
    func finishOutput(deadline: Date) {
        condition.lock()
        outputFinished = true
        condition.broadcast()
        while !outputDone && condition.wait(until: deadline) {}
        condition.unlock()
    }

    // MARK: - Input

    /// Stops accepting: lines read from now on are dropped unanswered (the reader may still be blocked in `read`).
    func stopAccepting() {
        condition.lock()
        accepting = false
        condition.broadcast()
        condition.unlock()
    }

    /// Starts the reader thread; `onEnd` runs after end of input (or a read error) with everything before it queued.
    func startReader(
        queue: BlockingQueue<ServerEvent>, stats: ServerStats, onEnd: @escaping @Sendable () -> Void
    ) {
        let thread = Thread { [self] in
            readLoop(queue: queue, stats: stats)
            onEnd()
        }
        thread.name = "stdio-reader"
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func readLoop(queue: BlockingQueue<ServerEvent>, stats: ServerStats) {
        var intake = LineIntake(connection: Self.connection)
        while true {
            guard waitForRoom() else { return }
            let bytes: [UInt8]
            do {
                bytes = try FileDescriptorIO.read(input)
            } catch {
                log("stdin: \(error)")
                return
            }
            guard isAccepting else { return }
            let items = bytes.isEmpty ? intake.finish() : intake.append(bytes)
            for case .event(let event) in items {
                stats.accepted.wrappingAdd(1, ordering: .relaxed)
                if !queue.put(event) {  // closed: shutting down
                    stats.accepted.wrappingAdd(-1, ordering: .relaxed)
                    return
                }
            }
            if bytes.isEmpty { return }
        }
    }

    private var isAccepting: Bool {
        condition.lock()
        defer { condition.unlock() }
        return accepting
    }

    /// Waits while the output backlog is over the limit; false once the channel stops accepting.
    private func waitForRoom() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while accepting && !outputFailed && buffer.count + writing > outputLimit {
            condition.wait()
        }
        return accepting
    }
}
