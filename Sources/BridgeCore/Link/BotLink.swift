import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The bridge's one connection to the bot: connects (backing off while the bot is away), says `hello`, resends
/// what is unanswered, reads the bot's lines, and starts over when the connection ends.
///
/// `@unchecked Sendable`: `descriptor` is guarded by `writeLock`; `backoff` is touched only by the thread in
/// `run`; everything else is set in `init`. Lock order: `writeLock` first, then whatever the callbacks take.
public final class BotLink: @unchecked Sendable {
    /// What the link asks and tells its owner while it runs.
    public struct Callbacks: Sendable {
        /// Right after connecting, under the write lock: the messages to send first (every unanswered one).
        public var connected: @Sendable () -> [InboundMessage]
        /// Messages that were written after a connect, or as due retries.
        public var passedOn: @Sendable ([String]) -> Void
        /// A line from the bot (pongs included).
        public var received: @Sendable (ServerLine) -> Void
        /// About four times a second: messages to send again (after `overloaded`).
        public var dueRetries: @Sendable () -> [InboundMessage]

        public init(
            connected: @escaping @Sendable () -> [InboundMessage], passedOn: @escaping @Sendable ([String]) -> Void,
            received: @escaping @Sendable (ServerLine) -> Void,
            dueRetries: @escaping @Sendable () -> [InboundMessage]
        ) {
            self.connected = connected
            self.passedOn = passedOn
            self.received = received
            self.dueRetries = dueRetries
        }
    }

    private let address: ListenAddress
    private let helloToken: String?
    private let log: @Sendable (String) -> Void
    private let writeLock = NSLock()
    private var descriptor: Int32 = -1
    private var backoff: Backoff

    /// The id of the ping sent after every hello (the program's name): its pong proves the connection is
    /// accepted.
    private let pingID: String
    private let addressing: WireAddressing

    public init(
        address: ListenAddress, helloToken: String?, name: String, addressing: WireAddressing,
        backoff: Backoff = Backoff(initial: 0.2, maximum: 5), log: @escaping @Sendable (String) -> Void
    ) {
        self.address = address
        self.pingID = name
        self.addressing = addressing
        self.helloToken = helloToken
        self.log = log
        self.backoff = backoff
    }

    /// Writes the messages `compose` returns, in order, if the bot is connected; `compose` runs under the write
    /// lock either way, so that a reconnect cannot resend them in between.
    ///
    /// Returns the messages written.
    public func send(_ compose: () -> [InboundMessage]) -> [InboundMessage] {
        writeLock.lock()
        defer { writeLock.unlock() }
        let messages = compose()
        guard !messages.isEmpty, writeLocked(messages.flatMap(encode)) else {
            return []
        }
        return messages
    }

    /// The line for one message.
    private func encode(_ message: InboundMessage) -> [UInt8] {
        WireCodec.encodeMessage(addressing.chatMessage(message))
    }

    /// Connects and reads for ever (run it on a thread of its own).
    public func run(_ callbacks: Callbacks) {
        while true {
            let fd: Int32
            do {
                fd = try SocketDialer.connect(to: address)
            } catch {
                let delay = backoff.next()
                log("cannot reach the bot at \(address) (\(error)); retrying in \(Backoff.format(delay))")
                Thread.sleep(forTimeInterval: delay)
                continue
            }
            greet(fd, callbacks)
            read(fd, callbacks)
            writeLock.lock()
            descriptor = -1
            writeLock.unlock()
            Descriptor.close(fd)
            let delay = backoff.next()
            log("the bot closed the connection; reconnecting in \(Backoff.format(delay))")
            Thread.sleep(forTimeInterval: delay)
        }
    }

    /// Sends hello, a ping and every unanswered message as the first lines of a new connection.
    private func greet(_ fd: Int32, _ callbacks: Callbacks) {
        var bytes: [UInt8] = []
        if let helloToken {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("type", "hello")
            writer.member("token", helloToken)
            writer.endObject()
            bytes += writer.bytes + [0x0A]
        }
        bytes += Array(#"{"type":"ping","id":"\#(pingID)"}"#.utf8) + [0x0A]
        writeLock.lock()
        descriptor = fd
        let messages = callbacks.connected()
        bytes += messages.flatMap(encode)
        let written = writeLocked(bytes)
        writeLock.unlock()
        if written && !messages.isEmpty {
            log("connected to the bot at \(address); sent \(messages.count) unanswered message(s) again")
            callbacks.passedOn(messages.map(\.id))
        }
    }

    /// Reads lines until the connection ends, sending due retries in between.
    private func read(_ fd: Int32, _ callbacks: Callbacks) {
        var framer = LineFramer(maximumLineLength: 1 << 20)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 250)
            if ready < 0 && errno != EINTR { return }
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                let code = errno
                if count < 0 && (code == EINTR || code == EAGAIN) { continue }
                if count <= 0 { return }
                for event in framer.append(buffer[0..<count]) {
                    guard case .line(let bytes) = event, let line = ServerLine.decode(bytes) else {
                        log("the bot wrote a line the bridge cannot read; skipped")
                        continue
                    }
                    if line.type == "pong" && line.id == pingID {
                        backoff.reset()
                        log("connected to the bot at \(address)")
                    } else if line.type == "error" && line.code == "unauthorized" {
                        log("the bot refused the bridge: check --bridge-token-file against its --token-file")
                    }
                    callbacks.received(line)
                }
            }
            let due = callbacks.dueRetries()
            let written = due.isEmpty ? [] : send { due }
            if !written.isEmpty { callbacks.passedOn(written.map(\.id)) }
        }
    }

    /// Writes to the current connection (the caller holds `writeLock`); on failure shuts it down, so the reader
    /// sees its end and reconnects.
    private func writeLocked(_ bytes: [UInt8]) -> Bool {
        guard descriptor >= 0 else { return false }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                shutdown(descriptor, Int32(SHUT_RDWR))
                descriptor = -1
                return false
            }
        }
        return true
    }
}

/// Growing pauses between attempts: doubled after every failure up to a ceiling, back to the start on success.
public struct Backoff: Sendable {
    public let initial: Double
    public let maximum: Double
    private var current: Double?

    public init(initial: Double, maximum: Double) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The pause before the next attempt.
    public mutating func next() -> Double {
        let delay = current.map { min(maximum, $0 * 2) } ?? initial
        current = delay
        return delay
    }

    public mutating func reset() {
        current = nil
    }

    /// `0.4 s`, as logs print a delay.
    public static func format(_ seconds: Double) -> String {
        String(format: "%.1f s", seconds)
    }
}
