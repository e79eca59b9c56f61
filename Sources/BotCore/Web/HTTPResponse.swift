/// An HTTP/1.1 response to write.
struct HTTPResponse {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// The answer to a HEAD: the headers of the page, its length, no body.
    var headOnly = false

    init(status: Int, contentType: String? = nil, body: [UInt8] = [], headers: [(String, String)] = []) {
        self.status = status
        self.body = body
        self.headers = headers
        if let contentType { self.headers.append(("Content-Type", contentType)) }
    }

    /// A JSON body.
    static func json(_ status: Int, _ body: [UInt8], headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json; charset=utf-8", body: body, headers: headers)
    }

    /// The protocol's `error` object as the body.
    static func error(_ status: Int, _ code: WireErrorCode, _ message: String, retryAfter: Int? = nil)
        -> HTTPResponse
    {
        var line = WireCodec.encodeError(WireError(code, message))
        line.removeLast()  // the newline of the line protocol
        var response = json(status, line)
        if let retryAfter { response.headers.append(("Retry-After", String(retryAfter))) }
        return response
    }

    static let reasons: [Int: String] = [
        200: "OK", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
        404: "Not Found", 405: "Method Not Allowed", 411: "Length Required", 413: "Content Too Large",
        429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
        503: "Service Unavailable",
    ]

    /// The bytes on the wire; `keepAlive` false adds `Connection: close`.
    func encoded(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "Status")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n"
        head += Self.securityHeaders
        if !keepAlive { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (headOnly ? [] : body)
    }

    /// Sent with every answer: no sniffing, no referrer to other sites, nothing cached (answers are personal).
    static let securityHeaders =
        "X-Content-Type-Options: nosniff\r\nReferrer-Policy: same-origin\r\nCache-Control: no-store\r\n"
}
