#if canImport(Glibc)
    import Glibc
#endif

/// Opens client connections to a listen address: for bridges written in Swift, the bench and tests.
public enum SocketDialer {
    /// Connects to `address` and returns a blocking, close-on-exec descriptor the caller owns.
    public static func connect(to address: ListenAddress) throws -> Int32 {
        switch address {
        case .tcp(let host, let port):
            return try SocketListener.firstResolved(
                host: host, port: port, passive: false, for: address,
                failing: SystemError(call: "connect", errno: ECONNREFUSED)
            ) { info in
                let fd = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
                guard fd >= 0 else { throw SystemError(call: "socket", errno: errno) }
                do {
                    try retryingSyscall("connect") { Int(Glibc.connect(fd, info.ai_addr, info.ai_addrlen)) }
                    try Descriptor.setCloseOnExec(fd)
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                } catch {
                    Descriptor.close(fd)
                    throw error
                }
            }
        case .unixSocket(let path):
            let fd = Int32(try retryingSyscall("socket") { Int(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)) })
            do {
                try retryingSyscall("connect") {
                    Int(SocketListener.withUnixAddress(path) { address, length in Glibc.connect(fd, address, length) })
                }
                try Descriptor.setCloseOnExec(fd)
                return fd
            } catch {
                Descriptor.close(fd)
                throw error
            }
        }
    }
}
