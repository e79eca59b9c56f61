/// Splits a byte stream into lines: `\n` ends a line, a `\r` before it is dropped,
/// and a line longer than the limit is reported once and skipped up to its end.
public struct LineFramer: Sendable {
    /// What the framer found in the bytes.
    public enum Event: Equatable, Sendable {
        case line([UInt8])
        /// A line over the limit was dropped (reported when its end arrives, or at once when it overflows).
        case tooLong
    }

    /// The longest line accepted, in bytes, without its ending.
    public let maximumLineLength: Int
    private var buffer: [UInt8] = []
    private var discarding = false

    public init(maximumLineLength: Int = 65_536) {
        self.maximumLineLength = maximumLineLength
    }

    /// Bytes held for an unfinished line.
    public var pendingByteCount: Int { buffer.count }

    /// Feeds bytes; returns the complete lines and overflows found.
    public mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if discarding {
                    discarding = false
                } else {
                    if buffer.last == UInt8(ascii: "\r") { buffer.removeLast() }
                    if buffer.count > maximumLineLength {
                        events.append(.tooLong)
                    } else {
                        events.append(.line(buffer))
                    }
                }
                buffer.removeAll(keepingCapacity: true)
            } else if !discarding {
                buffer.append(byte)
                if buffer.count > maximumLineLength + 1 {  // +1: room for a trailing \r
                    events.append(.tooLong)
                    discarding = true
                    buffer.removeAll(keepingCapacity: false)
                }
            }
        }
        return events
    }

    /// At end of input: the last line if it had no `\n`.
    public mutating func finish() -> [Event] {
        defer { buffer.removeAll() }
        if discarding || buffer.isEmpty {
            discarding = false
            return []
        }
        if buffer.last == UInt8(ascii: "\r") { buffer.removeLast() }
        return buffer.count > maximumLineLength ? [.tooLong] : [.line(buffer)]
    }
}
