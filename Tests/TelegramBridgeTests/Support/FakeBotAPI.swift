import BotCore
import BridgeTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A stand-in for Telegram's Bot API on 127.0.0.1: a small HTTP/1.1 server (one request per connection) that
/// serves `getUpdates`, `sendMessage` and `deleteMessage` from memory, records every call, and fails or stalls
/// calls on request.
///
/// `@unchecked Sendable`: every mutable property is guarded by `condition`.
final class FakeBotAPI: FakeAPIServer, FakeMessenger, @unchecked Sendable {
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
        /// HTTP 409 with this description (a webhook is set, another poller).
        case conflict(String)
        /// HTTP 400: the group became the supergroup `chatID`.
        case migrated(to: Int64)
    }

    let token = "123456:TEST-token"
    private var queue: [(id: Int64, body: String)] = []
    private var nextUpdateID: Int64 = 7_000
    private var nextMessageID: Int64 = 500
    private var failures: [String: [Failure]] = [:]
    private(set) var sentMessages: [Sent] = []
    private(set) var deletions: [(chatID: Int64, messageID: Int64)] = []
    private(set) var offsets: [Int64] = []
    private(set) var calls: [Call] = []

    override init() throws {
        try super.init()
    }

    // MARK: - Scripting

    /// A person writes `text` in `chat`: a new update.
    ///
    /// Returns its update id and message id.
    @discardableResult
    func userSends(
        _ text: String?, chat: Int64 = 4242, name: String = "Мария", extra: String = ""
    ) -> (update: Int64, message: Int64) {
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
            if let text { writer.member("text", text) }
            writer.endObject()
            writer.endObject()
            // Members of other kinds of message (`"sticker":{…}`), spliced into the message object.
            var json = writer.text
            if !extra.isEmpty { json.insert(contentsOf: "," + extra, at: json.index(json.endIndex, offsetBy: -2)) }
            queue.append((update, json))
            condition.broadcast()
            return (update, message)
        }
    }

    /// The next call of `method` fails as given (queued after earlier scripted failures).
    func failNext(_ method: String, with failure: Failure) {
        condition.withLock { failures[method, default: []].append(failure) }
    }

    /// Seconds on the monotonic clock, as `time` fields count them.
    static func now() -> Double { Double(Descriptor.monotonicNanoseconds()) / 1e9 }

    // MARK: - HTTP

    override func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        let parts = request.path.split(separator: "/")
        guard parts.count == 2, parts[0] == "bot\(token)" else {
            return .init(status: 404, body: #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
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
            return .init(
                status: 429,
                body: #"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after \#(seconds)","#
                    + #""parameters":{"retry_after":\#(seconds)}}"#)
        case .stall(let seconds)?:
            record(method, status: 0)
            pause(seconds)
            return nil
        case .badGateway?:
            record(method, status: 502)
            return .init(status: 502, body: "<html>502 Bad Gateway</html>", type: "text/html")
        case .conflict(let description)?:
            record(method, status: 409)
            return .init(
                status: 409, body: #"{"ok":false,"error_code":409,"description":"\#(description)"}"#)
        case .migrated(let chatID)?:
            record(method, status: 400)
            return .init(
                status: 400,
                body: #"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a "#
                    + #"supergroup chat","parameters":{"migrate_to_chat_id":\#(chatID)}}"#)
        case nil:
            switch method {
            case "getUpdates": return getUpdates(body)
            case "sendMessage": return sendMessage(body)
            case "deleteMessage": return deleteMessage(body)
            case "deleteWebhook":
                record(method, status: 200)
                return .init(status: 200, body: #"{"ok":true,"result":true,"description":"Webhook was deleted"}"#)
            default: return .init(status: 404, body: #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
            }
        }
    }

    private func record(_ method: String, status: Int) {
        condition.withLock {
            calls.append(Call(method: method, status: status, time: Self.now()))
            condition.broadcast()
        }
    }

    private func getUpdates(_ body: [String: JSONValue]) -> LoopbackHTTPServer.Response {
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
        return .init(status: 200, body: #"{"ok":true,"result":\#(result)}"#)
    }

    private func sendMessage(_ body: [String: JSONValue]) -> LoopbackHTTPServer.Response? {
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
            guard holdIfAsked() else { return nil }
            sent.time = Self.now()
            sentMessages.append(sent)
            calls.append(Call(method: "sendMessage", status: 200, time: sent.time))
            nextMessageID += 1
            condition.broadcast()
            return nextMessageID
        }
        guard let messageID else { return nil }
        return .init(
            status: 200,
            body: #"{"ok":true,"result":{"message_id":\#(messageID),"date":1777000000,"chat":{"id":\#(chatID),"#
                + #""type":"private"},"text":"…"}}"#)
    }

    private func deleteMessage(_ body: [String: JSONValue]) -> LoopbackHTTPServer.Response {
        let chatID = body["chat_id"].flatMap(Self.integer) ?? 0
        let messageID = body["message_id"].flatMap(Self.integer) ?? 0
        condition.withLock {
            deletions.append((chatID, messageID))
            calls.append(Call(method: "deleteMessage", status: 200, time: Self.now()))
            condition.broadcast()
        }
        return .init(status: 200, body: #"{"ok":true,"result":true}"#)
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        if case .number(let text) = value { return Int64(text) }
        return nil
    }
}
