/// The web channel's routes: pages, the widget's API, the console's API, the event streams; and the writer's
/// answers turned into HTTP.
extension WebLoop {
    /// Console requests a GET may make; every other console request is a POST with the CSRF token.
    static let consoleReads: Set<String> = ["session", "queue", "tickets"]

    func route(_ request: HTTPRequest, on connection: WebConnection, now: UInt64) {
        let path = request.path
        if path == "/healthz" {
            return respond(
                connection,
                stopping
                    ? .error(503, .overloaded, "stopping")
                    : HTTPResponse(status: 200, contentType: "text/plain", body: Array("ok\n".utf8)))
        }
        if path == "/metrics" {
            return respond(
                connection,
                HTTPResponse(
                    status: 200, contentType: "text/plain; version=0.0.4",
                    body: Array(metrics.exposition(stats).utf8)))
        }
        let apiPath = path.hasPrefix("/api/") || path.hasPrefix("/agent/api/")
        if let page = options.pages[path], !apiPath {
            guard request.method == "GET" || request.method == "HEAD" else {
                return respond(connection, .error(405, .badField, "only GET here"))
            }
            var response = HTTPResponse(status: 200, contentType: page.contentType, body: page.body)
            response.headOnly = request.method == "HEAD"
            // Scripts and styles only from here; framed only by the sites allowed to embed the widget.
            response.headers.append(
                (
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                        + "frame-ancestors \(options.frameAncestors)"
                ))
            if page.cookie != .none {
                let kind: WebChatKind = page.cookie == .widget ? .widget : .console
                if identity(request, kind) == nil {
                    response.headers.append(("Set-Cookie", cookie(kind, id: WebKey.randomHex(bytes: 16), request)))
                }
            }
            return respond(connection, response)
        }
        guard apiPath else { return respond(connection, .error(404, .badField, "no such page")) }
        if let wait = limiter.take(connection.peer, now: now) {
            return respond(
                connection, .error(429, .overloaded, "too many requests; wait \(wait) s", retryAfter: wait))
        }
        if path.hasPrefix("/api/") {
            widgetAPI(String(path.dropFirst("/api/".count)), request, connection, now: now)
        } else {
            consoleAPI(String(path.dropFirst("/agent/api/".count)), request, connection)
        }
    }

    // MARK: - The widget

    private func widgetAPI(_ name: String, _ request: HTTPRequest, _ connection: WebConnection, now: UInt64) {
        switch (name, request.method) {
        case ("session", "GET"):
            var newCookie: String?
            let id =
                identity(request, .widget)
                ?? {
                    let id = WebKey.randomHex(bytes: 16)
                    newCookie = cookie(.widget, id: id, request)
                    return id
                }()
            var arguments: [String: String] = [:]
            if let lang = request.query["lang"] { arguments["lang"] = lang }
            send(
                AppRequest(
                    connection: connection.id, chat: WebChatKind.widget.chatPrefix + id, name: "session",
                    arguments: arguments),
                connection, extra: [("chat", WebChatKind.widget.chatPrefix + id), ("csrf", options.key.csrf(for: id))],
                cookie: newCookie)
        case ("messages", "POST"):
            guard let id = identity(request, .widget) else { return refuseIdentity(connection) }
            guard options.key.checkCSRF(request.header("x-csrf-token"), for: id) else { return refuseCSRF(connection) }
            let chat = WebChatKind.widget.chatPrefix + id
            switch WebMessageBody.decode(request.body, chat: chat) {
            case .failure(let error):
                respond(connection, .error(400, error.code, error.message))
            case .success(let message):
                guard offer(.job(Job(connection: connection.id, message: message))) else {
                    return respond(
                        connection, .error(503, .overloaded, "the bot is busy; send it again", retryAfter: 1))
                }
                connection.mode = .message(chat: chat, startedAt: now)
            }
        case ("events", "GET"):
            guard let id = identity(request, .widget) else { return refuseIdentity(connection) }
            stream(WebChatKind.widget.chatPrefix + id, request, connection)
        case ("session", _), ("messages", _), ("events", _):
            respond(connection, .error(405, .badField, "method not allowed here"))
        default:
            respond(connection, .error(404, .badField, "no such API"))
        }
    }

