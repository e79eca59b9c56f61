#if canImport(Glibc)
    import Glibc
#endif

/// Opens client connections to a listen address: for bridges written in Swift, the bench and tests.
public enum SocketDialer {
    /// Connects to `address` and returns a blocking, close-on-exec descriptor the caller owns.
    public static func connect(to address: ListenAddress) throws -> Int32 {
        switch address {
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var found: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &found)
            guard status == 0, let first = found else {
                throw ListenError(address: address, reason: String(cString: gai_strerror(status)))
            }
            defer { freeaddrinfo(first) }
            var lastError = SystemError(call: "connect", errno: ECONNREFUSED)
            var candidate: UnsafeMutablePointer<addrinfo>? = first
            while let info = candidate {
                candidate = info.pointee.ai_next
                let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
                guard fd >= 0 else { continue }
                do {
                    try retryingSyscall("connect") {
                        Int(Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen))
                    }
                    try Descriptor.setCloseOnExec(fd)
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                } catch {
                    lastError = error
                    Descriptor.close(fd)
                }
            }
            throw lastError
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
