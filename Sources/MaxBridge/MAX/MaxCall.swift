import BridgeCore
import Foundation

/// One MAX Bot API call the bridge owes: a message to send, a message to delete, a button press to answer.
///
/// Kept in the state file until MAX accepted it, so its fields are the stored form, not the request.
struct MaxCall: BridgeCall {
    enum Kind: String, Codable, Sendable {
        /// `POST /messages`.
        case send
        /// `DELETE /messages`.
        case delete
        /// `POST /answers`.
        case answer
    }

    var kind: Kind
    /// `123` (a chat id) or `u77` (a user id, for a person whose message named no chat).
    var chat: String
    /// The text to send (already escaped when `format` is `html`), or the answer's notification.
    var text: String?
    /// `html` for monospaced tables; nil for plain text, shown as typed.
    var format: String?
    /// Rows of callback buttons; each button's payload is its label.
    var buttons: [[String]]?
    /// The message to delete (`body.mid`).
    var messageID: String?
    /// The button press to answer.
    var callbackID: String?

    var isPacedPerChat: Bool { kind == .send }
    var isDeletion: Bool { kind == .delete }
    var logName: String {
        switch kind {
        case .send: "POST /messages in chat \(chat)"
        case .delete: "DELETE /messages in chat \(chat)"
        case .answer: "POST /answers in chat \(chat)"
        }
    }

    /// Longest button label MAX shows, and longest payload it carries.
    /// https://dev.max.ru/docs-api/objects/Button
    static let maximumButtonText = 128
    static let maximumPayload = 1_024

    static func send(_ text: String, to chat: String, format: String? = nil, buttons: [[String]]? = nil) -> Self {
        Self(kind: .send, chat: chat, text: text, format: format, buttons: buttons)
    }

    static func delete(_ messageID: String, in chat: String) -> Self {
        Self(kind: .delete, chat: chat, messageID: messageID)
    }

    /// Answers a button press with a short notification of what was pressed (a press leaves no message of
    /// the person in the chat).
    static func answer(_ callbackID: String, in chat: String, notification: String?) -> Self {
        Self(kind: .answer, chat: chat, text: notification, callbackID: callbackID)
    }

    /// The HTTP method, path, query and JSON body MAX expects.
    func request() -> (method: String, path: String, query: [(String, String)], body: Data?) {
        switch kind {
        case .send:
            var body: [String: Any] = ["text": text ?? ""]
            if let format { body["format"] = format }
            if let buttons, !buttons.isEmpty {
                let rows = buttons.map { row in
                    row.map { label in
                        [
                            "type": "callback", "text": String(label.prefix(Self.maximumButtonText)),
                            "payload": String(label.prefix(Self.maximumPayload)),
                        ]
                    }
                }
                body["attachments"] = [["type": "inline_keyboard", "payload": ["buttons": rows]]]
            }
            return ("POST", "/messages", [recipient], Self.json(body))
        case .delete:
            return ("DELETE", "/messages", [("message_id", messageID ?? "")], nil)
        case .answer:
            let body: [String: Any] = text.map { ["notification": $0] } ?? [:]
            return ("POST", "/answers", [("callback_id", callbackID ?? "")], Self.json(body))
        }
    }

    /// `chat_id=123`, or `user_id=77` for a `u77` chat.
    private var recipient: (String, String) {
        chat.hasPrefix("u") ? ("user_id", String(chat.dropFirst())) : ("chat_id", chat)
    }

    private static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
