/// One HTTP/1.1 request, as the web channel needs it.
struct HTTPRequest {
    var method: String
    /// The path, percent-decoding left to the routes (the paths served are plain ASCII).
    var path: String
    /// The query's parameters (decoded).
    var query: [String: String]
    /// Header names lowercased; a repeated header keeps its last value.
    var headers: [String: String]
    var body: [UInt8]

    /// Whether the client asked to close after the answer (`Connection: close`, or HTTP/1.0 without keep-alive).
    var wantsClose: Bool

    func header(_ name: String) -> String? { headers[name] }

    /// The value of cookie `name`, if sent.
    func cookie(_ name: String) -> String? {
        guard let header = headers["cookie"] else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingSpaces == name { return String(parts[1].trimmingSpaces) }
        }
        return nil
    }
}

/// Reads HTTP/1.1 requests from a connection's bytes, within limits.
struct HTTPParser {
    /// The most a request's head (request line and headers) may take.
    static let maximumHeadBytes = 16 << 10
    /// The most a request's body may take.
    static let maximumBodyBytes = 64 << 10

    enum Outcome {
        case request(HTTPRequest)
        /// More bytes are needed.
        case incomplete
        /// The request cannot be served: the status to answer (the connection is closed after it).
        case failure(status: Int, reason: String)
    }

    private var buffer: [UInt8] = []

    /// Whether part of a request has arrived.
    var hasPartialRequest: Bool { !buffer.isEmpty }

    mutating func append(_ bytes: ArraySlice<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next complete request, if the buffer holds one.
    mutating func next() -> Outcome {
        guard let headEnd = Self.find([13, 10, 13, 10], in: buffer) else {
            return buffer.count > Self.maximumHeadBytes
                ? .failure(status: 431, reason: "the request head is over 16 KiB") : .incomplete
        }
        guard headEnd <= Self.maximumHeadBytes else {
            return .failure(status: 431, reason: "the request head is over 16 KiB")
        }
        guard let head = String(validating: buffer[..<headEnd], as: UTF8.self) else {
            return .failure(status: 400, reason: "the request head is not UTF-8")
        }
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).makeIterator()
        let requestLine = lines.next().map { $0.split(separator: " ") } ?? []
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            return .failure(status: 400, reason: "not an HTTP/1.x request line")
        }
        var headers: [String: String] = [:]
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                return .failure(status: 400, reason: "a header line without a name")
            }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].trimmingSpaces)
        }
        if headers["transfer-encoding"] != nil {
            return .failure(status: 411, reason: "send the body with a Content-Length")
        }
        var length = 0
        if let text = headers["content-length"] {
            guard let value = Int(text), value >= 0 else {
                return .failure(status: 400, reason: "a bad Content-Length")
            }
            length = value
        }
        guard length <= Self.maximumBodyBytes else {
            return .failure(status: 413, reason: "the body is over 64 KiB")
        }
        let bodyStart = headEnd + 4
        guard buffer.count >= bodyStart + length else { return .incomplete }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        let target = requestLine[1]
        let (path, query) = Self.split(target: target)
        let version = requestLine[2]
        let connection = headers["connection"]?.lowercased() ?? ""
        let wantsClose = connection.contains("close") || (version == "HTTP/1.0" && !connection.contains("keep-alive"))
        return .request(
            HTTPRequest(
                method: String(requestLine[0]), path: path, query: query, headers: headers, body: body,
                wantsClose: wantsClose))
    }

    private static func split(target: Substring) -> (String, [String: String]) {
        guard let mark = target.firstIndex(of: "?") else { return (String(target), [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(parts[0])
            query[name] = parts.count > 1 ? percentDecoded(parts[1]) : ""
        }
        return (String(target[..<mark]), query)
    }

    /// `%XX` and `+` decoded; a broken escape is kept as typed.
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0] && haystack[index + 1] == needle[1] && haystack[index + 2] == needle[2]
                && haystack[index + 3] == needle[3]
            {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
