import BotCore
import BridgeTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension RunningSocketServer {
    /// The web channel's address (the last one bound).
    var http: ListenAddress { addresses.last! }
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
