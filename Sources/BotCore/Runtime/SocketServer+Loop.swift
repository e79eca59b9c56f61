import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The socket server's poll loop: accepts, reads and decodes, writes turns, and runs the shutdown.
///
/// Not `Sendable`: it runs on the thread that called `SocketServer.run` and owns every socket; other threads
/// reach it through `LoopControl`.
final class PollLoop {
    private enum Phase {
        /// Accepting and reading.
        case running
        /// Stopping: no accepting or reading; the writer finishes what was queued.
        case draining
        /// The writer is done; the last turns are being written until `deadline`.
        case flushing(deadline: UInt64)
    }

    private let options: SocketServerOptions
    private var listeners: [SocketListener]
    private let queue: BlockingQueue<ServerEvent>
    private let routes: SharedRouteTable
    private let stats: ServerStats
    private let control: LoopControl
    private let stdio: StdioChannel?
    private let log: @Sendable (String) -> Void
    private var connections: [Int: SocketConnection] = [:]
    private var nextID = StdioChannel.connection + 1
    private var phase = Phase.running
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)
    private var lastSummary: (at: UInt64, counts: ServerStats.Snapshot)
    /// While accepting fails (no descriptors left), the listeners rest until then instead of spinning.
    private var acceptingPausedUntil: UInt64 = 0
    /// Open connections that have not sent their `hello` yet (always 0 without a token).
    private var unauthenticated = 0
    /// The web channel runs beside this loop: the end of standard input does not stop the server.
    private let servesWeb: Bool

    init(
        options: SocketServerOptions, listeners: [SocketListener], queue: BlockingQueue<ServerEvent>,
        routes: SharedRouteTable, stats: ServerStats, control: LoopControl, stdio: StdioChannel?,
        log: @escaping @Sendable (String) -> Void, servesWeb: Bool = false
    ) {
        self.servesWeb = servesWeb
        self.options = options
        self.listeners = listeners
        self.queue = queue
        self.routes = routes
        self.stats = stats
        self.control = control
        self.stdio = stdio
        self.log = log
        self.lastSummary = (Descriptor.monotonicNanoseconds(), stats.snapshot())
    }

    /// Runs until the shutdown is complete.
    func run() {
        var descriptors: [pollfd] = []
        var owners: [SocketConnection?] = []
        while true {
            descriptors.removeAll(keepingCapacity: true)
            owners.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: control.wakeDescriptor, events: Int16(POLLIN), revents: 0))
            owners.append(nil)
            let listening = Descriptor.monotonicNanoseconds() >= acceptingPausedUntil
            for listener in listeners {
                descriptors.append(pollfd(fd: listener.fd, events: listening ? Int16(POLLIN) : 0, revents: 0))
                owners.append(nil)
            }
            for connection in connections.values {
                var events: Int32 = 0
                if connection.isReading { events |= Int32(POLLIN) }
                if connection.backlog > 0 { events |= Int32(POLLOUT) }
                descriptors.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
                owners.append(connection)
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeout())
            if ready < 0 && errno != EINTR {
                log("poll: \(SystemError(call: "poll", errno: errno))")
            }
            if descriptors[0].revents != 0 {
                handleControl()
            }
            if case .running = phase {
                for index in 1..<(1 + listeners.count) where descriptors[index].revents != 0 {
                    acceptAll(listeners[index - 1])
                }
            }
            for (index, owner) in owners.enumerated() {
                guard let connection = owner, descriptors[index].revents != 0,
                    connections[connection.id] === connection
                else { continue }
                serve(connection, events: Int32(descriptors[index].revents))
            }
            summarizeIfDue()
            refuseLateHellos()
            if finishIfDone() { return }
        }
    }

    // MARK: - Control

    private func handleControl() {
        let state = control.take()
        for item in state.outbound {
            guard let connection = connections[item.connection] else { continue }  // closed meanwhile
            connection.pending -= item.answered
            connection.enqueue(item.bytes)
            guard connection.flush() else {
                close(connection, reason: "the client went away")
                continue
            }
            if connection.backlog > options.outputLimit {
                stats.slowClientsDropped.wrappingAdd(1, ordering: .relaxed)
                close(connection, reason: "output over \(options.outputLimit) bytes: the client is not reading")
            } else if !connection.isReading && connection.isSettled {
                close(connection, reason: connection.closeWhenFlushed ? "refused" : "done")
            }
        }
        if state.stopRequested || (state.stdioEnded && listeners.isEmpty && options.listen.isEmpty && !servesWeb) {
            beginShutdown(reason: state.stopRequested ? "stop requested" : "end of standard input")
        }
        if state.writerFinished, case .draining = phase {
            let grace = UInt64(max(0, options.shutdownGrace) * 1e9)
            phase = .flushing(deadline: Descriptor.monotonicNanoseconds() + grace)
        }
    }

    private func beginShutdown(reason: String) {
        guard case .running = phase else { return }
        phase = .draining
        log("shutting down (\(reason)): \(stats.inFlight) accepted lines to finish, \(connections.count) connections")
        for listener in listeners {
            listener.close()
        }
        listeners = []
        stdio?.stopAccepting()
        for connection in connections.values {
            connection.isReading = false
        }
        queue.close()
    }

    /// After the writer finished: true once every output is written (or the grace period is over).
    private func finishIfDone() -> Bool {
        guard case .flushing(let deadline) = phase else { return false }
        for connection in Array(connections.values) where connection.isSettled {
            close(connection, reason: "server stopping")
        }
        let late = Descriptor.monotonicNanoseconds() >= deadline
        guard connections.isEmpty || late else { return false }
        for connection in Array(connections.values) {
            close(connection, reason: "server stopping; \(connection.backlog) bytes unwritten")
        }
        if let stdio {
            let remaining =
                Double(
                    deadline > Descriptor.monotonicNanoseconds()
                        ? deadline - Descriptor.monotonicNanoseconds() : 0) / 1e9
            stdio.finishOutput(deadline: Date().addingTimeInterval(max(remaining, 0.1)))
            stats.connections.wrappingAdd(-1, ordering: .relaxed)
        }
        let totals = stats.snapshot()
        log("stopped: \(totals.turns) turns in \(totals.batches) batches, \(totals.overloaded) overloaded")
        return true
    }

    private func pollTimeout() -> Int32 {
        switch phase {
        case .running:
            let now = Descriptor.monotonicNanoseconds()
            var timeout: Int32 = -1
            if acceptingPausedUntil > now {
                timeout = Int32((acceptingPausedUntil - now) / 1_000_000 + 1)
            }
            if let due = nextHelloDeadline() {
                let untilHello = due > now ? Int32(min((due - now) / 1_000_000 + 1, 60_000)) : 0
                timeout = timeout < 0 ? untilHello : min(timeout, untilHello)
            }
            guard options.statsInterval > 0 else { return timeout }
            let due = lastSummary.at + UInt64(options.statsInterval * 1e9)
            let untilSummary = due > now ? Int32(min((due - now) / 1_000_000 + 1, 60_000)) : 0
            return timeout < 0 ? untilSummary : min(timeout, untilSummary)
        case .draining:
            return 100
        case .flushing(let deadline):
            let now = Descriptor.monotonicNanoseconds()
            return deadline > now ? Int32(min((deadline - now) / 1_000_000 + 1, 1_000)) : 0
        }
    }

    private func summarizeIfDue() {
        guard options.statsInterval > 0 else { return }
        let now = Descriptor.monotonicNanoseconds()
        let seconds = Double(now - lastSummary.at) / 1e9
        guard seconds >= options.statsInterval else { return }
        let (line, counts) = stats.summary(since: lastSummary.counts, seconds: seconds)
        if counts.turns != lastSummary.counts.turns || counts.overloaded != lastSummary.counts.overloaded {
            log(line)
        }
        lastSummary = (now, counts)
    }

    // MARK: - Connections

    private func acceptAll(_ listener: SocketListener) {
        while true {
            let fd: Int32
            do {
                guard let accepted = try listener.accept() else { return }
                fd = accepted
            } catch {
                // EMFILE and the like: the waiting client stays in the backlog; try again a little later.
                log("accept on \(listener.address): \(error); pausing accepts for 100 ms")
                acceptingPausedUntil = Descriptor.monotonicNanoseconds() + 100_000_000
                return
            }
            if let refusal = admissionRefusal() {
                turnAway(fd, refusal)
                continue
            }
            let connection = SocketConnection(
                id: nextID, fd: fd, listener: listener.address, isAuthorized: options.token == nil,
                openedAt: Descriptor.monotonicNanoseconds())
            nextID += 1
            if !connection.isAuthorized { unauthenticated += 1 }
            connections[connection.id] = connection
            routes.opened(connection.id)
            stats.connections.wrappingAdd(1, ordering: .relaxed)
            log("connection \(connection.id) opened on \(listener.address)")
        }
    }

    /// Why a newly accepted connection cannot be kept, or nil: the connection cap, or too many without a hello.
    private func admissionRefusal() -> String? {
        if connections.count >= options.maxConnections {
            return "\(options.maxConnections) connections are open (--max-connections)"
        }
        if options.token != nil && unauthenticated >= options.maxUnauthenticated {
            return "\(options.maxUnauthenticated) connections are waiting for their hello"
        }
        return nil
    }

    /// Tells a connection over the caps why (`overloaded`, best effort) and closes it at once.
    private func turnAway(_ fd: Int32, _ reason: String) {
        stats.connectionsRefused.wrappingAdd(1, ordering: .relaxed)
        let line = WireCodec.encodeError(WireError(.overloaded, "too many connections; try again later"))
        _ = line.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        Descriptor.close(fd)
        let refused = stats.connectionsRefused.load(ordering: .relaxed)
        if refused == 1 || refused % 100 == 0 {
            log("connection refused: \(reason) (\(refused) refused so far)")
        }
    }

    /// The earliest hello deadline of the connections still without one.
    private func nextHelloDeadline() -> UInt64? {
        guard options.token != nil, unauthenticated > 0 else { return nil }
        let timeout = UInt64(max(0, options.helloTimeout) * 1e9)
        return connections.values.lazy.filter { !$0.isAuthorized && !$0.closeWhenFlushed }.map { $0.openedAt + timeout }
            .min()
    }

    /// Refuses every connection whose hello is overdue.
    private func refuseLateHellos() {
        guard case .running = phase, let due = nextHelloDeadline(), due <= Descriptor.monotonicNanoseconds() else {
            return
        }
        let now = Descriptor.monotonicNanoseconds()
        let timeout = UInt64(max(0, options.helloTimeout) * 1e9)
        for connection in Array(connections.values)
        where !connection.isAuthorized && !connection.closeWhenFlushed && connection.openedAt + timeout <= now {
            refuse(
                connection, message: "no hello within \(Int(options.helloTimeout)) s; closing the connection",
                reason: "no hello within \(Int(options.helloTimeout)) s")
        }
    }

    private func serve(_ connection: SocketConnection, events: Int32) {
        if events & Int32(POLLOUT) != 0 || (events & Int32(POLLHUP | POLLERR) != 0 && !connection.isReading) {
            guard connection.flush() else {
                return close(connection, reason: "the client went away")
            }
            if !connection.isReading && connection.isSettled {
                return close(connection, reason: connection.closeWhenFlushed ? "refused" : "done")
            }
            if events & Int32(POLLHUP | POLLERR) != 0 && !connection.isReading {
                return close(connection, reason: "the client went away")
            }
        }
        guard connection.isReading, events & Int32(POLLIN | POLLHUP | POLLERR) != 0 else { return }
        for _ in 0..<4 {  // a few reads, then the other connections get their turn
            let count: Int?
            do {
                count = try connection.read(into: &readBuffer)
            } catch {
                return close(connection, reason: "the client went away")
            }
            guard let count else { return }
            if count == 0 {
                accept(connection.intake.finish(), from: connection)
                connection.isReading = false
                if connection.isSettled { close(connection, reason: "done") }
                return
            }
            accept(connection.intake.append(readBuffer[0..<count]), from: connection)
            guard connection.isReading else { return }
        }
    }

    /// Queues a connection's decoded lines, or answers them at once when they cannot be queued.
    private func accept(_ items: [LineIntake.Item], from connection: SocketConnection) {
        for item in items {
            if connection.closeWhenFlushed { break }
            switch item {
            case .hello(let token):
                if !connection.isAuthorized {
                    guard let expected = options.token, expected.matches(token) else {
                        return refuse(connection)
                    }
                    connection.isAuthorized = true
                    unauthenticated -= 1
                }
            case .event(let event):
                guard connection.isAuthorized else { return refuse(connection) }
                if connection.pending < options.connectionQueueLimit && queue.offer(event) {
                    connection.pending += 1
                    stats.accepted.wrappingAdd(1, ordering: .relaxed)
                } else if case .refused(_, let error) = event {
                    connection.enqueue(WireCodec.encodeError(error))
                } else {
                    stats.overloaded.wrappingAdd(1, ordering: .relaxed)
                    connection.enqueue(
                        WireCodec.encodeError(
                            WireError(
                                .overloaded, "the bot is busy: this line was not accepted; send it again later",
                                replyTo: event.replyTo)))
                }
            }
        }
        if connection.backlog > 0 && !connection.flush() {
            close(connection, reason: "the client went away")
        }
    }

    /// Answers `unauthorized` and closes once that is written: the first line must be a matching `hello`.
    private func refuse(
        _ connection: SocketConnection,
        message: String = "the first line must be a hello with the server's token; closing the connection",
        reason: String = "no valid hello"
    ) {
        connection.enqueue(WireCodec.encodeError(WireError(.unauthorized, message)))
        connection.isReading = false
        connection.closeWhenFlushed = true
        log("connection \(connection.id) refused: \(reason)")
        if !connection.flush() || connection.isSettled {
            close(connection, reason: "refused")
        }
    }

    private func close(_ connection: SocketConnection, reason: String) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        if !connection.isAuthorized { unauthenticated -= 1 }
        Descriptor.close(connection.fd)
        routes.closed(connection.id)
        stats.connections.wrappingAdd(-1, ordering: .relaxed)
        var detail = "\(connection.intake.lineNumber) lines in"
        if connection.pending > 0 { detail += ", \(connection.pending) answers undelivered" }
        log("connection \(connection.id) closed: \(reason) (\(detail))")
    }
}
