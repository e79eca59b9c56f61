/// A line the bot wrote, decoded on the client side: a turn, push, error or pong.
public struct ServerLine: Equatable, Sendable {
    /// `turn`, `push`, `error` or `pong`.
    public var type: String
    public var chat: String?
    public var replyTo: String?
    public var id: String?
    public var duplicate: Bool
    public var messages: [OutMessage]
    public var dialog: String?
    public var step: String?
    /// The error code, for an `error`.
    public var code: String?
    /// The error's sentence, for an `error`.
    public var message: String?

    /// Decodes one line the bot wrote; nil when it is not one.
    public static func decode(_ bytes: [UInt8]) -> ServerLine? {
        guard let value = try? JSONParser.parse(bytes), let object = value.object,
            let type = object["type"]?.string
        else { return nil }
        var line = ServerLine(
            type: type, chat: object["chat"]?.string, replyTo: object["reply_to"]?.string, id: object["id"]?.string,
            duplicate: object["duplicate"] == .bool(true), messages: [], dialog: nil, step: nil,
            code: object["code"]?.string, message: object["message"]?.string)
        if let meta = object["meta"]?.object {
            line.dialog = meta["dialog"]?.string
            line.step = meta["step"]?.string
        }
        if case .array(let messages)? = object["messages"] {
            line.messages = messages.compactMap { $0.object.flatMap(Self.message) }
        }
        return line
    }

    /// Decodes one line the bot wrote, given as text.
    public static func decode(_ text: String) -> ServerLine? {
        decode(Array(text.utf8))
    }

    private static func message(_ object: [String: JSONValue]) -> OutMessage? {
        guard let text = object["text"]?.string else { return nil }
        var message = OutMessage(text)
        if case .array(let rows)? = object["buttons"] {
            message.buttons = rows.map { row in
                guard case .array(let labels) = row else { return [] }
                return labels.compactMap(\.string)
            }
        }
        message.input = object["input"]?.string.flatMap(InputKind.init(rawValue:))
        if let table = object["table"]?.object, case .array(let columns)? = table["columns"],
            case .array(let rows)? = table["rows"]
        {
            message.table = MessageTable(
                columns: columns.compactMap(\.string),
                rows: rows.map { row in
                    guard case .array(let cells) = row else { return [] }
                    return cells.compactMap(\.string)
                })
        }
        return message
    }
}
