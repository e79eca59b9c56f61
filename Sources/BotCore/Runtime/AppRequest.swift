/// A structured request from a console (not a chat message), answered by the application inside a batch.
///
/// The support console in the browser sends these (`queue`, `take`, …): they go to the turn writer like chat
/// messages, so they share its transaction, its order and the Cabinet's checks.
public struct AppRequest: Sendable {
    /// The connection the answer goes back to.
    public var connection: Int
    /// The chat the request acts as (its bound account is the actor).
    public var chat: String
    /// What is asked (`queue`, `ticket`, `login`, …).
    public var name: String
    /// Its arguments by name.
    public var arguments: [String: String]

    public init(connection: Int, chat: String, name: String, arguments: [String: String] = [:]) {
        self.connection = connection
        self.chat = chat
        self.name = name
        self.arguments = arguments
    }
}

/// Why the application refused a request, with a sentence for people in the chat's language.
public struct AppRequestFailure: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// Nobody is logged in to the chat.
        case unauthenticated
        /// The chat's account may not do this.
        case forbidden
        /// No such thing (a ticket number).
        case notFound = "not_found"
        /// The input is refused; `field` names the input when one is at fault.
        case invalid
    }

    public var kind: Kind
    public var message: String
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }
}

/// How the application answers requests: inside the batch's transaction, with a context for the request's chat
/// (its language, pushes to other chats); returns the answer's data or throws `AppRequestFailure`.
public typealias AppRequestHandler<Environment> = (AppRequest, DialogContext<Environment>) throws -> JSONValue

extension WireCodec {
    /// The `result` line answering an `AppRequest` (internal to the server: the web channel turns it into HTTP).
    public static func encodeResult(_ result: Result<JSONValue, AppRequestFailure>) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("type", "result")
        switch result {
        case .success(let data):
            writer.key("ok")
            writer.bool(true)
            writer.key("data")
            writer.value(data)
        case .failure(let failure):
            writer.key("ok")
            writer.bool(false)
            writer.member("failure", failure.kind.rawValue)
            writer.member("message", failure.message)
            if let field = failure.field { writer.member("field", field) }
        }
        writer.endObject()
        return writer.line()
    }
}

extension JSONWriter {
    /// Writes a parsed or built JSON value (object members sorted by name, so the output is stable).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null:
            raw("null")
        case .bool(let flag):
            bool(flag)
        case .number(let text):
            raw(text)
        case .string(let text):
            string(text)
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for name in members.keys.sorted() {
                key(text: name)
                self.value(members[name]!)
            }
            endObject()
        }
    }
}
