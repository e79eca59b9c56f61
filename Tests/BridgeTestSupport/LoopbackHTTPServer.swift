import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the fakes of messenger APIs: one request per connection, each on
/// a thread of its own, answered by a handler.
///
/// `@unchecked Sendable`: `listener` is set in `init` and only closed by `stop()`.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// The parts of a request the fakes need.
    public struct Request: Sendable {
        public var method: String
        /// The path without the query.
        public var path: String
        /// Query parameters, percent-decoded.
        public var query: [String: String]
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: [UInt8]

        public init(
            method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
            body: [UInt8] = []
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    /// An answer; the handler returns nil to close the connection without one.
    public struct Response: Sendable {
        public var status: Int
        public var body: String
        public var type: String
        public var headers: [String: String]

        public init(
            status: Int, body: String, type: String = "application/json", headers: [String: String] = [:]
        ) {
            self.status = status
            self.body = body
            self.type = type
            self.headers = headers
        }
    }

    /// The server could not open its listening socket.
    public struct CannotListen: Error {
        public var errno: Int32
    }

    public let port: Int
    private let listener: Int32

    /// Listens on an ephemeral port of 127.0.0.1 and answers every request with `handler`.
    public init(handler: @escaping @Sendable (Request) -> Response?) throws {
        signal(SIGPIPE, SIG_IGN)  // a bridge killed mid-call must not take the test process with it
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw CannotListen(errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                Thread {
                    if let request = Self.read(from: client), let response = handler(request) {
                        Self.write(response, to: client)
                    }
                    Descriptor.close(client)
                }.start()
            }
        }.start()
    }

    /// `http://127.0.0.1:<port>`.
    public var base: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting connections.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        Descriptor.close(listener)
    }

    private static func write(_ response: Response, to fd: Int32) {
        let reason =
            [
                200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests",
                502: "Bad Gateway", 503: "Service Unavailable",
            ][response.status] ?? "Error"
        let bytes = Array(response.body.utf8)
        var head = "HTTP/1.1 \(response.status) \(reason)\r\nContent-Type: \(response.type)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
        try? FileDescriptorIO.writeAll(fd, Array(head.utf8) + bytes)
    }

    /// Reads one request: the head, then the body by `Content-Length`.
    private static func read(from fd: Int32) -> Request? {
        var data: [UInt8] = []
        var headerEnd: Int?
        var contentLength = 0
        var headers: [String: String] = [:]
        while true {
            if headerEnd == nil, let end = find([13, 10, 13, 10], in: data) {
                headerEnd = end + 4
                let head = String(decoding: data[..<end], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let pair = line.split(separator: ":", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    let name = pair[0].lowercased()
                    let value = pair[1].trimmingCharacters(in: .whitespaces)
                    headers[name] = value
                    if name == "content-length" { contentLength = Int(value) ?? 0 }
                    if name == "expect", value.lowercased() == "100-continue" {
                        try? FileDescriptorIO.writeAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                    }
                }
            }
            if let headerEnd, data.count >= headerEnd + contentLength {
                let requestLine = String(decoding: data[..<(find([13, 10], in: data) ?? 0)], as: UTF8.self)
                let words = requestLine.split(separator: " ")
                guard words.count >= 2 else { return nil }
                let target = String(words[1])
                let pieces = target.split(separator: "?", maxSplits: 1)
                var query: [String: String] = [:]
                if pieces.count == 2 {
                    for pair in pieces[1].split(separator: "&") {
                        let nameValue = pair.split(separator: "=", maxSplits: 1).map {
                            String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                        }
                        query[nameValue[0]] = nameValue.count > 1 ? nameValue[1] : ""
                    }
                }
                return Request(
                    method: String(words[0]), path: pieces.first.map(String.init) ?? target, query: query,
                    headers: headers, body: Array(data[headerEnd..<(headerEnd + contentLength)]))
            }
            guard let chunk = try? FileDescriptorIO.read(fd, capacity: 16_384), !chunk.isEmpty else { return nil }
            data += chunk
        }
    }

    private static func find(_ needle: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for start in 0...(data.count - needle.count) where data[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
