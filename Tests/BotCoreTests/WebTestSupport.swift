import BotCore
import BridgeTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension RunningSocketServer {
    /// The web channel's address (the last one bound).
    var http: ListenAddress { addresses.last! }

    /// Opens an event stream at `path` with `cookie` (and `Last-Event-ID` when given); nil unless it is answered 200.
    func openStream(_ path: String = "/api/events", cookie: String, lastEventID: String? = nil) throws
        -> HTTPTestClient?
    {
        let stream = try HTTPTestClient(http)
        var headers = ["Cookie": cookie]
        if let lastEventID { headers["Last-Event-ID"] = lastEventID }
        stream.send(HTTPTestClient.encode("GET", path, headers: headers))
        let head = try stream.readResponse()
        guard head.status == 200, head.headers["content-type"]?.hasPrefix("text/event-stream") == true else {
            return nil
        }
        return stream
    }
}

extension WebSession {
    /// The console's chat its `bot_agent` cookie names (`webagent:` and the cookie's id).
    var consoleChat: String { "webagent:" + cookie.dropFirst("bot_agent=".count).prefix(32) }
}

/// Another browser on the test server that pushes words to a chat (the test dialog's `tell CHAT WORDS`).
struct PushSender {
    let client: HTTPTestClient
    let session: WebSession

    init(_ server: RunningSocketServer) throws {
        client = try HTTPTestClient(server.http)
        session = try WebSession.open(client)
    }

    /// Makes the bot push `words` to `chat`; the sender's own turn says `sent`.
    @discardableResult
    func tell(_ chat: String, _ words: String) throws -> HTTPTestClient.Response {
        try client.request(
            "POST", "/api/messages", body: #"{"text": "tell \#(chat) \#(words)"}"#, headers: session.headers)
    }
}

/// Server options with the web channel on a free loopback port and a fixed key.
func webOptions(rate: Double = 1_000) throws -> SocketServerOptions {
    var options = SocketServerOptions()
    var web = WebOptions(
        address: .tcp(host: "127.0.0.1", port: 0), key: try WebKey(secret: Array(repeating: 7, count: 32)))
    web.ratePerSecond = rate
    web.pages = ["/": WebPage(contentType: "text/html", body: "<p>widget</p>", cookie: .widget)]
    options.web = web
    options.statsInterval = 0
    return options
}

/// The test server's answers to requests: `session` gives the chat's language, `echo` its arguments,
/// `refuse` a refusal of the kind asked for, `push` pushes `text` to `to`.
func testRequests(_ request: AppRequest, _ context: DialogContext<TestEnv>) throws -> JSONValue {
    switch request.name {
    case "session", "console.session":
        return .object(["lang": .string(context.language.rawValue)])
    case "console.echo":
        return .object(request.arguments.mapValues(JSONValue.string))
    case "console.refuse":
        let kind = AppRequestFailure.Kind(rawValue: request.arguments["kind"] ?? "") ?? .invalid
        throw AppRequestFailure(kind, "refused", field: request.arguments["field"])
    case "console.push":
        context.push(to: request.arguments["to"] ?? "", [OutMessage(request.arguments["text"] ?? "")])
        return .object([:])
    default:
        throw AppRequestFailure(.notFound, "no such request")
    }
}
