#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a POSIX call, retrying it while it fails with EINTR; any other failure throws errno with the call's name.
///
/// `body` returns the call's result as an `Int` (negative on failure, errno set):
///
/// ```swift
/// let fd = try retryingSyscall("accept") { Int(accept(listener, nil, nil)) }
/// ```
@discardableResult
public func retryingSyscall(_ call: String, _ body: () -> Int) throws(SystemError) -> Int {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno  // read at once, before anything else can change it
        if code == EINTR { continue }
        throw SystemError(call: call, errno: code)
    }
}

/// Small descriptor helpers shared by the socket server and the bench.
public enum Descriptor {
    /// Puts `fd` in non-blocking mode.
    public static func setNonBlocking(_ fd: Int32) throws(SystemError) {
        let flags = try retryingSyscall("fcntl(F_GETFL)") { Int(fcntl(fd, F_GETFL)) }
        try retryingSyscall("fcntl(F_SETFL)") { Int(fcntl(fd, F_SETFL, Int32(flags) | O_NONBLOCK)) }
    }

    /// Marks `fd` close-on-exec, so children (the bench's server, mail tools) do not inherit it.
    public static func setCloseOnExec(_ fd: Int32) throws(SystemError) {
        try retryingSyscall("fcntl(F_SETFD)") { Int(fcntl(fd, F_SETFD, FD_CLOEXEC)) }
    }

    /// Closes `fd`, ignoring errors (EINTR on close must not be retried on Linux: the descriptor is gone).
    public static func close(_ fd: Int32) {
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// A pipe whose ends are close-on-exec and non-blocking: the wake-up channel of a poll loop.
    public static func makeWakePipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        try retryingSyscall("pipe") { Int(pipe(&ends)) }
        for fd in ends {
            try setNonBlocking(fd)
            try setCloseOnExec(fd)
        }
        return (ends[0], ends[1])
    }

    /// Reads and discards whatever is waiting on a non-blocking descriptor (a wake pipe).
    public static func drain(_ fd: Int32) {
        var scratch = [UInt8](repeating: 0, count: 256)
        while scratch.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, 256) }) > 0 {}
    }

    /// Writes one byte to a non-blocking wake pipe; a full pipe already means "wake up".
    public static func poke(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(fd, &byte, 1)
    }

    /// Nanoseconds on the monotonic clock.
    public static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
