import Foundation

/// The lines a descriptor delivers (a child process's standard error), read on a thread of their own so that the
/// writer never blocks on them, and waited for by content.
///
/// `@unchecked Sendable`: `lines` and `ended` are only touched while holding `condition`.
public final class LogLines: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String] = []
    private var ended = false

    /// Starts reading `fd` until its end.
    ///
    /// With `keep`, only about the last `keep` lines are kept.
    public init(_ fd: Int32, keep: Int? = nil, name: String = "log-lines") {
        let thread = Thread { [self] in
            var pending: [UInt8] = []
            while let chunk = try? FileDescriptorIO.read(fd), !chunk.isEmpty {
                pending += chunk
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    condition.lock()
                    lines.append(line)
                    if let keep, lines.count > keep { lines.removeFirst(max(1, keep / 2)) }
                    condition.broadcast()
                    condition.unlock()
                }
            }
            condition.lock()
            ended = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// The first kept line containing `text`, waiting up to `timeout` seconds; nil at end of input or after it.
    public func waitForLine(containing text: String, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let line = lines.first(where: { $0.contains(text) }) { return line }
            if ended || !condition.wait(until: deadline) { return nil }
        }
    }

    /// The lines kept so far.
    public var all: [String] {
        condition.lock()
        defer { condition.unlock() }
        return lines
    }
}
