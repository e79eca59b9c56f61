#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed POSIX call: its name and errno.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// Reads and writes whole buffers on a file descriptor, retrying EINTR and short writes.
public enum FileDescriptorIO {
    /// Reads what is available (up to `capacity` bytes); empty at end of input.
    public static func read(_ fd: Int32, capacity: Int = 65_536) throws(SystemError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, capacity) }
            if count >= 0 {
                buffer.removeSubrange(count...)
                return buffer
            }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemError(call: "read", errno: code)
        }
    }

    /// Writes all of `bytes`.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if count >= 0 {
                offset += count
                continue
            }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemError(call: "write", errno: code)
        }
    }
}
