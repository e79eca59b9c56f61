import BridgeCore

/// A call of an imaginary messenger, for the core's own tests.
struct TestCall: BridgeCall {
    var chat: String
    var text: String
    var isPacedPerChat = true
    var isDeletion = false
    var logName: String { "send in chat \(chat)" }

    static func send(_ text: String, to chat: String) -> Self {
        Self(chat: chat, text: text)
    }
}

/// A text update with its own position (Telegram-like) or none (MAX-like).
func update(
    _ key: Int64, chat: String = "1", text: String? = "hi", positioned: Bool = true
) -> IncomingUpdate<TestCall> {
    IncomingUpdate(
        key: String(key), cursor: positioned ? key : nil, chat: chat, messageRef: String(key * 10),
        content: text.map { .text($0) } ?? .unsupported, userName: "Ив Ан", userLanguage: "ru")
}

let testAddressing = WireAddressing(prefix: "t:")
