import Foundation

/// The line protocol on standard input and output: one connection carrying many chats.
///
/// The calling thread reads and decodes; a writer thread owns the database, handles batches
/// and writes each answer after its commit. Only protocol lines go to the output.
public enum StdioServer {
    /// The connection number of standard input/output.
    public static let connection = 0

    /// Serves until end of input, then finishes what was accepted and returns.
    public static func run<Environment>(
        input: Int32 = 0, output: Int32 = 1, batchLimit: Int = 512, maintenanceInterval: TimeInterval = 5,
        log: @escaping @Sendable (String) -> Void,
        makeProcessor: @escaping @Sendable () throws -> TurnProcessor<Environment>
    ) throws {
        let queue = BlockingQueue<ServerEvent>(capacity: 4_096)
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<Error?>(nil)
        let writer = Thread {
            defer { done.signal() }
            do {
                let processor = try makeProcessor()
                processor.log = log
                let routes = RouteTable()
                routes.opened(connection)
                var nextMaintenance = Date()
                while true {
                    if processor.maintenance != nil, Date() >= nextMaintenance {
                        nextMaintenance = Date().addingTimeInterval(maintenanceInterval)
                        let pushes = processor.runMaintenance(routes: routes)
                        try FileDescriptorIO.writeAll(output, pushes.flatMap(\.bytes))
                    }
                    let events = queue.take(upTo: batchLimit, until: processor.maintenance == nil ? nil : nextMaintenance)
                    if events.isEmpty {
                        if queue.isClosed { break }
                        continue
                    }
                    let deliveries = processor.handle(events, routes: routes)
                    var bytes: [UInt8] = []
                    for delivery in deliveries { bytes.append(contentsOf: delivery.bytes) }
                    try FileDescriptorIO.writeAll(output, bytes)
                }
            } catch {
                failure.value = error
                log("stdio writer stopped: \(error)")
                queue.close()
            }
        }
        writer.name = "turn-writer"
        writer.stackSize = 8 << 20
        writer.start()

        var framer = LineFramer(maximumLineLength: WireLimits.maximumLineBytes)
        var lineNumber = 0
        func accept(_ events: [LineFramer.Event]) -> Bool {
            for event in events {
                lineNumber += 1
                let item: ServerEvent
                switch event {
                case .tooLong:
                    item = .refused(connection: connection, WireError(
                        .lineTooLong, "line \(lineNumber): longer than \(WireLimits.maximumLineBytes) bytes; skipped"))
                case .line(let bytes):
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                        continue  // blank lines are ignored
                    }
                    switch WireCodec.decode(bytes, lineNumber: lineNumber) {
                    case .success(.message(let message)):
                        item = .job(Job(connection: connection, message: message))
                    case .success(.ping(let id)):
                        item = .ping(connection: connection, id: id)
                    case .success(.hello):
                        continue  // stdio needs no hello; a bridge may send one anyway
                    case .failure(let error):
                        item = .refused(connection: connection, error)
                    }
                }
                if !queue.put(item) { return false }
            }
            return true
        }
        reading: while true {
            let bytes: [UInt8]
            do {
                bytes = try FileDescriptorIO.read(input)
            } catch {
                log("stdin: \(error)")
                break reading
            }
            if bytes.isEmpty {
                _ = accept(framer.finish())
                break reading
            }
            if !accept(framer.append(bytes)) { break reading }
        }
        queue.close()
        done.wait()
        if let error = failure.value { throw error }
    }
}

/// A value shared between threads behind a lock.
///
/// `@unchecked Sendable`: `value` is only touched while holding `lock`.
public final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    public init(_ value: Value) {
        self.stored = value
    }

    public var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
