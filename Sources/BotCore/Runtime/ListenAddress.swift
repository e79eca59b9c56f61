/// Where the socket server listens: a TCP host and port, or a Unix domain socket path.
///
/// ```swift
/// try ListenAddress.parseTCP("8080")            // .tcp(host: "127.0.0.1", port: 8080)
/// try ListenAddress.parseTCP("0.0.0.0:7000")    // .tcp(host: "0.0.0.0", port: 7000)
/// try ListenAddress.parseTCP("[::1]:0")         // .tcp(host: "::1", port: 0): any free port
/// ```
public enum ListenAddress: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// A TCP socket; port 0 asks the system for a free port.
    case tcp(host: String, port: Int)
    /// A Unix domain socket at `path` (created mode 0600).
    case unixSocket(path: String)

    /// The host a `--listen` address without one binds to: loopback only.
    public static let defaultHost = "127.0.0.1"

    /// The longest Unix socket path the kernel accepts (`sun_path` less its terminating zero).
    public static let maximumUnixPathLength = 107

    /// A listen address that cannot be used, with the reason in words.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `HOST:PORT`, `:PORT`, `PORT` or `[IPv6]:PORT`; the host defaults to 127.0.0.1.
    public static func parseTCP(_ text: String) throws(ParseError) -> ListenAddress {
        var host = defaultHost
        var portText = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ParseError(description: "\(text): an IPv6 host needs its closing ]")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw ParseError(description: "\(text): expected [HOST]:PORT") }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            let named = text[..<colon]
            guard !named.contains(":") else {
                throw ParseError(description: "\(text): write an IPv6 host in brackets, [::1]:PORT")
            }
            if !named.isEmpty { host = String(named) }
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw ParseError(description: "\(text): the host is empty") }
        guard let port = Int(portText), (0...65_535).contains(port), portText.allSatisfy(\.isASCII) else {
            throw ParseError(description: "\(text): the port must be a number from 0 to 65535")
        }
        return .tcp(host: host, port: port)
    }

    /// Checks a Unix socket path (non-empty, short enough for `sun_path`).
    public static func parseUnix(_ path: String) throws(ParseError) -> ListenAddress {
        guard !path.isEmpty else { throw ParseError(description: "the Unix socket path is empty") }
        guard path.utf8.count <= maximumUnixPathLength else {
            throw ParseError(description: "\(path): longer than \(maximumUnixPathLength) bytes")
        }
        return .unixSocket(path: path)
    }

    /// `tcp 127.0.0.1:7000` or `unix /run/bot.sock`, as the logs print it.
    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "tcp [\(host)]:\(port)" : "tcp \(host):\(port)"
        case .unixSocket(let path): "unix \(path)"
        }
    }
}
