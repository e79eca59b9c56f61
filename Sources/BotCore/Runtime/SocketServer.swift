import Foundation
import Synchronization

/// How the line-protocol server runs: where it listens, who may connect, and its bounds.
public struct SocketServerOptions: Sendable {
    /// TCP and Unix socket addresses to listen on (any number, at once).
    public var listen: [ListenAddress] = []
    /// Standard input and output as one more connection (connection 0); nil for sockets only.
    public var stdio: (input: Int32, output: Int32)?
    /// When set, every socket connection must open with a `hello` carrying this token.
    public var token: AccessToken?
    /// Events (messages, pings, refusals) queued for the turn writer at most; beyond it, `overloaded`.
    public var queueCapacity = 8_192
    /// Events one socket connection may have queued and unanswered; beyond it, `overloaded` (keeps one flooding
    /// client from taking the whole queue).
    public var connectionQueueLimit = 4_096
    /// Events handled in one transaction at most.
    public var batchLimit = 512
    /// Output bytes a connection may have unwritten; a socket client over it is disconnected, standard input
    /// stops being read until standard output drains.
    public var outputLimit = 8 << 20
    /// Seconds between summary lines in the log (0: none).
    public var statsInterval: Double = 10
    /// Seconds the shutdown waits for clients to take their last turns.
    public var shutdownGrace: Double = 10
    /// Seconds a socket connection may stay open without its `hello` (with a token): then `unauthorized`, closed.
    public var helloTimeout: Double = 10
    /// Socket connections open at once at most; one more is refused (`overloaded`) and closed at once.
    public var maxConnections = 1_024
    /// Of those, connections still waiting for their `hello` at most (with a token): a crowd of idle sockets
    /// cannot keep the bridge out.
    public var maxUnauthenticated = 64
    /// Seconds between runs of the processor's maintenance (the mail inbox), between batches.
    public var maintenanceInterval: Double = 5
    /// The web channel (`--http`): the widget, the console and their API, beside the line protocol.
    public var web: WebOptions?

    public init(
        listen: [ListenAddress] = [], stdio: (input: Int32, output: Int32)? = nil, token: AccessToken? = nil
    ) {
        self.listen = listen
        self.stdio = stdio
        self.token = token
    }
}

/// The line protocol (PROTOCOL.md) over TCP and Unix sockets, and standard I/O, with one turn writer.
///
/// The way of one message:
///
/// ```
/// poll loop (calling thread)        turn writer thread             poll loop
/// read -> frame -> decode -> queue -> BEGIN; turns; COMMIT -> mailbox -> write to its connection
/// ```
///
/// - Per-chat order: one FIFO queue and one writer, so a chat's messages are handled in arrival order; chats of
///   all connections share batches, and no chat waits for another's client.
/// - Group commit: the writer takes everything queued (up to `batchLimit`) into one transaction; a turn reaches
///   its connection only after its batch committed.
/// - Bounds: the queue (`queueCapacity`, `connectionQueueLimit`) answers `overloaded` when full; a socket client
///   that stops reading is dropped past `outputLimit`.
/// - Shutdown (`stop()`, or a signal through `SignalWatcher`): stop accepting and reading, finish and commit
///   what was queued, write the turns, close.
public final class SocketServer<Environment>: Sendable {
    private let options: SocketServerOptions
    private let log: @Sendable (String) -> Void
    private let makeProcessor: @Sendable () throws -> TurnProcessor<Environment>
    private let control: LoopControl
    /// The web loop's mailbox (answers for browsers, the stop request).
    private let webControl: LoopControl
    private let started = Atomic<Bool>(false)
    /// The server's counters (read by the periodic summary, the bench and tests).
    public let stats = ServerStats()

    /// A server that builds its processor with `makeProcessor` on the writer thread (the processor never
    /// leaves it) and writes operational lines, never personal data, to `log`.
    public init(
        options: SocketServerOptions, log: @escaping @Sendable (String) -> Void,
        makeProcessor: @escaping @Sendable () throws -> TurnProcessor<Environment>
    ) throws(SystemError) {
        self.options = options
        self.log = log
        self.makeProcessor = makeProcessor
        self.control = try LoopControl()
        self.webControl = try LoopControl()
    }

    /// Starts a graceful shutdown; callable from any thread, any number of times.
    public func stop() {
        control.requestStop()
        webControl.requestStop()
    }

