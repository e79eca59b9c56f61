/// The bodies of the web API's POSTs: a chat message (the protocol's message object, its chat the session's), or a
/// console request's fields.
enum WebMessageBody {
    /// The message in `body` for `chat`, checked by the line protocol's own rules.
    static func decode(_ body: [UInt8], chat: String) -> Result<ChatMessage, WireError> {
        var object: [String: JSONValue]
        switch parseObject(body) {
        case .failure(let error): return .failure(error)
        case .success(let members): object = members
        }
        if let given = object["chat"], given != .string(chat) {
            return .failure(WireError(.badField, "\"chat\" is the session's own; leave it out"))
        }
        if let type = object["type"], type != .string("message") {
            return .failure(WireError(.badField, "only messages are sent here"))
        }
        object["chat"] = .string(chat)
        var writer = JSONWriter()
        writer.value(.object(object))
        switch WireCodec.decode(writer.bytes, lineNumber: 1) {
        case .success(.message(let message)):
            return .success(message)
        case .failure(var error):
            if error.message.hasPrefix("line 1: ") { error.message.removeFirst("line 1: ".count) }
            return .failure(error)
        case .success:
            return .failure(WireError(.badField, "only messages are sent here"))
        }
    }

    /// A console request's fields: an object of strings (numbers taken as their text); an empty body is none.
    static func arguments(_ body: [UInt8]) -> Result<[String: String], WireError> {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success([:]) }
        switch parseObject(body) {
        case .failure(let error):
            return .failure(error)
        case .success(let members):
            var fields: [String: String] = [:]
            for (name, value) in members {
                switch value {
                case .string(let text): fields[name] = text
                case .number(let digits): fields[name] = digits
                case .null: continue
                default: return .failure(WireError(.badField, "\"\(name.prefix(40))\" must be a string"))
                }
                guard fields[name]!.count <= WireLimits.maximumTextLength else {
                    return .failure(WireError(.badField, "\"\(name.prefix(40))\" is too long"))
                }
            }
            return .success(fields)
        }
    }

    private static func parseObject(_ body: [UInt8]) -> Result<[String: JSONValue], WireError> {
        guard String(validating: body, as: UTF8.self) != nil else {
            return .failure(WireError(.badUTF8, "the body is not valid UTF-8"))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            return .failure(WireError(.badJSON, "expected \(error.expected) at column \(error.column)"))
        }
        guard let object = value.object else {
            return .failure(WireError(.badJSON, "expected a JSON object, got \(value.kind)"))
        }
        return .success(object)
    }
}
