import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small blocking HTTP/1.1 client for the web channel's tests: one connection, requests in turn, an event
/// stream read event by event.
final class HTTPTestClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: JSONValue] { (try? JSONParser.parse(body))?.object ?? [:] }
    }

    let fd: Int32
    private var buffer: [UInt8] = []

    init(_ address: ListenAddress) throws {
        fd = try SocketDialer.connect(to: address)
        var flags = fcntl(fd, F_GETFL)
        flags &= ~O_NONBLOCK
        _ = fcntl(fd, F_SETFL, flags)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// Sends raw bytes.
    func send(_ bytes: [UInt8]) {
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
    func request(
        _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) throws -> Response {
        send(Self.encode(method, path, body: body, headers: headers))
        return try readResponse(bodyless: method == "HEAD")
    }

    static func encode(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:])
        -> [UInt8]
    {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: test\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(bytes.count)\r\n" }
        return Array((head + "\r\n").utf8) + bytes
    }

    /// Reads one response (its body by Content-Length; an event stream's head only).
    func readResponse(bodyless: Bool = false) throws -> Response {
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
    func nextEvent() throws -> (id: String, data: String)? {
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

enum HTTPTestError: Error { case closed }

/// A browser's identity on the test server: its cookie and CSRF token, from `GET /api/session`.
struct WebSession {
    var cookie: String
    var csrf: String
    var chat: String

    /// Opens a session on `client` (the cookie the server sets, the token it hands out).
    static func open(_ client: HTTPTestClient, path: String = "/api/session") throws -> WebSession {
        let response = try client.request("GET", path)
        let setCookie = response.headers["set-cookie"] ?? ""
        let cookie = String(setCookie.split(separator: ";").first ?? "")
        let json = response.json
        return WebSession(
            cookie: cookie, csrf: json["csrf"]?.string ?? "", chat: json["chat"]?.string ?? "")
    }

    var headers: [String: String] { ["Cookie": cookie, "X-CSRF-Token": csrf] }
}

extension RunningSocketServer {
    /// The web channel's address (the last one bound).
    var http: ListenAddress { addresses.last! }
}

/// Server options with the web channel on a free loopback port and a fixed key.
func webOptions(rate: Double = 1_000) throws -> SocketServerOptions {
    var options = SocketServerOptions()
    var web = WebOptions(
        address: .tcp(host: "127.0.0.1", port: 0), key: try WebKey(secret: Array(repeating: 7, count: 32)))
    web.ratePerSecond = rate
    web.pages = ["/": WebPage(contentType: "text/html", body: "<p>widget</p>", cookie: .widget)]
    options.web = web
    options.statsInterval = 0
    return options
}

/// The test server's answers to requests: `session` gives the chat's language, `echo` its arguments,
/// `refuse` a refusal of the kind asked for, `push` pushes `text` to `to`.
func testRequests(_ request: AppRequest, _ context: DialogContext<TestEnv>) throws -> JSONValue {
    switch request.name {
    case "session", "console.session":
        return .object(["lang": .string(context.language.rawValue)])
    case "console.echo":
        return .object(request.arguments.mapValues(JSONValue.string))
    case "console.refuse":
        let kind = AppRequestFailure.Kind(rawValue: request.arguments["kind"] ?? "") ?? .invalid
        throw AppRequestFailure(kind, "refused", field: request.arguments["field"])
    case "console.push":
        context.push(to: request.arguments["to"] ?? "", [OutMessage(request.arguments["text"] ?? "")])
        return .object([:])
    default:
        throw AppRequestFailure(.notFound, "no such request")
    }
}
