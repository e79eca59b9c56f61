import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Complete lines read from a descriptor as they come, waiting no longer than asked: the reading side of the line
/// protocol's clients (`LineClient`, the test and bench drivers).
public struct LineReader {
    /// The descriptor read (not owned).
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(fd: Int32) {
        self.fd = fd
    }

    /// The next line without its newline; nil at end of input or after `timeout` seconds.
    public mutating func line(timeout: TimeInterval) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                defer { buffer.removeSubrange(...newline) }
                return Array(buffer[..<newline])
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(max(1, remaining * 1_000))) > 0 else { continue }
            guard let chunk = try? FileDescriptorIO.read(fd), !chunk.isEmpty else { return nil }
            buffer.append(contentsOf: chunk)
        }
    }

    /// Every complete line received so far, waiting up to `timeout` seconds for the first; empty at end of input
    /// or when the time is up.
    public mutating func lines(timeout: TimeInterval) -> [[UInt8]] {
        guard let first = line(timeout: timeout) else { return [] }
        var lines = [first]
        while let newline = buffer.firstIndex(of: 0x0A) {
            lines.append(Array(buffer[..<newline]))
            buffer.removeSubrange(...newline)
        }
        return lines
    }

    /// Forgets what was read and not yet taken (the other end was restarted).
    public mutating func discard() {
        buffer.removeAll()
    }
}