    // MARK: - The console

    private func consoleAPI(_ path: String, _ request: HTTPRequest, _ connection: WebConnection) {
        let parts = path.split(separator: "/").map(String.init)
        guard let first = parts.first, parts.count <= 3 else {
            return respond(connection, .error(404, .badField, "no such API"))
        }
        var newCookie: String?
        let known = identity(request, .console)
        guard let id = known ?? (first == "session" ? WebKey.randomHex(bytes: 16) : nil) else {
            return refuseIdentity(connection)
        }
        if known == nil { newCookie = cookie(.console, id: id, request) }
        let chat = WebChatKind.console.chatPrefix + id
        if first == "events" {
            guard request.method == "GET" else { return respond(connection, .error(405, .badField, "GET only")) }
            return stream(chat, request, connection)
        }
        let name = parts.count == 3 ? parts[2] : first
        var arguments: [String: String] = [:]
        if parts.count >= 2 { arguments["id"] = parts[1] }
        if Self.consoleReads.contains(name) {
            guard request.method == "GET" else { return respond(connection, .error(405, .badField, "GET only")) }
        } else {
            guard request.method == "POST" else { return respond(connection, .error(405, .badField, "POST only")) }
            guard options.key.checkCSRF(request.header("x-csrf-token"), for: id) else { return refuseCSRF(connection) }
            switch WebMessageBody.arguments(request.body) {
            case .failure(let error):
                return respond(connection, .error(400, error.code, error.message))
            case .success(let fields):
                arguments.merge(fields) { old, _ in old }
            }
        }
        var extra: [(String, String)] = []
        if name == "session" { extra.append(("csrf", options.key.csrf(for: id))) }
        send(
            AppRequest(connection: connection.id, chat: chat, name: "console." + name, arguments: arguments),
            connection, extra: extra, cookie: newCookie)
    }

    // MARK: - Requests, streams, answers

    /// Hands an event to the turn writer, counted in flight; false when its queue is full (or closed).
    private func offer(_ event: ServerEvent) -> Bool {
        guard queue.offer(event) else { return false }
        stats.accepted.wrappingAdd(1, ordering: .relaxed)
        return true
    }

    private func send(
        _ request: AppRequest, _ connection: WebConnection, extra: [(String, String)], cookie: String?
    ) {
        guard offer(.request(request)) else {
            return respond(connection, .error(503, .overloaded, "the bot is busy; try again", retryAfter: 1))
        }
        connection.mode = .request(chat: request.chat, extra: extra, cookie: cookie)
    }

    /// Opens an event stream for `chat`: what came after `Last-Event-ID`, then what waited in the database, then
    /// every push as it is made.
    private func stream(_ chat: String, _ request: HTTPRequest, _ connection: WebConnection) {
        let hub = hubs.hub(for: chat)
        metrics.count(status: 200)
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
        head += HTTPResponse.securityHeaders + "X-Accel-Buffering: no\r\n\r\nretry: 2000\n\n"
        connection.output.enqueue(Array(head.utf8))
        let last = request.header("last-event-id") ?? request.query["last_event_id"]
        for event in hubs.replay(hub, after: last) { connection.output.enqueue(sse(event)) }
        connection.mode = .streaming(hub)
        connection.keepAlive = false
        let first = hub.streams.isEmpty
        hub.streams.insert(connection.id)
        if first {
            routes.opened(hub.connection)
            if !offer(.attach(connection: hub.connection, chat: chat)) {
                log("http: the queue is full; pushes waiting for a web chat come with its next message")
            }
        }
        if !connection.output.flush(to: connection.fd) { close(connection) }
    }

    private func sse(_ event: EventHubs.Event) -> [UInt8] {
        var bytes = Array("id: \(hubs.eventID(event))\nevent: push\ndata: ".utf8)
        bytes.append(contentsOf: event.data)
        bytes.append(contentsOf: Array("\n\n".utf8))
        return bytes
    }

