import BotCore
import BridgeTestSupport
import Foundation

/// A stand-in for the MAX Bot API on 127.0.0.1, after its OpenAPI schema (platform-api2.max.ru).
///
/// The token in the `Authorization` header, `GET /updates` with marker semantics, `POST /messages`,
/// `DELETE /messages`, `POST /answers`, error bodies `{"code", "message"}`. It records every call and fails or
/// stalls calls on request.
///
/// Markers: every update gets a sequence number; a poll with `marker` M returns the updates from M on (of the
/// asked `types`, at most `limit`) and marks everything before M read; the answer's `marker` is the number
/// after the last update returned. A poll without a marker starts where the last marker left off.
///
/// `@unchecked Sendable`: every mutable property is guarded by `condition`.
final class FakeMaxAPI: FakeAPIServer, FakeMessenger, @unchecked Sendable {
    /// A message the bridge sent, as MAX saw it.
    struct Sent: Equatable, Sendable {
        var chatID: Int64?
        var userID: Int64?
        var text: String
        var format: String?
        /// The text as a person sees it: after MAX parsed `format`.
        var shown: String
        /// Callback buttons: (label, payload) per row.
        var buttons: [[Button]]
        var mid: String
        var time: Double
    }

    struct Button: Equatable, Sendable {
        var text: String
        var payload: String
    }

    /// One request the bridge made, with the status it got.
    struct Call: Equatable, Sendable {
        /// `GET /updates`.
        var route: String
        var status: Int
        var time: Double
    }

    /// What the next request of a route gets instead of the normal answer.
    enum Failure: Sendable {
        /// HTTP 429, MAX's `too.many.requests`.
        case tooManyRequests
        /// No answer for this many seconds, then the connection closes.
        case stall(seconds: Double)
        /// HTTP 503 from a proxy in front of the API (no JSON).
        case unavailable
    }

    let token = "max-test-token-0123456789"
    let botUserID: Int64 = 9_000
    var updates: [(seq: Int64, type: String, json: String)] = []
    var nextSeq: Int64 = 1_000
    var readMarker: Int64 = 1_000
    var nextMid = 1
    private var nextCallback = 1
    var failures: [String: [Failure]] = [:]
    /// Whether `DELETE /messages` may delete a person's message (MAX allows it where the bot has the right).
    private(set) var allowsDeleting = true
    var sentMessages: [Sent] = []
    var deletions: [String] = []
    var answers: [(callbackID: String, notification: String?)] = []
    var markers: [Int64?] = []
    var calls: [Call] = []

    override init() throws {
        try super.init()
    }

    override func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response? {
        route(request)
    }

    // MARK: - Scripting: what people do

