import BotCore
import BridgeTestSupport
import Foundation
import Testing

/// The web channel end to end on a real server: cookies, CSRF, messages and their turns, the event stream and its
/// replay, limits, health and metrics.
struct WebChannelTests {
    @Test func aMessageGetsItsTurnAndARepeatedIDTheSameTurnMarkedDuplicate() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        #expect(session.chat.hasPrefix("web:") && session.chat.count == 4 + 32)
        #expect(!session.csrf.isEmpty)
        let body = #"{"text": "n:1", "id": "w-1"}"#
        let first = try client.request("POST", "/api/messages", body: body, headers: session.headers)
        #expect(first.status == 200)
        #expect(first.json["type"] == .string("turn"))
        #expect(first.json["chat"] == .string(session.chat))
        #expect(first.text.contains("ok 1"))
        let again = try client.request("POST", "/api/messages", body: body, headers: session.headers)
        #expect(again.status == 200)
        #expect(again.json["duplicate"] == .bool(true))
        #expect(again.text.contains("ok 1"))
        // The repeat changed nothing: the next number is still 2.
        let next = try client.request("POST", "/api/messages", body: #"{"text": "n:2"}"#, headers: session.headers)
        #expect(next.text.contains("ok 2"))
    }

    @Test func noCookieATamperedCookieAndAMissingOrWrongCSRFTokenAreRefused() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        let body = #"{"text": "n:1"}"#
        let bare = try client.request("POST", "/api/messages", body: body)
        #expect(bare.status == 401)
        #expect(bare.json["code"] == .string("unauthorized"))
        var forged = session
        forged.cookie = String(session.cookie.dropLast()) + (session.cookie.hasSuffix("0") ? "1" : "0")
        #expect(try client.request("POST", "/api/messages", body: body, headers: forged.headers).status == 401)
        let noToken = try client.request("POST", "/api/messages", body: body, headers: ["Cookie": session.cookie])
        #expect(noToken.status == 403)
        let wrong = try client.request(
            "POST", "/api/messages", body: body, headers: ["Cookie": session.cookie, "X-CSRF-Token": "00"])
        #expect(wrong.status == 403)
        // None of them reached the dialog: the first accepted number is 1.
        let accepted = try client.request("POST", "/api/messages", body: body, headers: session.headers)
        #expect(accepted.text.contains("ok 1"))
    }

    @Test func badBodiesGetTheProtocolsCodesWithHTTPStatuses() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        let cases: [(String, Int, String)] = [
            ("{", 400, "bad_json"), (#"{"id": "x"}"#, 400, "missing_field"), (#"{"text": 5}"#, 400, "bad_field"),
            (#"{"text": "hi", "chat": "tg:1"}"#, 400, "bad_field"),
        ]
        for (body, status, code) in cases {
            let response = try client.request("POST", "/api/messages", body: body, headers: session.headers)
            #expect(response.status == status, "\(body)")
            #expect(response.json["code"] == .string(code), "\(body)")
        }
        let huge = "{\"text\": \"" + String(repeating: "x", count: 70_000) + "\"}"
        let tooLarge = try client.request("POST", "/api/messages", body: huge, headers: session.headers)
        #expect(tooLarge.status == 413)
        #expect(try HTTPTestClient(server.http).request("GET", "/nowhere").status == 404)
        #expect(try HTTPTestClient(server.http).request("GET", "/api/messages").status == 405)
    }

    @Test func aPushReachesAnOpenStreamAndAReconnectWithLastEventIDMissesNothing() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        let stream = try #require(try server.openStream(cookie: session.cookie))
        // Another chat pushes to this one (the stream's attach is handled in order before this message).
        let sender = try PushSender(server)
        try sender.tell(session.chat, "first")
        let first = try #require(try stream.nextEvent())
        #expect(first.data.contains("\"first\""))
        #expect(first.data.contains("\"type\":\"push\""))
        try sender.tell(session.chat, "second")
        let second = try #require(try stream.nextEvent())
        #expect(second.data.contains("\"second\""))
        // A browser that saw only the first comes back: it gets the second, and only that.
        let again = try #require(try server.openStream(cookie: session.cookie, lastEventID: first.id))
        let replayed = try #require(try again.nextEvent())
        #expect(replayed.id == second.id)
        #expect(replayed.data.contains("\"second\""))
    }

    @Test func pushesThatWaitedInTheDatabaseArriveWhenTheStreamOpens() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        let sender = try PushSender(server)
        for word in ["one", "two"] {
            #expect(try sender.tell(session.chat, word).text.contains("sent"))
        }
        let stream = try #require(try server.openStream(cookie: session.cookie))
        let first = try #require(try stream.nextEvent())
        let second = try #require(try stream.nextEvent())
        #expect(first.data.contains("\"one\""))
        #expect(second.data.contains("\"two\""))
    }

    @Test func pushesThatCameWithATurnWaitForThePagesStream() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        try PushSender(server).tell(session.chat, "waiting")
        // The chat's own message collects the push from the database before its turn; no stream is open yet.
        let turn = try client.request("POST", "/api/messages", body: #"{"text": "n:1"}"#, headers: session.headers)
        #expect(turn.json["type"] == .string("turn"))
        #expect(!turn.text.contains("waiting"))
        let stream = try #require(try server.openStream(cookie: session.cookie))
        let event = try #require(try stream.nextEvent())
        #expect(event.data.contains("\"waiting\""))
    }

    @Test func tooManyRequestsFromOneClientGet429WithRetryAfter() throws {
        let server = try RunningSocketServer(try webOptions(rate: 2))
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<12 {
            let response = try client.request("GET", "/api/session")
            statuses.append(response.status)
            if response.status == 429 { retryAfter = response.headers["retry-after"] }
        }
        #expect(statuses.prefix(6).allSatisfy { $0 == 200 })  // the burst
        #expect(statuses.contains(429))
        #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
        // Pages and health are not rationed.
        #expect(try client.request("GET", "/healthz").status == 200)
    }

    @Test func healthAndMetricsFollowTheOpsConventions() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        _ = try client.request("POST", "/api/messages", body: #"{"text": "n:1"}"#, headers: session.headers)
        _ = try client.request("POST", "/api/messages", body: "{", headers: session.headers)
        let health = try client.request("GET", "/healthz")
        #expect(health.status == 200 && health.text == "ok\n")
        let metrics = try client.request("GET", "/metrics")
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        let text = metrics.text
        #expect(text.contains("# TYPE bot_turns_total counter"))
        #expect(text.contains("bot_turns_total 1\n"))
        #expect(text.contains("bot_batch_size_bucket{le=\"1\"} 1\n"))
        #expect(text.contains("bot_turn_latency_seconds_count 1\n"))
        #expect(text.contains("bot_errors_total{code=\"bad_json\"} 1\n"))
        #expect(text.contains("bot_queue_depth 0\n"))
        #expect(text.contains("bot_http_requests_total{status=\"400\"} 1\n"))
    }

    @Test func aPageSetsAnHttpOnlySameSiteStrictCookieOnce() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let page = try client.request("GET", "/")
        #expect(page.status == 200 && page.text == "<p>widget</p>")
        let cookie = try #require(page.headers["set-cookie"])
        #expect(cookie.hasPrefix("bot_chat="))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
        let name = String(cookie.split(separator: ";")[0])
        let again = try client.request("GET", "/", headers: ["Cookie": name])
        #expect(again.headers["set-cookie"] == nil)
        let head = try client.request("HEAD", "/", headers: ["Cookie": name])
        #expect(head.status == 200 && head.headers["content-length"] == "13")
        let behindTLS = try client.request("GET", "/", headers: ["X-Forwarded-Proto": "https"])
        #expect(behindTLS.headers["set-cookie"]?.contains("; Secure") == true)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try RunningSocketServer(try webOptions())
        defer { server.stop() }
        let client = try HTTPTestClient(server.http)
        let session = try WebSession.open(client)
        var bytes: [UInt8] = []
        for number in 1...3 {
            bytes += HTTPTestClient.encode(
                "POST", "/api/messages", body: #"{"text": "n:\#(number)"}"#, headers: session.headers)
        }
        client.send(bytes)
        for number in 1...3 {
            #expect(try client.readResponse().text.contains("ok \(number)"))
        }
    }
}