    /// Serves until stopped (or, with standard I/O only, until end of input); returns once every accepted
    /// message is committed and its turn written (or the grace period ran out).
    ///
    /// `onReady` receives the bound addresses (a requested port 0 replaced by the real one) before the first
    /// connection is accepted. Throws when the database or a listen address cannot be opened.
    public func run(onReady: ([ListenAddress]) -> Void = { _ in }) throws {
        guard !started.exchange(true, ordering: .relaxed) else {
            preconditionFailure("SocketServer.run may be called once")
        }
        let queue = BlockingQueue<ServerEvent>(capacity: options.queueCapacity)
        let routes = SharedRouteTable()
        let stdio = options.stdio.map { ends in
            StdioChannel(input: ends.input, output: ends.output, outputLimit: options.outputLimit, log: log)
        }
        try startWriter(queue: queue, routes: routes, stdio: stdio)
        var listeners: [SocketListener] = []
        var webListener: SocketListener?
        do {
            for address in options.listen {
                listeners.append(try SocketListener(address))
            }
            if let web = options.web { webListener = try SocketListener(web.address) }
        } catch {
            listeners.forEach { $0.close() }
            queue.close()
            control.waitForWriter()
            throw error
        }
        for listener in listeners {
            log("listening on \(listener.address)")
        }
        let webDone = DispatchSemaphore(value: 0)
        if let web = options.web, let webListener {
            if case .tcp(let host, let port) = webListener.address {
                log("http listening on \(host.contains(":") ? "[\(host)]" : host):\(port)")
            }
            let loop = WebLoop(
                options: web, listener: webListener, queue: queue, routes: routes, stats: stats, control: webControl,
                metrics: WebMetrics(), log: log)
            let handOver = HandOver(loop)
            let thread = Thread {
                handOver.value.run()
                webDone.signal()
            }
            thread.name = "web"
            thread.start()
        } else {
            webDone.signal()
        }
        onReady(listeners.map(\.address) + (webListener.map { [$0.address] } ?? []))
        if let stdio {
            routes.opened(StdioChannel.connection)
            stats.connections.wrappingAdd(1, ordering: .relaxed)
            let stdioOnly = listeners.isEmpty
            let control = self.control
            stdio.startOutput { if stdioOnly { control.requestStop() } }
            stdio.startReader(queue: queue, stats: stats) { control.stdioDidEnd() }
        }
        let loop = PollLoop(
            options: options, listeners: listeners, queue: queue, routes: routes, stats: stats, control: control,
            stdio: stdio, log: log, servesWeb: options.web != nil)
        loop.run()
        webControl.requestStop()
        webDone.wait()
    }

    /// Starts the writer thread and waits until its processor is built (or failed to be).
    private func startWriter(
        queue: BlockingQueue<ServerEvent>, routes: SharedRouteTable, stdio: StdioChannel?
    ) throws {
        let built = DispatchSemaphore(value: 0)
        let failure = LockedBox<Error?>(nil)
        let (makeProcessor, log, stats, control) = (self.makeProcessor, self.log, self.stats, self.control)
        let webControl = self.webControl
        let (batchLimit, maintenanceInterval) = (options.batchLimit, options.maintenanceInterval)
        let writer = Thread {
            defer {
                control.writerDidFinish()
                webControl.writerDidFinish()
            }
            let processor: TurnProcessor<Environment>
            do {
                processor = try makeProcessor()
            } catch {
                failure.value = error
                built.signal()
                return
            }
            processor.log = log
            // Several processes on one PostgreSQL database: pushes another one queued for a chat carried here.
            var listener: PushListener?
            if case .postgres = processor.db.location {
                listener = PushListener(location: processor.db.location, log: log) { chat in
                    if !routes.connections(carrying: chat).isEmpty { _ = queue.offer(.wake(chat: chat)) }
                }
            }
            defer { listener?.stop() }
            built.signal()
            TurnWriter.run(
                processor, queue: queue, routes: routes, batchLimit: batchLimit,
                maintenanceInterval: maintenanceInterval, stats: stats, log: log
            ) { outbound in
                var sockets: [Outbound] = []
                var browsers: [Outbound] = []
                sockets.reserveCapacity(outbound.count)
                for item in outbound {
                    if item.connection == StdioChannel.connection, let stdio {
                        stdio.post(item.bytes)
                    } else if item.connection >= WebLoop.firstConnection {
                        browsers.append(item)
                    } else {
                        sockets.append(item)
                    }
                }
                if !sockets.isEmpty { control.post(sockets) }
                if !browsers.isEmpty { webControl.post(browsers) }
            } stop: {
                control.requestStop()
            }
        }
        writer.name = "turn-writer"
        writer.stackSize = 8 << 20
        writer.start()
        built.wait()
        if let error = failure.value { throw error }
    }
}

/// What the other threads tell the poll loop: turns to write, a stop request, the writer's end.
///
/// `Mutex` for the state; a non-blocking pipe wakes the loop from `poll`.
final class LoopControl: Sendable {
    struct State {
        var outbound: [Outbound] = []
        var stopRequested = false
        var writerFinished = false
        var stdioEnded = false
    }

    let wakeDescriptor: Int32
    private let pokeDescriptor: Int32
    private let state = Mutex(State())
    private let writerDone = DispatchSemaphore(value: 0)

    init() throws(SystemError) {
        (wakeDescriptor, pokeDescriptor) = try Descriptor.makeWakePipe()
    }

    deinit {
        Descriptor.close(wakeDescriptor)
        Descriptor.close(pokeDescriptor)
    }

    /// Hands a batch's lines to the loop.
    func post(_ items: [Outbound]) {
        let wasEmpty = state.withLock { state in
            let wasEmpty = state.outbound.isEmpty
            state.outbound.append(contentsOf: items)
            return wasEmpty
        }
        if wasEmpty { Descriptor.poke(pokeDescriptor) }
    }

    func requestStop() {
        state.withLock { $0.stopRequested = true }
        Descriptor.poke(pokeDescriptor)
    }

    func stdioDidEnd() {
        state.withLock { $0.stdioEnded = true }
        Descriptor.poke(pokeDescriptor)
    }

    func writerDidFinish() {
        state.withLock { $0.writerFinished = true }
        writerDone.signal()
        Descriptor.poke(pokeDescriptor)
    }

    /// Blocks until the writer thread has ended.
    func waitForWriter() {
        writerDone.wait()
        writerDone.signal()
    }

    /// Takes the waiting lines and the flags (the lines are handed over once).
    func take() -> State {
        Descriptor.drain(wakeDescriptor)
        return state.withLock { state in
            let taken = state
            state.outbound = []
            return taken
        }
    }
}

/// A value made on one thread and used, from then on, only by the one thread it is handed to.
///
/// `@unchecked Sendable`: the thread that made it lets go of it when it starts the other thread.
private final class HandOver<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}
