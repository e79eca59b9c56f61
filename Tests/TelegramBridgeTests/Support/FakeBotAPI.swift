import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stand-in for Telegram's Bot API on 127.0.0.1: a small HTTP/1.1 server (one request per connection) that
/// serves `getUpdates`, `sendMessage` and `deleteMessage` from memory, records every call, and fails or stalls
/// calls on request.
///
/// `@unchecked Sendable`: every mutable property is guarded by `condition`.
final class FakeBotAPI: @unchecked Sendable {
    /// A message the bridge sent, as Telegram saw it.
    struct Sent: Equatable, Sendable {
        var chatID: Int64
        var text: String
        var parseMode: String?
        /// The reply keyboard's rows, when the message set one.
        var keyboard: [[String]]?
        var removesKeyboard = false
        /// `resize_keyboard` was set with the keyboard.
        var fitsKeyboard = false
        var time: Double
    }

    /// One call the bridge made, with the HTTP status it got.
    struct Call: Equatable, Sendable {
        var method: String
        var status: Int
        var time: Double
    }

    /// What the next call of a method gets instead of the normal answer.
    enum Failure: Sendable {
        /// HTTP 429 with `parameters.retry_after`.
        case tooManyRequests(retryAfter: Int)
        /// No answer at all for this many seconds, then the connection closes.
        case stall(seconds: Double)
        /// HTTP 502 from a proxy in front of the API (no JSON).
        case badGateway
    }

    let token = "123456:TEST-token"
    private(set) var port = 0
    private var listener: Int32 = -1
    private let condition = NSCondition()
    private var queue: [(id: Int64, body: String)] = []
    private var nextUpdateID: Int64 = 7_000
    private var nextMessageID: Int64 = 500
    private var failures: [String: [Failure]] = [:]
    private var isHoldingSends = false
    private var isStopped = false
    private(set) var sentMessages: [Sent] = []
    private(set) var deletions: [(chatID: Int64, messageID: Int64)] = []
    private(set) var offsets: [Int64] = []
    private(set) var calls: [Call] = []

