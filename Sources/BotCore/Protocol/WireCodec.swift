/// Turns protocol lines into values and values into protocol lines (PROTOCOL.md, version 1).
public enum WireCodec {
    // MARK: - Decoding

    /// Decodes one line (without its ending); `lineNumber` is quoted in errors.
    public static func decode(_ bytes: [UInt8], lineNumber: Int) -> Result<ClientLine, WireError> {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(WireError(.badUTF8, "line \(lineNumber): not valid UTF-8"))
        }
        _ = text
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .failure(
                WireError(.badJSON, "line \(lineNumber): expected \(error.expected) at column \(error.column)"))
        }
        guard let object = value.object else {
            return .failure(WireError(.badJSON, "line \(lineNumber): expected a JSON object, got \(value.kind)"))
        }
        let replyTo = object["id"]?.string
        func fail(_ code: WireErrorCode, _ message: String) -> Result<ClientLine, WireError> {
            .failure(WireError(code, "line \(lineNumber): \(message)", replyTo: replyTo))
        }
        var type = "message"
        if let field = object["type"] {
            guard let name = field.string else { return fail(.badField, "\"type\" must be a string") }
            type = name
        }
        var id: String?
        if let field = object["id"] {
            guard let value = field.string else { return fail(.badField, "\"id\" must be a string") }
            guard !value.isEmpty, value.count <= WireLimits.maximumIDLength else {
                return fail(.badField, "\"id\" must be 1 to \(WireLimits.maximumIDLength) characters")
            }
            id = value
        }
        switch type {
        case "ping":
            return .success(.ping(id: id))
        case "hello":
            if let field = object["token"], field.string == nil {
                return fail(.badField, "\"token\" must be a string")
            }
            return .success(.hello(token: object["token"]?.string))
        case "message":
            break
        default:
            return fail(.badField, "unknown \"type\" \"\(type.prefix(40))\"; expected message, ping or hello")
        }
        guard let chatField = object["chat"] else { return fail(.missingField, "the field \"chat\" is required") }
        guard let chat = chatField.string else { return fail(.badField, "\"chat\" must be a string") }
        guard !chat.isEmpty, chat.count <= WireLimits.maximumChatLength else {
            return fail(.badField, "\"chat\" must be 1 to \(WireLimits.maximumChatLength) characters")
        }
        guard !chat.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return fail(.badField, "\"chat\" must not contain control characters")
        }
        guard let textField = object["text"] else { return fail(.missingField, "the field \"text\" is required") }
        guard let messageText = textField.string else { return fail(.badField, "\"text\" must be a string") }
        guard messageText.count <= WireLimits.maximumTextLength else {
            return fail(.badField, "\"text\" must be at most \(WireLimits.maximumTextLength) characters")
        }
        var userName: String?
        var userLanguage: String?
        if let field = object["user"] {
            guard let user = field.object else { return fail(.badField, "\"user\" must be an object") }
            if let name = user["name"] {
                guard let value = name.string else { return fail(.badField, "\"user.name\" must be a string") }
                userName = String(value.prefix(256))
            }
            if let lang = user["lang"] {
                guard let value = lang.string else { return fail(.badField, "\"user.lang\" must be a string") }
                userLanguage = String(value.prefix(16))
            }
        }
        return .success(
            .message(ChatMessage(chat: chat, text: messageText, id: id, userName: userName, userLanguage: userLanguage))
        )
    }

    // MARK: - Encoding

    /// The `turn` line answering a message (with its trailing newline).
    public static func encodeTurn(_ turn: Turn, chat: String, replyTo: String?, duplicate: Bool = false) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("type", "turn")
        writer.member("chat", chat)
        if let replyTo { writer.member("reply_to", replyTo) }
        if duplicate {
            writer.key("duplicate")
            writer.bool(true)
        }
        writer.key("messages")
        writeMessages(turn.messages, into: &writer)
        writer.key("meta")
        writer.beginObject()
        writer.member("dialog", turn.dialog)
        writer.member("step", turn.step)
        writer.endObject()
        writer.endObject()
        return writer.line()
    }

    /// The `push` line.
    public static func encodePush(_ push: Push) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("type", "push")
        writer.member("chat", push.chat)
        writer.key("messages")
        writeMessages(push.messages, into: &writer)
        writer.endObject()
        return writer.line()
    }

    /// The `error` line.
    public static func encodeError(_ error: WireError) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("type", "error")
        writer.member("code", error.code.rawValue)
        writer.member("message", error.message)
        if let replyTo = error.replyTo { writer.member("reply_to", replyTo) }
        writer.endObject()
        return writer.line()
    }

    /// The `pong` line.
    public static func encodePong(id: String?) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("type", "pong")
        if let id { writer.member("id", id) }
        writer.endObject()
        return writer.line()
    }

    /// A client's `message` line (for tests, the bench and bridges).
    public static func encodeMessage(_ message: ChatMessage) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("chat", message.chat)
        writer.member("text", message.text)
        if let id = message.id { writer.member("id", id) }
        if message.userName != nil || message.userLanguage != nil {
            writer.key("user")
            writer.beginObject()
            if let name = message.userName { writer.member("name", name) }
            if let lang = message.userLanguage { writer.member("lang", lang) }
            writer.endObject()
        }
        writer.endObject()
        return writer.line()
    }

    static func writeMessages(_ messages: [OutMessage], into writer: inout JSONWriter) {
        writer.beginArray()
        for message in messages {
            writer.beginObject()
            writer.member("text", message.text)
            if let buttons = message.buttons {
                writer.key("buttons")
                writer.beginArray()
                for row in buttons {
                    writer.beginArray()
                    row.forEach { writer.string($0) }
                    writer.endArray()
                }
                writer.endArray()
            }
            if let input = message.input { writer.member("input", input.rawValue) }
            if let table = message.table {
                writer.key("table")
                writer.beginObject()
                writer.key("columns")
                writer.beginArray()
                table.columns.forEach { writer.string($0) }
                writer.endArray()
                writer.key("rows")
                writer.beginArray()
                for row in table.rows {
                    writer.beginArray()
                    row.forEach { writer.string($0) }
                    writer.endArray()
                }
                writer.endArray()
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endArray()
    }
}