    /// A person writes `text` in their dialog with the bot (chat id = user id + 1,000,000); returns its mid.
    @discardableResult
    func userSends(_ text: String?, user: Int64 = 4242, attachments: String = "null", locale: String = "ru")
        -> String
    {
        condition.withLock {
            let mid = newMid()
            let textJSON = text.map(Self.quoted) ?? "null"
            add(
                "message_created",
                #"{"update_type":"message_created","timestamp":1777000000000,"message":{"sender":\#(person(user)),"#
                    + #""recipient":{"chat_id":\#(chat(of: user)),"chat_type":"dialog","user_id":\#(botUserID)},"#
                    + #""timestamp":1777000000000,"body":{"mid":"\#(mid)","seq":\#(nextSeq),"text":\#(textJSON),"#
                    + #""attachments":\#(attachments)}},"user_locale":"\#(locale)"}"#)
            return mid
        }
    }

    /// A person sends a sticker (no text).
    func userSendsSticker(user: Int64 = 4242) {
        userSends(
            nil, user: user,
            attachments:
                #"[{"type":"sticker","payload":{"url":"https://i.example/s","code":"x"},"width":1,"height":1}]"#)
    }

    /// A person presses the button labelled `label` under the bot's latest message that has it; returns the
    /// callback id, or nil when no sent message had that button.
    @discardableResult
    func userPresses(_ label: String, user: Int64 = 4242) -> String? {
        condition.withLock {
            let chatID = chat(of: user)
            guard
                let message = sentMessages.last(where: { sent in
                    sent.chatID == chatID && sent.buttons.contains { $0.contains { $0.text == label } }
                }),
                let button = message.buttons.joined().first(where: { $0.text == label })
            else { return nil }
            let callbackID = "cb.\(nextCallback)"
            nextCallback += 1
            add(
                "message_callback",
                #"{"update_type":"message_callback","timestamp":1777000000000,"callback":{"timestamp":1777000000000,"#
                    + #""callback_id":"\#(callbackID)","payload":\#(Self.quoted(button.payload)),"user":\#(person(user))},"#
                    + #""message":{"sender":{"user_id":\#(botUserID),"first_name":"Бот","is_bot":true},"#
                    + #""recipient":{"chat_id":\#(chatID),"chat_type":"dialog","user_id":\#(user)},"#
                    + #""timestamp":1777000000000,"body":{"mid":"\#(message.mid)","seq":1,"text":"…","attachments":null}},"#
                    + #""user_locale":"ru"}"#)
            return callbackID
        }
    }

    /// A person opens the bot (the Start button, or a deep link with `payload`).
    func userStarts(user: Int64 = 4242, payload: String? = nil) {
        condition.withLock {
            let payloadJSON = payload.map(Self.quoted) ?? "null"
            add(
                "bot_started",
                #"{"update_type":"bot_started","timestamp":\#(1_777_000_000_000 + nextSeq),"#
                    + #""chat_id":\#(chat(of: user)),"user":\#(person(user)),"payload":\#(payloadJSON),"user_locale":"ru"}"#
            )
        }
    }

    /// Something the bridge did not ask for (a title change): `types` keeps it out of its polls.
    func chatTitleChanges(user: Int64 = 4242) {
        condition.withLock {
            add(
                "chat_title_changed",
                #"{"update_type":"chat_title_changed","timestamp":1777000000000,"chat_id":\#(chat(of: user)),"#
                    + #""user":\#(person(user)),"title":"x"}"#)
        }
    }

    /// The dialog id of a person's chat with the bot.
    func chat(of user: Int64) -> Int64 { user + 1_000_000 }

    // MARK: - Scripting: how MAX behaves

    /// From now on `DELETE /messages` answers `success: false`, as MAX does where the bot may not delete.
    func refuseDeletions() {
        condition.withLock { allowsDeleting = false }
    }

    /// The next request of `route` (`GET /updates`, `POST /messages`…) fails as given.
    func failNext(_ route: String, with failure: Failure) {
        condition.withLock { failures[route, default: []].append(failure) }
    }

    static func now() -> Double { Double(Descriptor.monotonicNanoseconds()) / 1e9 }

    // MARK: - For the handlers (FakeMaxAPI+Handling.swift)

    /// Runs `body` under the lock, then wakes every waiter.
    func withState<Value>(_ body: (FakeMaxAPI) -> Value) -> Value {
        condition.withLock {
            defer { condition.broadcast() }
            return body(self)
        }
    }

    /// Waits for a change (the caller is inside `withState`); false at the deadline.
    func waitForChange(until deadline: Date) -> Bool {
        condition.wait(until: deadline)
    }

    var nextSeqValue: Int64 { nextSeq }
    func newMid() -> String {
        defer { nextMid += 1 }
        return "mid.\(String(format: "%016x", nextMid))"
    }

    /// The scripted failure for the next request of `route`, if any.
    func takeFailure(_ route: String) -> Failure? {
        condition.withLock {
            guard var queued = failures[route], !queued.isEmpty else { return nil }
            let first = queued.removeFirst()
            failures[route] = queued
            return first
        }
    }

    func record(_ route: String, status: Int) {
        withState { $0.calls.append(Call(route: route, status: status, time: Self.now())) }
    }

    // MARK: - Private

    /// Adds an update (the caller holds `condition`).
    private func add(_ type: String, _ json: String) {
        updates.append((nextSeq, type, json))
        nextSeq += 1
        condition.broadcast()
    }

    private func person(_ user: Int64) -> String {
        #"{"user_id":\#(user),"first_name":"Мария","last_name":"Петровна","name":"Мария Петровна","#
            + #""username":null,"is_bot":false,"last_activity_time":1777000000000}"#
    }

    static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return writer.text
    }
}
