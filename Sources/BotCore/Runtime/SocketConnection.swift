#if canImport(Glibc)
    import Glibc
#endif

/// One accepted socket connection: its input framing, its output buffer, what it has waiting.
///
/// Not `Sendable`: the poll loop owns it; the turn writer reaches it only through the loop's mailbox.
final class SocketConnection {
    let id: Int
    let fd: Int32
    /// The listener it came through (logged; the peer's address is not, being the client's business).
    let listener: ListenAddress
    var intake: LineIntake
    /// Lines waiting to be written.
    private var output = OutputBuffer()
    /// Events queued for the turn writer and not answered yet.
    var pending = 0
    /// False until a `hello` with the right token when the server has one.
    var isAuthorized: Bool
    /// False once input is over: the client closed its side, the server is stopping, or it was refused.
    var isReading = true
    /// Close as soon as the output is written (after `unauthorized`).
    var closeWhenFlushed = false
    /// When it was accepted (monotonic nanoseconds): the hello deadline counts from here.
    let openedAt: UInt64

    init(id: Int, fd: Int32, listener: ListenAddress, isAuthorized: Bool, openedAt: UInt64) {
        self.id = id
        self.fd = fd
        self.listener = listener
        self.intake = LineIntake(connection: id)
        self.isAuthorized = isAuthorized
        self.openedAt = openedAt
    }

    /// Bytes accepted for output and not yet taken by the socket.
    var backlog: Int { output.backlog }

    /// Whether everything it was owed is answered and written, so that it may close.
    var isSettled: Bool { pending == 0 && backlog == 0 }

    /// Adds lines to the output (written by the next `flush`).
    func enqueue(_ bytes: [UInt8]) { output.enqueue(bytes) }

    /// Writes as much output as the socket takes now; false when the peer is gone.
    func flush() -> Bool { output.flush(to: fd) }

    /// Reads what is waiting into `buffer`: the byte count, 0 at end of input, nil when nothing is waiting.
    func read(into buffer: inout [UInt8]) throws(SystemError) -> Int? {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemError(call: "read", errno: code)
            }
        }
    }
}