    init() throws {
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
        guard bound == 0, listen(fd, 64) == 0 else { throw FakeServerError.cannotListen(errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let acceptor = Thread { [self] in acceptConnections(fd) }
        acceptor.start()
    }

    /// The `--api-base` of this server.
    var apiBase: String { "http://127.0.0.1:\(port)" }

    /// Stops answering; waiting calls end.
    func stop() {
        condition.withLock {
            isStopped = true
            isHoldingSends = false
            condition.broadcast()
        }
        shutdown(listener, Int32(SHUT_RDWR))
        Descriptor.close(listener)
    }

    // MARK: - Scripting

    /// A person writes `text` in `chat`: a new update.
    ///
    /// Returns its update id and message id.
    @discardableResult
    func userSends(_ text: String, chat: Int64 = 4242, name: String = "Мария") -> (update: Int64, message: Int64) {
        condition.withLock {
            let update = nextUpdateID
            let message = nextMessageID
            nextUpdateID += 1
            nextMessageID += 1
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("update_id")
            writer.int(Int(update))
            writer.key("message")
            writer.beginObject()
            writer.key("message_id")
            writer.int(Int(message))
            writer.key("date")
            writer.int(1_777_000_000)
            writer.key("chat")
            writer.beginObject()
            writer.key("id")
            writer.int(Int(chat))
            writer.member("type", "private")
            writer.endObject()
            writer.key("from")
            writer.beginObject()
            writer.key("id")
            writer.int(Int(chat))
            writer.key("is_bot")
            writer.bool(false)
            writer.member("first_name", name)
            writer.member("language_code", "ru")
            writer.endObject()
            writer.member("text", text)
            writer.endObject()
            writer.endObject()
            queue.append((update, writer.text))
            condition.broadcast()
            return (update, message)
        }
    }

    /// The next call of `method` fails as given (queued after earlier scripted failures).
    func failNext(_ method: String, with failure: Failure) {
        condition.withLock { failures[method, default: []].append(failure) }
    }

    /// While on, `sendMessage` calls wait unanswered; turning it off answers them normally, unless `dropHeld`:
    /// then they close without an answer and are not recorded (Telegram never got them).
    func holdSends(_ isOn: Bool, dropHeld: Bool = false) {
        condition.withLock {
            isHoldingSends = isOn
            droppingHeld = !isOn && dropHeld
            condition.broadcast()
        }
    }

    private var droppingHeld = false
    /// `sendMessage` calls that were held so far.
    private(set) var heldCount = 0

    /// Waits until `predicate` holds for the recorded state, up to `timeout` seconds.
    @discardableResult
    func wait(timeout: Double = 10, until predicate: (FakeBotAPI) -> Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !predicate(self) {
            if !condition.wait(until: deadline) { return predicate(self) }
        }
        return true
    }

    /// A copy of a recorded value, read under the lock.
    func read<Value>(_ body: (FakeBotAPI) -> Value) -> Value {
        condition.withLock { body(self) }
    }

    /// Seconds on the monotonic clock, as `time` fields count them.
    static func now() -> Double { Double(Descriptor.monotonicNanoseconds()) / 1e9 }

    // MARK: - HTTP

    private func acceptConnections(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread { [self] in
                serve(client)
                Descriptor.close(client)
            }.start()
        }
    }

    private func serve(_ fd: Int32) {
        guard let request = HTTPRequest.read(from: fd) else { return }
        let parts = request.path.split(separator: "/")
        guard parts.count == 2, parts[0] == "bot\(token)" else {
            respond(fd, status: 404, body: #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
            return
        }
        let method = String(parts[1])
        let body = (try? JSONParser.parse(request.body))?.object ?? [:]
        let failure: Failure? = condition.withLock {
            guard var queued = failures[method], !queued.isEmpty else { return nil }
            let first = queued.removeFirst()
            failures[method] = queued
            return first
        }
        switch failure {
        case .tooManyRequests(let seconds)?:
            record(method, status: 429)
            respond(
                fd, status: 429,
                body: #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after \#(seconds)","#
                    + #""parameters":{"retry_after":\#(seconds)}}"#)
        case .stall(let seconds)?:
            record(method, status: 0)
            condition.withLock {
                let deadline = Date(timeIntervalSinceNow: seconds)
                while !isStopped && condition.wait(until: deadline) {}
            }
        case .badGateway?:
            record(method, status: 502)
            respond(fd, status: 502, body: "<html>502 Bad Gateway</html>", type: "text/html")
        case nil:
            switch method {
            case "getUpdates": getUpdates(fd, body)
            case "sendMessage": sendMessage(fd, body)
            case "deleteMessage": deleteMessage(fd, body)
            default: respond(fd, status: 404, body: #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
            }
        }
    }

    private func record(_ method: String, status: Int) {
        condition.withLock {
            calls.append(Call(method: method, status: status, time: Self.now()))
            condition.broadcast()
        }
    }

    private func getUpdates(_ fd: Int32, _ body: [String: JSONValue]) {
        let offset = body["offset"].flatMap(Self.integer) ?? 0
        let timeout = Double(body["timeout"].flatMap(Self.integer) ?? 0)
        let result: String = condition.withLock {
            offsets.append(offset)
            calls.append(Call(method: "getUpdates", status: 200, time: Self.now()))
            if offset > 0 { queue.removeAll { $0.id < offset } }  // confirmed
            condition.broadcast()
            let deadline = Date(timeIntervalSinceNow: timeout)
            while queue.isEmpty && !isStopped {
                if !condition.wait(until: deadline) { break }
            }
            return "[" + queue.prefix(100).map(\.body).joined(separator: ",") + "]"
        }
        respond(fd, status: 200, body: #"{"ok":true,"result":\#(result)}"#)
    }

    private func sendMessage(_ fd: Int32, _ body: [String: JSONValue]) {
        let chatID = body["chat_id"].flatMap(Self.integer) ?? 0
        var sent = Sent(
            chatID: chatID, text: body["text"]?.string ?? "", parseMode: body["parse_mode"]?.string, time: 0)
        if let markup = body["reply_markup"]?.object {
            if case .array(let rows)? = markup["keyboard"] {
                sent.keyboard = rows.map { row in
                    guard case .array(let buttons) = row else { return [] }
                    return buttons.compactMap { $0.object?["text"]?.string }
                }
            }
            sent.removesKeyboard = markup["remove_keyboard"] == .bool(true)
            sent.fitsKeyboard = markup["resize_keyboard"] == .bool(true)
        }
        let messageID: Int64? = condition.withLock {
            let wasHeld = isHoldingSends
            if wasHeld {
                heldCount += 1
                condition.broadcast()
            }
            while isHoldingSends && !isStopped { condition.wait() }
            if (wasHeld && droppingHeld) || isStopped { return nil }
            sent.time = Self.now()
            sentMessages.append(sent)
            calls.append(Call(method: "sendMessage", status: 200, time: sent.time))
            nextMessageID += 1
            condition.broadcast()
            return nextMessageID
        }
        guard let messageID else { return }
        respond(
            fd, status: 200,
            body: #"{"ok":true,"result":{"message_id":\#(messageID),"date":1777000000,"chat":{"id":\#(chatID),"#
                + #""type":"private"},"text":"…"}}"#)
    }

    private func deleteMessage(_ fd: Int32, _ body: [String: JSONValue]) {
        let chatID = body["chat_id"].flatMap(Self.integer) ?? 0
        let messageID = body["message_id"].flatMap(Self.integer) ?? 0
        condition.withLock {
            deletions.append((chatID, messageID))
            calls.append(Call(method: "deleteMessage", status: 200, time: Self.now()))
            condition.broadcast()
        }
        respond(fd, status: 200, body: #"{"ok":true,"result":true}"#)
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        if case .number(let text) = value { return Int64(text) }
        return nil
    }

    private func respond(_ fd: Int32, status: Int, body: String, type: String = "application/json") {
        let reason = [200: "OK", 404: "Not Found", 429: "Too Many Requests", 502: "Bad Gateway"][status] ?? "Error"
        let bytes = Array(body.utf8)
        let head =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\n"
            + "Connection: close\r\n\r\n"
        let all = Array(head.utf8) + bytes
        var offset = 0
        while offset < all.count {
            let count = all.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, all.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                return
            }
            offset += count
        }
    }
}

/// The fake could not open its listening socket.
enum FakeServerError: Error {
    case cannotListen(errno: Int32)
}

/// The parts of an HTTP/1.1 request the fake needs: the path and the body (by `Content-Length`).
struct HTTPRequest {
    var path: String
    var body: [UInt8]

    static func read(from fd: Int32) -> HTTPRequest? {
        var data: [UInt8] = []
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if headerEnd == nil, let end = find([13, 10, 13, 10], in: data) {
                headerEnd = end + 4
                let head = String(decoding: data[..<end], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let pair = line.split(separator: ":", maxSplits: 1)
                    guard pair.count == 2 else { continue }
                    let value = pair[1].trimmingCharacters(in: .whitespaces)
                    if pair[0].lowercased() == "content-length" { contentLength = Int(value) ?? 0 }
                    if pair[0].lowercased() == "expect", value.lowercased() == "100-continue" {
                        try? FileDescriptorIO.writeAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                    }
                }
            }
            if let headerEnd, data.count >= headerEnd + contentLength {
                let requestLine = String(decoding: data[..<(find([13, 10], in: data) ?? 0)], as: UTF8.self)
                let words = requestLine.split(separator: " ")
                guard words.count >= 2 else { return nil }
                return HTTPRequest(path: String(words[1]), body: Array(data[headerEnd..<(headerEnd + contentLength)]))
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
