import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small blocking HTTP/1.1 client for the web channel's tests: one connection, requests in turn, an event
/// stream read event by event.
public final class HTTPTestClient {
    public struct Response {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public var json: [String: JSONValue] { (try? JSONParser.parse(body))?.object ?? [:] }
    }

    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(_ address: ListenAddress) throws {
        fd = try SocketDialer.connect(to: address)
        var flags = fcntl(fd, F_GETFL)
        flags &= ~O_NONBLOCK
        _ = fcntl(fd, F_SETFL, flags)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// Sends raw bytes.
    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            offset += count
        }
    }

    /// Sends a request and reads its response.
    public func request(
        _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) throws -> Response {
        send(Self.encode(method, path, body: body, headers: headers))
        return try readResponse(bodyless: method == "HEAD")
    }

    public static func encode(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:])
        -> [UInt8]
    {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(bytes.count)\r\n" }
        return Array((head + "\r\n").utf8) + bytes
    }

    /// Reads one response (its body by Content-Length; an event stream's head only).
    public func readResponse(bodyless: Bool = false) throws -> Response {
        let head = try readUntil([13, 10, 13, 10])
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = bodyless ? 0 : Int(headers["content-length"] ?? "") ?? 0
        while buffer.count < length { guard try fill() else { break } }
        let body = Array(buffer.prefix(length))
        buffer.removeFirst(min(length, buffer.count))
        return Response(status: status, headers: headers, body: body)
    }

    /// The next server-sent event (`id` and `data`), skipping comments; nil at end or after the timeout.
    public func nextEvent() throws -> (id: String, data: String)? {
        while true {
            guard let block = try? readUntil([10, 10]) else { return nil }
            var id = ""
            var data = ""
            for line in String(decoding: block, as: UTF8.self).split(separator: "\n") {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            if !data.isEmpty { return (id, data) }
        }
    }

    private func readUntil(_ marker: [UInt8]) throws -> [UInt8] {
        while true {
            if let range = find(marker) {
                let part = Array(buffer[..<range])
                buffer.removeFirst(range + marker.count)
                return part
            }
            guard try fill() else { throw HTTPTestError.closed }
        }
    }

    private func find(_ marker: [UInt8]) -> Int? {
        guard buffer.count >= marker.count else { return nil }
        for index in 0...(buffer.count - marker.count) where Array(buffer[index..<(index + marker.count)]) == marker {
            return index
        }
        return nil
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }
}

public enum HTTPTestError: Error { case closed }

/// A browser's identity on the test server: its cookie and CSRF token, from `GET /api/session`.
public struct WebSession {
    public var cookie: String
    public var csrf: String
    public var chat: String

    /// Opens a session on `client` (the cookie the server sets, the token it hands out).
    public static func open(_ client: HTTPTestClient, path: String = "/api/session") throws -> WebSession {
        let response = try client.request("GET", path)
        let setCookie = response.headers["set-cookie"] ?? ""
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        let json = response.json
        return WebSession(
            cookie: cookie, csrf: json["csrf"]?.string ?? "", chat: json["chat"]?.string ?? "")
    }

    public var headers: [String: String] { ["Cookie": cookie, "X-CSRF-Token": csrf] }
}
