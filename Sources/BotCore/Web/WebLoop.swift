import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The web channel's poll loop: accepts browsers, reads HTTP requests, hands messages and requests to the turn
/// writer, writes its answers and the event streams.
///
/// It runs on a thread of its own beside the line protocol's loop and shares the writer's queue and route table;
/// the writer reaches it through its `LoopControl` (connection ids from `firstConnection` on are its own).
final class WebLoop {
    /// Connection ids of the web channel start here (the line protocol's are far below).
    static let firstConnection = 1 << 40
    /// Event hubs stand in the route table from here.
    static let firstHubConnection = 1 << 41
    static let headTimeout: UInt64 = 10_000_000_000
    static let idleTimeout: UInt64 = 30_000_000_000
    static let keepAliveInterval: UInt64 = 15_000_000_000
    /// A browser that does not read its stream past this is dropped.
    static let outputLimit = 4 << 20

    let options: WebOptions
    let queue: BlockingQueue<ServerEvent>
    let routes: SharedRouteTable
    let stats: ServerStats
    let control: LoopControl
    let metrics: WebMetrics
    let log: @Sendable (String) -> Void
    private var listener: SocketListener?
    var connections: [Int: WebConnection] = [:]
    let hubs = EventHubs(firstConnection: WebLoop.firstHubConnection)
    var limiter: RateLimiter
    private var nextID = WebLoop.firstConnection
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)
    private var lastKeepAlive = Descriptor.monotonicNanoseconds()
    var stopping = false

    init(
        options: WebOptions, listener: SocketListener, queue: BlockingQueue<ServerEvent>, routes: SharedRouteTable,
        stats: ServerStats, control: LoopControl, metrics: WebMetrics, log: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.listener = listener
        self.queue = queue
        self.routes = routes
        self.stats = stats
        self.control = control
        self.metrics = metrics
        self.log = log
        self.limiter = RateLimiter(perSecond: options.ratePerSecond, burst: options.ratePerSecond * 3)
    }

    /// Runs until the server stops and the writer has answered everything it took from here.
    func run() {
        var descriptors: [pollfd] = []
        var owners: [WebConnection?] = []
        while true {
            descriptors.removeAll(keepingCapacity: true)
            owners.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: control.wakeDescriptor, events: Int16(POLLIN), revents: 0))
            owners.append(nil)
            if let listener {
                descriptors.append(pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0))
                owners.append(nil)
            }
            for connection in connections.values {
                var events: Int32 = 0
                if connection.isIdle && !connection.closeWhenFlushed && !stopping { events |= Int32(POLLIN) }
                if case .streaming = connection.mode { events |= Int32(POLLIN) }  // to see the browser leave
                if connection.output.backlog > 0 { events |= Int32(POLLOUT) }
                descriptors.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
                owners.append(connection)
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), 1_000)
            let now = Descriptor.monotonicNanoseconds()
            if descriptors[0].revents != 0, handleControl(now: now) { return }
            if let listener, descriptors[1].revents != 0 { acceptAll(listener, now: now) }
            for (index, owner) in owners.enumerated() {
                guard let connection = owner, descriptors[index].revents != 0,
                    connections[connection.id] === connection
                else { continue }
                serve(connection, events: Int32(descriptors[index].revents), now: now)
            }
            sweep(now: now)
        }
    }

    // MARK: - Control

    /// Takes the writer's answers and the stop flags; true once the loop is done.
    private func handleControl(now: UInt64) -> Bool {
        let state = control.take()
        for item in state.outbound { receive(item.bytes, for: item.connection, now: now) }
        if state.stopRequested && !stopping {
            stopping = true
            listener?.close()
            listener = nil
            for connection in Array(connections.values) where connection.isIdle {
                connection.closeWhenFlushed = true
                if connection.output.backlog == 0 { close(connection) }
            }
        }
        guard state.writerFinished else { return false }
        // Nothing more will be answered: write what is there (briefly), then close everything.
        let deadline = now + 2_000_000_000
        for connection in connections.values where connection.output.backlog > 0 {
            while connection.output.backlog > 0 && Descriptor.monotonicNanoseconds() < deadline {
                guard connection.output.flush(to: connection.fd) else { break }
                if connection.output.backlog > 0 { usleep(1_000) }
            }
        }
        for connection in Array(connections.values) { close(connection) }
        return true
    }

    // MARK: - Connections

    private func acceptAll(_ listener: SocketListener, now: UInt64) {
        while true {
            let accepted: Int32?
            do {
                accepted = try listener.accept()
            } catch {
                log("http accept: \(error)")
                return
            }
            guard let fd = accepted else { return }
            if connections.count >= options.maxConnections {
                let busy = HTTPResponse.error(503, .overloaded, "too many connections; try again later", retryAfter: 1)
                let bytes = busy.encoded(keepAlive: false)
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                Descriptor.close(fd)
                metrics.count(status: 503)
                continue
            }
            let connection = WebConnection(id: nextID, fd: fd, peer: Self.peerAddress(fd), now: now)
            nextID += 1
            connections[connection.id] = connection
        }
    }

    private func serve(_ connection: WebConnection, events: Int32, now: UInt64) {
        if events & Int32(POLLOUT) != 0 {
            guard connection.output.flush(to: connection.fd) else { return close(connection) }
            connection.lastActivity = now
        }
        if connection.closeWhenFlushed && connection.output.backlog == 0 { return close(connection) }
        guard events & Int32(POLLIN | POLLHUP | POLLERR) != 0 else { return }
        if case .streaming = connection.mode {
            // A stream's browser sends nothing more: readable means it left (or sent junk).
            var scratch = [UInt8](repeating: 0, count: 512)
            let count = recv(connection.fd, &scratch, scratch.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { close(connection) }
            return
        }
        guard connection.isIdle else { return }
        let count = recv(connection.fd, &readBuffer, readBuffer.count, Int32(MSG_DONTWAIT))
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { return close(connection) }
        guard count > 0 else { return }
        connection.lastActivity = now
        if connection.requestStartedAt == nil { connection.requestStartedAt = now }
        connection.parser.append(readBuffer[0..<count])
        take(connection, now: now)
    }

    /// Handles the complete request in the connection's buffer, if there is one.
    func take(_ connection: WebConnection, now: UInt64) {
        guard connection.isIdle, !connection.closeWhenFlushed else { return }
        switch connection.parser.next() {
        case .incomplete:
            return
        case .failure(let status, let reason):
            connection.keepAlive = false
            let code: WireErrorCode = status == 413 ? .lineTooLong : .badField
            respond(connection, .error(status, code, reason))
        case .request(let request):
            connection.requestStartedAt = connection.parser.hasPartialRequest ? now : nil
            if request.wantsClose || stopping { connection.keepAlive = false }
            route(request, on: connection, now: now)
        }
        if connection.output.backlog > 0 && !connection.output.flush(to: connection.fd) { close(connection) }
    }

    /// Writes a response and counts it.
    func respond(_ connection: WebConnection, _ response: HTTPResponse) {
        metrics.count(status: response.status)
        if response.status >= 400, let code = Self.wireCode(in: response.body) { metrics.count(error: code) }
        connection.respond(response)
        if connection.output.backlog > 0 && !connection.output.flush(to: connection.fd) { return close(connection) }
        if connection.closeWhenFlushed && connection.output.backlog == 0 { return close(connection) }
    }

    func close(_ connection: WebConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        Descriptor.close(connection.fd)
        if case .streaming(let hub) = connection.mode {
            hub.streams.remove(connection.id)
            if hub.streams.isEmpty {
                // Pushes for the chat wait in the database again until a stream comes back.
                routes.closed(hub.connection)
                hub.idleSince = Descriptor.monotonicNanoseconds()
            }
        }
    }

    /// Timeouts, the streams' keep-alive comments, quiet hubs forgotten, the rate limiter's memory trimmed.
    private func sweep(now: UInt64) {
        for connection in Array(connections.values) {
            switch connection.mode {
            case .idle:
                if let started = connection.requestStartedAt, now.since(started) > Self.headTimeout {
                    close(connection)
                } else if connection.requestStartedAt == nil && connection.output.backlog == 0
                    && now.since(connection.lastActivity) > Self.idleTimeout
                {
                    close(connection)
                }
            case .streaming:
                if connection.output.backlog > Self.outputLimit { close(connection) }
            case .message, .request:
                break
            }
        }
        guard now.since(lastKeepAlive) >= Self.keepAliveInterval else { return }
        lastKeepAlive = now
        for connection in connections.values {
            guard case .streaming = connection.mode else { continue }
            connection.output.enqueue(Array(": keep-alive\n\n".utf8))
            if !connection.output.flush(to: connection.fd) { close(connection) }
        }
        hubs.forgetQuiet(now: now, quiet: 600_000_000_000)
        limiter.forgetIdle(now: now)
    }

    /// The code of a protocol `error` body, for the metrics.
    static func wireCode(in body: [UInt8]) -> String? {
        guard case .object(let members)? = try? JSONParser.parse(body) else { return nil }
        return members["code"]?.string
    }

    /// The peer's address (IPv4 or IPv6) as text; "local" for anything else.
    private static func peerAddress(_ fd: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard result == 0 else { return "local" }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let named = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST)
            }
        }
        guard named == 0 else { return "local" }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A token bucket per client address.
struct RateLimiter {
    let perSecond: Double
    let burst: Double
    private var buckets: [String: (tokens: Double, at: UInt64)] = [:]

    init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = max(1, burst)
    }

    /// Takes a token for `client`: nil when allowed, else the seconds to wait.
    mutating func take(_ client: String, now: UInt64) -> Int? {
        var bucket = buckets[client] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + Double(now.since(bucket.at)) / 1e9 * perSecond)
        bucket.at = now
        defer { buckets[client] = bucket }
        guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
        bucket.tokens -= 1
        return nil
    }

    /// Forgets clients whose bucket is full again.
    mutating func forgetIdle(now: UInt64) {
        buckets = buckets.filter { Double(now.since($0.value.at)) / 1e9 * perSecond < burst }
    }
}

extension UInt64 {
    /// Nanoseconds from `earlier` to this instant, 0 when `earlier` is not earlier (readings taken on the way may
    /// be later than the loop's `now`).
    func since(_ earlier: UInt64) -> UInt64 { self > earlier ? self - earlier : 0 }
}
