import BotCore
import BridgeTestSupport
import Foundation

extension FakeMaxAPI {
    private static func error(_ status: Int, _ code: String, _ message: String) -> LoopbackHTTPServer.Response {
        .init(status: status, body: #"{"code":"\#(code)","message":\#(quoted(message))}"#)
    }

    func route(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        let route = "\(request.method) \(request.path)"
        guard request.headers["authorization"] == token, request.query["access_token"] == nil else {
            record(route, status: 401)
            return Self.error(401, "verify.token", "Invalid access_token")
        }
        if let failure = takeFailure(route) {
            switch failure {
            case .tooManyRequests:
                record(route, status: 429)
                return Self.error(429, "too.many.requests", "Too many requests")
            case .stall(let seconds):
                record(route, status: 0)
                pause(seconds)
                return nil
            case .unavailable:
                record(route, status: 503)
                return .init(status: 503, body: "<html>503 Service Unavailable</html>", type: "text/html")
            }
        }
        let body = (try? JSONParser.parse(request.body))?.object ?? [:]
        switch route {
        case "GET /updates": return getUpdates(request.query)
        case "POST /messages": return sendMessage(request.query, body)
        case "DELETE /messages": return deleteMessage(request.query)
        case "POST /answers": return answer(request.query, body)
        default:
            record(route, status: 404)
            return Self.error(404, "not.found", "Path \(request.path) is not recognized")
        }
    }

    private func getUpdates(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        let marker = query["marker"].flatMap { Int64($0) }
        let timeout = Double(query["timeout"].flatMap { Int($0) } ?? 30)
        let limit = query["limit"].flatMap { Int($0) } ?? 100
        let types = query["types"].map { Set($0.split(separator: ",").map(String.init)) }
        let body: String = withState { state in
            state.markers.append(marker)
            state.calls.append(Call(route: "GET /updates", status: 200, time: Self.now()))
            let from = marker ?? state.readMarker
            state.readMarker = max(state.readMarker, from)  // everything before the marker is read
            state.updates.removeAll { $0.seq < from }
            let deadline = Date(timeIntervalSinceNow: timeout)
            func page() -> [(seq: Int64, type: String, json: String)] {
                Array(state.updates.filter { $0.seq >= from && (types?.contains($0.type) ?? true) }.prefix(limit))
            }
            while page().isEmpty && !state.isStopped {
                if !state.waitForChange(until: deadline) { break }
            }
            let found = page()
            let next = found.last.map { $0.seq + 1 } ?? max(from, state.nextSeqValue)
            return #"{"updates":[\#(found.map(\.json).joined(separator: ","))],"marker":\#(next)}"#
        }
        return .init(status: 200, body: body)
    }

    private func sendMessage(_ query: [String: String], _ body: [String: JSONValue]) -> LoopbackHTTPServer.Response? {
        let chatID = query["chat_id"].flatMap { Int64($0) }
        let userID = query["user_id"].flatMap { Int64($0) }
        guard chatID != nil || userID != nil else {
            record("POST /messages", status: 400)
            return Self.error(400, "proto.payload", "chat_id or user_id is required")
        }
        let text = body["text"]?.string ?? ""
        guard text.count <= 4_000 else {
            record("POST /messages", status: 400)
            return Self.error(400, "proto.payload", "text: size must be between 0 and 4000")
        }
        let format = body["format"]?.string
        var sent = Sent(
            chatID: chatID, userID: userID, text: text, format: format, shown: Self.shown(text, format: format),
            buttons: Self.buttons(body["attachments"]), mid: "", time: 0)
        return withState { state in
            guard state.holdIfAsked() else { return nil }
            sent.mid = state.newMid()
            sent.time = Self.now()
            state.sentMessages.append(sent)
            state.calls.append(Call(route: "POST /messages", status: 200, time: sent.time))
            return .init(
                status: 200,
                body: #"{"message":{"sender":{"user_id":\#(state.botUserID),"first_name":"Бот","is_bot":true},"#
                    + #""recipient":{"chat_id":\#(chatID ?? 0),"chat_type":"dialog","user_id":\#(userID ?? 0)},"#
                    + #""timestamp":1777000000000,"body":{"mid":"\#(sent.mid)","seq":1,"text":\#(Self.quoted(text)),"#
                    + #""attachments":null}}}"#)
        }
    }

    private func deleteMessage(_ query: [String: String]) -> LoopbackHTTPServer.Response {
        guard let mid = query["message_id"], !mid.isEmpty else {
            record("DELETE /messages", status: 400)
            return Self.error(400, "proto.payload", "message_id is required")
        }
        return withState { state in
            state.calls.append(Call(route: "DELETE /messages", status: 200, time: Self.now()))
            guard state.allowsDeleting else {
                return .init(status: 200, body: #"{"success":false,"message":"Not allowed to delete this message"}"#)
            }
            state.deletions.append(mid)
            return .init(status: 200, body: #"{"success":true}"#)
        }
    }

    private func answer(_ query: [String: String], _ body: [String: JSONValue]) -> LoopbackHTTPServer.Response {
        guard let callbackID = query["callback_id"], !callbackID.isEmpty else {
            record("POST /answers", status: 400)
            return Self.error(400, "proto.payload", "callback_id is required")
        }
        return withState { state in
            state.calls.append(Call(route: "POST /answers", status: 200, time: Self.now()))
            state.answers.append((callbackID, body["notification"]?.string))
            return .init(status: 200, body: #"{"success":true}"#)
        }
    }

    /// What a person sees of a text in a format: HTML tags stripped and entities read; plain text as is.
    static func shown(_ text: String, format: String?) -> String {
        switch format {
        case "html":
            let untagged = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            return untagged.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        case "markdown":
            return text.filter { !"*_~`^+".contains($0) }
        default:
            return text
        }
    }

    private static func buttons(_ attachments: JSONValue?) -> [[Button]] {
        guard case .array(let items)? = attachments else { return [] }
        for item in items {
            guard let object = item.object, object["type"]?.string == "inline_keyboard",
                case .array(let rows)? = object["payload"]?.object?["buttons"]
            else { continue }
            return rows.map { row in
                guard case .array(let buttons) = row else { return [] }
                return buttons.compactMap { button in
                    guard let fields = button.object, fields["type"]?.string == "callback",
                        let text = fields["text"]?.string, let payload = fields["payload"]?.string
                    else { return nil }
                    return Button(text: text, payload: payload)
                }
            }
        }
        return []
    }
}