    /// What the writer answered for `connection`: pushes for a hub, a turn or a result for a waiting request.
    func receive(_ bytes: [UInt8], for id: Int, now: UInt64) {
        var lines = bytes.split(separator: 0x0A).map(Array.init)
        if let hub = hubs.byConnection[id] {
            return lines.forEach { publish($0, to: hub) }
        }
        guard let connection = connections[id], let answer = lines.popLast() else { return }
        switch connection.mode {
        case .message(let chat, let started):
            let hub = hubs.hub(for: chat)
            lines.forEach { publish($0, to: hub) }  // pushes that waited for this chat come first
            metrics.observe(latency: Double(now.since(started)) / 1e9)
            respond(connection, Self.answer(toMessage: answer))
        case .request(_, let extra, let cookie):
            var response = Self.answer(toRequest: answer, extra: extra)
            if let cookie { response.headers.append(("Set-Cookie", cookie)) }
            respond(connection, response)
        case .idle, .streaming:
            return
        }
        if connections[id] != nil { take(connection, now: now) }  // a pipelined request may be waiting
    }

    private func publish(_ line: [UInt8], to hub: EventHubs.Hub) {
        let event = hubs.publish(line, to: hub)
        // With no stream open the push waits here for the page's next stream (it left the database with its turn).
        if hub.streams.isEmpty { hub.idleSince = Descriptor.monotonicNanoseconds() }
        let bytes = sse(event)
        for id in hub.streams {
            guard let stream = connections[id] else { continue }
            stream.output.enqueue(bytes)
            if !stream.output.flush(to: stream.fd) { close(stream) }
        }
    }

    /// A turn is 200 with the turn as the body; an error line becomes its HTTP status.
    static func answer(toMessage line: [UInt8]) -> HTTPResponse {
        guard case .object(let members)? = try? JSONParser.parse(line), members["type"]?.string == "error" else {
            return .json(200, line)
        }
        let status: Int =
            switch members["code"]?.string.flatMap(WireErrorCode.init) {
            case .overloaded: 503
            case .internal, nil: 500
            case .unauthorized: 401
            case .lineTooLong: 413
            default: 400
            }
        return .json(status, line, headers: status == 503 ? [("Retry-After", "1")] : [])
    }

    /// A result line: its data (with `extra` members) on success, the failure as an `error` body with its status.
    static func answer(toRequest line: [UInt8], extra: [(String, String)]) -> HTTPResponse {
        guard case .object(let members)? = try? JSONParser.parse(line) else {
            return .error(500, .internal, "no answer")
        }
        if members["type"]?.string == "error" { return answer(toMessage: line) }
        guard members["ok"] == .bool(true) else {
            let (status, code): (Int, WireErrorCode) =
                switch members["failure"]?.string {
                case "unauthenticated": (401, .unauthorized)
                case "forbidden": (403, .unauthorized)
                case "not_found": (404, .badField)
                default: (400, .badField)
                }
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("type", "error")
            writer.member("code", code.rawValue)
            writer.member("message", members["message"]?.string ?? "")
            if let field = members["field"]?.string { writer.member("field", field) }
            writer.endObject()
            return .json(status, writer.bytes)
        }
        var data = members["data"]?.object ?? [:]
        for (name, value) in extra { data[name] = .string(value) }
        var writer = JSONWriter()
        writer.value(.object(data))
        return .json(200, writer.bytes)
    }

    // MARK: - Identity

    /// The chat id a request's cookie names, when its signature holds.
    func identity(_ request: HTTPRequest, _ kind: WebChatKind) -> String? {
        request.cookie(kind.cookieName).flatMap(options.key.verify)
    }

    func cookie(_ kind: WebChatKind, id: String, _ request: HTTPRequest) -> String {
        let secure = options.secureCookies || request.header("x-forwarded-proto")?.lowercased() == "https"
        return "\(kind.cookieName)=\(options.key.sign(id)); Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : "")
    }

    private func refuseIdentity(_ connection: WebConnection) {
        respond(connection, .error(401, .unauthorized, "no session: open the page again"))
    }

    private func refuseCSRF(_ connection: WebConnection) {
        respond(connection, .error(403, .unauthorized, "the request lacks the page's CSRF token"))
    }
}
