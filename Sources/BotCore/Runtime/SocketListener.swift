#if canImport(Glibc)
    import Glibc
#endif

/// A listen address that could not be opened, with the reason in words.
public struct ListenError: Error, Equatable, Sendable, CustomStringConvertible {
    public var address: ListenAddress
    public var reason: String

    public var description: String { "cannot listen on \(address): \(reason)" }
}

/// A bound, listening, non-blocking socket; owns its descriptor (and its Unix socket file).
///
/// Not `Sendable`: it belongs to the server's poll loop.
final class SocketListener {
    let fd: Int32
    /// The address as bound: with the port the system chose when asked for port 0.
    let address: ListenAddress
    /// For a Unix socket: the file's identity, so that closing removes our file and no other.
    private let unixFile: (path: String, device: UInt64, inode: UInt64)?

    /// Opens and binds `address`.
    ///
    /// A Unix socket file left by a dead server is replaced; a live one is not.
    init(_ address: ListenAddress) throws(ListenError) {
        func fail(_ error: SystemError) -> ListenError {
            ListenError(address: address, reason: "\(error.call): \(String(cString: strerror(error.errno)))")
        }
        switch address {
        case .tcp(let host, let port):
            do {
                (fd, self.address) = try Self.openTCP(host: host, port: port, requested: address)
            } catch let error as ListenError {
                throw error
            } catch let error as SystemError {
                throw fail(error)
            } catch {
                throw ListenError(address: address, reason: "\(error)")
            }
            unixFile = nil
        case .unixSocket(let path):
            do {
                try Self.removeStaleSocket(at: path, address: address)
                fd = try Self.openUnix(path: path)
                var info = stat()
                try retryingSyscall("lstat") { Int(lstat(path, &info)) }
                unixFile = (path, UInt64(info.st_dev), UInt64(info.st_ino))
                self.address = address
            } catch let error as ListenError {
                throw error
            } catch let error as SystemError {
                throw fail(error)
            } catch {
                throw ListenError(address: address, reason: "\(error)")
            }
        }
    }

    /// Accepts one waiting connection as a non-blocking, close-on-exec descriptor; nil when none is waiting.
    func accept() throws(SystemError) -> Int32? {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 {
                do {
                    try Descriptor.setNonBlocking(client)
                    try Descriptor.setCloseOnExec(client)
                } catch {
                    Descriptor.close(client)
                    throw error
                }
                if case .tcp = address {
                    var one: Int32 = 1
                    _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                }
                return client
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw SystemError(call: "accept", errno: code)
            }
        }
    }

    /// Stops listening; a Unix socket's file is removed if it is still the one this listener made.
    func close() {
        Descriptor.close(fd)
        if let file = unixFile {
            var info = stat()
            if lstat(file.path, &info) == 0, UInt64(info.st_dev) == file.device, UInt64(info.st_ino) == file.inode {
                unlink(file.path)
            }
        }
    }

    // MARK: - TCP

    private static func openTCP(host: String, port: Int, requested: ListenAddress) throws -> (Int32, ListenAddress) {
        try firstResolved(
            host: host, port: port, passive: true, for: requested,
            failing: SystemError(call: "getaddrinfo", errno: EADDRNOTAVAIL)
        ) { info in
            let descriptor = Int32(
                try retryingSyscall("socket") {
                    Int(socket(info.ai_family, info.ai_socktype, info.ai_protocol))
                })
            do {
                var one: Int32 = 1
                setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
                try retryingSyscall("bind") { Int(bind(descriptor, info.ai_addr, info.ai_addrlen)) }
                try retryingSyscall("listen") { Int(listen(descriptor, SOMAXCONN)) }
                try Descriptor.setNonBlocking(descriptor)
                try Descriptor.setCloseOnExec(descriptor)
                return (descriptor, .tcp(host: host, port: try boundPort(descriptor)))
            } catch {
                Descriptor.close(descriptor)
                throw error
            }
        }
    }

    /// Tries each address `host:port` resolves to (IPv4 or IPv6, numeric port; `passive` for listening) with
    /// `open`, in order, and returns what the first success gives.
    ///
    /// Throws why the name did not resolve, or the last `SystemError` (`failing` when there was none).
    static func firstResolved<T>(
        host: String, port: Int, passive: Bool, for address: ListenAddress, failing: SystemError,
        _ open: (addrinfo) throws -> T
    ) throws -> T {
        var hints = addrinfo()
        hints.ai_flags = passive ? AI_PASSIVE | AI_NUMERICSERV : AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw ListenError(address: address, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var lastError = failing
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            do {
                return try open(info.pointee)
            } catch let error as SystemError {
                lastError = error
            }
        }
        throw lastError
    }

    private static func boundPort(_ fd: Int32) throws(SystemError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try withUnsafeMutablePointer(to: &storage) { pointer throws(SystemError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                _ = try retryingSyscall("getsockname") { Int(getsockname(fd, address, &length)) }
            }
        }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
        case AF_INET6:
            return withUnsafeBytes(of: storage) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
        default:
            return 0
        }
    }

    // MARK: - Unix

    /// Removes a socket file nobody answers on; refuses a live socket and anything that is not a socket.
    private static func removeStaleSocket(at path: String, address: ListenAddress) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw ListenError(address: address, reason: "\(path) exists and is not a socket; not replacing it")
        }
        let probe = try retryingSyscall("socket") { Int(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)) }
        defer { Descriptor.close(Int32(probe)) }
        let connected = withUnixAddress(path) { address, length in
            connect(Int32(probe), address, length)
        }
        if connected == 0 {
            throw ListenError(address: address, reason: "another server is listening on \(path)")
        }
        guard errno == ECONNREFUSED else { return }  // let bind report anything else
        try retryingSyscall("unlink") { Int(unlink(path)) }
    }

    private static func openUnix(path: String) throws(SystemError) -> Int32 {
        let fd = Int32(try retryingSyscall("socket") { Int(socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)) })
        do throws(SystemError) {
            // The file is created by bind with the umask applied: 0177 leaves 0600, so there is no moment when
            // others could connect. The chmod after it covers file systems that ignore the umask for sockets.
            let saved = umask(0o177)
            let bound = withUnixAddress(path) { address, length in bind(fd, address, length) }
            let bindErrno = errno
            umask(saved)
            guard bound == 0 else { throw SystemError(call: "bind", errno: bindErrno) }
            try retryingSyscall("chmod") { Int(chmod(path, 0o600)) }
            try retryingSyscall("listen") { Int(listen(fd, SOMAXCONN)) }
            try Descriptor.setNonBlocking(fd)
            try Descriptor.setCloseOnExec(fd)
            return fd
        } catch {
            Descriptor.close(fd)
            throw error
        }
    }

    /// Calls `body` with a `sockaddr_un` for `path` (which `ListenAddress.parseUnix` keeps short enough).
    static func withUnixAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8.prefix(ListenAddress.maximumUnixPathLength))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                body(address, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}
