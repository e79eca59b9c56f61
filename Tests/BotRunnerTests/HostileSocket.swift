import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One client connection to `botrunner serve --listen/--unix`, as a transport for the hostile corpus and the
/// fault tests.
final class SocketTransport: LineTransport {
    let name: String
    let fd: Int32
    private var reader: LineReader
    private var closed = false

    init(name: String, address: ListenAddress) throws {
        self.name = name
        fd = try SocketDialer.connect(to: address)
        reader = LineReader(fd: fd)
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    func write(_ bytes: [UInt8]) -> Bool {
        (try? FileDescriptorIO.writeAll(fd, bytes)) != nil
    }

    func readLines(timeout: TimeInterval) -> [[UInt8]] {
        reader.lines(timeout: timeout)
    }

    /// Whether the server closed the connection (end of input within `timeout`, nothing else pending).
    func isClosedByServer(timeout: TimeInterval = 5) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return false }
        return ((try? FileDescriptorIO.read(fd)) ?? []).isEmpty
    }
}

extension ServeProcess {
    /// `serve` on a TCP port the system picks and on a Unix socket in `folder`, with an optional token file.
    static func sockets(folder: URL, token: String? = nil, extra: [String] = []) throws -> [String] {
        var arguments = [
            "serve", "--listen", "127.0.0.1:0", "--unix", folder.appendingPathComponent("bot.sock").path,
            "--db", folder.appendingPathComponent("bot.sqlite").path, "--now", "2026-04-30T10:00:00+03:00",
        ]
        if let token {
            let file = folder.appendingPathComponent("token")
            try Data((token + "\n").utf8).write(to: file)
            arguments += ["--token-file", file.path]
        }
        return arguments + extra
    }

    /// The addresses the server says it listens on (from its log), waiting up to `timeout` seconds.
    func listenAddresses(timeout: TimeInterval = 20) throws -> (tcp: ListenAddress, unix: ListenAddress) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let lines = log().split(separator: "\n")
            func address(after marker: String) -> Substring? {
                for line in lines {
                    if let range = line.range(of: marker) { return line[range.upperBound...] }
                }
                return nil
            }
            let tcp = address(after: "listening on tcp ")
            let unix = address(after: "listening on unix ")
            if let tcp, let unix {
                return (try ListenAddress.parseTCP(String(tcp)), try ListenAddress.parseUnix(String(unix)))
            }
            usleep(20_000)
        }
        throw SocketTestError("the server did not say where it listens: \(log().suffix(500))")
    }

    /// SIGTERM, then the exit status (nil if it did not exit within `timeout`; it is then killed).
    func terminate(timeout: TimeInterval = 30) -> Int32? {
        Glibc.kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill()
            return nil
        }
        return process.terminationStatus
    }
}
