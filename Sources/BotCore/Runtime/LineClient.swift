import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A simple blocking client of the line protocol: for tests, scripts and small bridges.
///
/// Not `Sendable`: one thread uses it.
public final class LineClient {
    /// The connection's descriptor (owned; closed by `close()` or on deinit).
    public let fd: Int32
    private var reader: LineReader
    private var isClosed = false

    /// Connects to `address`.
    public init(connectingTo address: ListenAddress) throws {
        fd = try SocketDialer.connect(to: address)
        reader = LineReader(fd: fd)
    }

    /// Wraps a descriptor that is already connected.
    public init(descriptor: Int32) {
        fd = descriptor
        reader = LineReader(fd: descriptor)
    }

    deinit { close() }

    /// Writes raw bytes.
    public func write(_ bytes: [UInt8]) throws(SystemError) {
        try FileDescriptorIO.writeAll(fd, bytes)
    }

    /// Writes one line (the newline is added).
    public func send(_ line: String) throws(SystemError) {
        try write(Array((line + "\n").utf8))
    }

    /// Writes a chat message line.
    public func send(_ message: ChatMessage) throws(SystemError) {
        try write(WireCodec.encodeMessage(message))
    }

    /// The next line from the server without its newline; nil at end of input or after `timeout` seconds.
    public func readLine(timeout: Double = 10) -> String? {
        reader.line(timeout: timeout).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The next line, decoded.
    public func receive(timeout: Double = 10) -> ServerLine? {
        readLine(timeout: timeout).flatMap { ServerLine.decode($0) }
    }

    /// Sends a line and decodes the next line received.
    public func exchange(_ line: String, timeout: Double = 10) throws(SystemError) -> ServerLine? {
        try send(line)
        return receive(timeout: timeout)
    }

    /// Closes the sending side: the server answers what it accepted, then closes.
    public func finishSending() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes the connection.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Descriptor.close(fd)
    }
}
