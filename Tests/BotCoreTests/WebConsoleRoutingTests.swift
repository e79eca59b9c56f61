import BotCore
import BridgeTestSupport
import Foundation
import Testing

/// The console's routes: GETs that read, POSTs with the CSRF token that act, the application's refusals as HTTP
/// statuses, and the parser's limits.
struct WebConsoleRoutingTests {
    @Test func aConsoleSessionMakesItsOwnCookieAndToken() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let response = try client.request("GET", "/agent/api/session")
        #expect(response.status == 200)
        #expect(response.headers["set-cookie"]?.hasPrefix("bot_agent=") == true)
        #expect(response.json["lang"] == .string("ru"))
        #expect(response.json["csrf"]?.string?.count == 64)
        // The widget's cookie is not the console's.
        let widget = try WebSession.open(client)
        let refused = try client.request("GET", "/agent/api/queue", headers: ["Cookie": widget.cookie])
        #expect(refused.status == 401)
    }

    @Test func postsCarryTheirFieldsAndThePathsNumberAndNeedTheToken() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client, path: "/agent/api/session")
        let echoed = try client.request(
            "POST", "/agent/api/tickets/12/echo", body: #"{"text": "привет", "n": 5}"#, headers: session.headers)
        #expect(echoed.status == 200)
        #expect(echoed.json["id"] == .string("12"))
        #expect(echoed.json["text"] == .string("привет"))
        #expect(echoed.json["n"] == .string("5"))
        let withoutToken = try client.request(
            "POST", "/agent/api/echo", body: "{}", headers: ["Cookie": session.cookie])
        #expect(withoutToken.status == 403)
        #expect(try client.request("GET", "/agent/api/echo", headers: session.headers).status == 405)
        #expect(try client.request("POST", "/agent/api/queue", body: "{}", headers: session.headers).status == 405)
        let nested = try client.request(
            "POST", "/agent/api/echo", body: #"{"text": {"a": 1}}"#, headers: session.headers)
        #expect(nested.status == 400)
    }

    @Test(arguments: [
        ("unauthenticated", 401), ("forbidden", 403), ("not_found", 404), ("invalid", 400),
    ])
    func refusalsBecomeStatusesWithTheMessageAndField(kind: String, status: Int) throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client, path: "/agent/api/session")
        let response = try client.request(
            "POST", "/agent/api/refuse", body: #"{"kind": "\#(kind)", "field": "inn"}"#, headers: session.headers)
        #expect(response.status == status)
        #expect(response.json["type"] == .string("error"))
        #expect(response.json["message"] == .string("refused"))
        #expect(response.json["field"] == .string("inn"))
    }

    @Test func aConsolesPushesReachItsEventStream() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let agent = try WebSession.open(client, path: "/agent/api/session")
        let stream = try #require(try server.openStream("/agent/api/events", cookie: agent.cookie))
        let pushed = try client.request(
            "POST", "/agent/api/push", body: #"{"to": "\#(agent.consoleChat)", "text": "new ticket"}"#,
            headers: agent.headers)
        #expect(pushed.status == 200)
        let event = try #require(try stream.nextEvent())
        #expect(event.data.contains("new ticket"))
    }

    @Test func aConsolesPushesWithNoConsoleOpenAreNotKept() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let agent = try WebSession.open(client, path: "/agent/api/session")
        _ = try client.request(
            "POST", "/agent/api/push", body: #"{"to": "\#(agent.consoleChat)", "text": "while away"}"#, headers: agent.headers)
        let stream = try #require(try server.openStream("/agent/api/events", cookie: agent.cookie))
        _ = try client.request(
            "POST", "/agent/api/push", body: #"{"to": "\#(agent.consoleChat)", "text": "now"}"#, headers: agent.headers)
        let event = try #require(try stream.nextEvent())
        #expect(event.data.contains("\"now\""), "the push made while no console was open is gone: \(event.data)")
    }

    @Test func oversizedHeadsAndChunkedBodiesAreRefusedAndTheConnectionClosed() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let big = try HTTPTestClient(server.http)
        big.send(Array("GET / HTTP/1.1\r\nX-Junk: \(String(repeating: "a", count: 20_000))\r\n\r\n".utf8))
        #expect(try big.readResponse().status == 431)
        let chunked = try HTTPTestClient(server.http)
        chunked.send(Array("POST /api/messages HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8))
        let response = try chunked.readResponse()
        #expect(response.status == 411)
        #expect(response.headers["connection"] == "close")
        // The server goes on for everyone else.
        #expect(try HTTPTestClient(server.http).request("GET", "/healthz").status == 200)
    }

    @Test func theConnectionCapAnswers503AndKeepsServing() throws {
        var options = try webOptions()
        options.web?.maxConnections = 2
        let server = try RunningSocketServer(options)
        defer { server.stop() }
        let held = try (0..<2).map { _ in try HTTPTestClient(server.http) }
        #expect(try held[0].request("GET", "/healthz").status == 200)
        #expect(try held[1].request("GET", "/healthz").status == 200)
        let extra = try HTTPTestClient(server.http)
        #expect(try extra.readResponse().status == 503)
        #expect(try held[0].request("GET", "/healthz").status == 200)
    }
}
