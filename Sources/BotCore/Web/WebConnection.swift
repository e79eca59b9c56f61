#if canImport(Glibc)
    import Glibc
#endif

/// One browser connection: the request being read, what is owed to it, the bytes waiting to be written.
///
/// Not `Sendable`: the web loop owns it.
final class WebConnection {
    /// What the connection waits for once a request has been read.
    enum Mode {
        /// Reading the next request.
        case idle
        /// A chat message went to the turn writer; the turn comes back to `chat`.
        case message(chat: String, startedAt: UInt64)
        /// A request went to the writer; `extra` members join its answer, `cookie` is set with it.
        case request(chat: String, extra: [(String, String)], cookie: String?)
        /// An event stream of a chat's hub.
        case streaming(EventHubs.Hub)
    }

    let id: Int
    let fd: Int32
    /// The client's address, for the rate limit (never logged).
    let peer: String
    var parser = HTTPParser()
    var mode = Mode.idle
    /// Close once the output is written.
    var closeWhenFlushed = false
    /// When the connection last did something (monotonic nanoseconds): for the idle and head timeouts.
    var lastActivity: UInt64
    /// When the request being read began.
    var requestStartedAt: UInt64?
    var keepAlive = true
    var output = OutputBuffer()

    init(id: Int, fd: Int32, peer: String, now: UInt64) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.lastActivity = now
    }

    var isIdle: Bool {
        if case .idle = mode { return true }
        return false
    }

    /// Writes a response; a connection that asked to close (or must) closes once it is out.
    func respond(_ response: HTTPResponse) {
        output.enqueue(response.encoded(keepAlive: keepAlive && !closeWhenFlushed))
        if !keepAlive { closeWhenFlushed = true }
        mode = .idle
    }
}

/// Bytes waiting for a non-blocking socket, written as far as it takes them.
struct OutputBuffer {
    private var bytes: [UInt8] = []
    private var written = 0

    var backlog: Int { bytes.count - written }

    mutating func enqueue(_ more: [UInt8]) {
        if bytes.isEmpty { bytes = more } else { bytes.append(contentsOf: more) }
    }

    /// Writes what the socket takes now; false when the peer is gone.
    mutating func flush(to fd: Int32) -> Bool {
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + written, raw.count - written, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                written += count
                continue
            }
            let code = errno
            if count < 0 && code == EINTR { continue }
            if count < 0 && (code == EAGAIN || code == EWOULDBLOCK) { break }
            return false
        }
        if written == bytes.count {
            bytes = []
            written = 0
        } else if written >= 1 << 20 {
            bytes.removeFirst(written)
            written = 0
        }
        return true
    }
}
