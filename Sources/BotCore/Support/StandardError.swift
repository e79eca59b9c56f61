import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one sink every log and diagnostic line of the executables goes through: standard error, written with
/// `write(2)`.
///
/// A line that cannot be written (stderr on a full disk, `2>/dev/full`, a closed pipe) is dropped and counted, never
/// fatal: a server must not die because its log cannot be written. Foundation's `FileHandle.write(_:)` traps on such
/// an error, which is why nothing here uses it.
public enum StandardError {
    private static let droppedLines = Atomic<Int>(0)

    /// Writes `text` and a line break; returns false (and counts the line as dropped) when it could not be written.
    @discardableResult
    public static func writeLine(_ text: String) -> Bool {
        write(to: STDERR_FILENO, text)
    }

    /// Lines dropped so far because standard error could not be written.
    public static var dropped: Int { droppedLines.load(ordering: .relaxed) }

    /// Writes a line to `fd`, counting it as dropped on failure (separate from stderr for tests).
    @discardableResult
    static func write(to fd: Int32, _ text: String) -> Bool {
        do {
            try FileDescriptorIO.writeAll(fd, Array((text + "\n").utf8))
            return true
        } catch {
            droppedLines.add(1, ordering: .relaxed)
            return false
        }
    }
}
