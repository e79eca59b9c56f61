/// A MIME entity (a message or one part of it) read from raw bytes into a tree.
struct MIMEEntity {
    /// How deep multipart parts may nest before the parser stops following them.
    static let maximumDepth = 20

    var headers: MailHeaders
    var contentType: MIMEHeaderValue
    /// The body as it is on the wire, still transfer-encoded; empty for a multipart entity.
    var body: ArraySlice<UInt8>
    /// The parts of a multipart entity; empty otherwise.
    var children: [MIMEEntity]

    /// The lowercased `type/subtype`.
    var mediaType: String { contentType.mediaType }
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    /// Parses the entity starting with its header section.
    static func parse(
        _ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String = "text/plain", defects: inout [MailDefect]
    ) -> MIMEEntity {
        let section = MailHeaderSection.parse(Array(bytes), skipsMboxLine: depth == 0, defects: &defects)
        let body = bytes[(bytes.startIndex + section.bodyStart)...]
        return parse(headers: section.headers, body: body, depth: depth, defaultType: defaultType, defects: &defects)
    }

    /// Builds the entity from already-parsed headers and its body.
    static func parse(
        headers: MailHeaders, body: ArraySlice<UInt8>, depth: Int, defaultType: String, defects: inout [MailDefect]
    ) -> MIMEEntity {
        var contentType = MIMEHeaderValue(headers["Content-Type"] ?? defaultType)
        if headers["Content-Type"] == nil || contentType.value.isEmpty {
            contentType = MIMEHeaderValue(defaultType)
        }
        var entity = MIMEEntity(headers: headers, contentType: contentType, body: body, children: [])
        guard entity.isMultipart else { return entity }
        guard depth < maximumDepth else {
            defects.append(.nestingTooDeep(limit: maximumDepth))
            entity.contentType = MIMEHeaderValue("application/octet-stream")
            return entity
        }
        guard let declared = contentType.parameters["boundary"], !declared.isEmpty else {
            defects.append(.missingBoundaryParameter)
            entity.contentType = MIMEHeaderValue("text/plain")
            return entity
        }
        var boundary = declared
        var parts = MIMEMultipartSplitter.split(body, boundary: boundary)
        if parts == nil, let guessed = MIMEMultipartSplitter.guessBoundary(body) {
            defects.append(.boundaryMismatch(declared: declared, used: guessed))
            boundary = guessed
            parts = MIMEMultipartSplitter.split(body, boundary: guessed)
        }
        guard let parts else {
            defects.append(.boundaryNotFound(declared))
            entity.contentType = MIMEHeaderValue("text/plain")
            return entity
        }
        if !parts.isClosed {
            defects.append(.missingClosingBoundary(boundary))
        }
        let childType = entity.mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
        entity.children = parts.bodies.map { part in
            parse(part, depth: depth + 1, defaultType: childType, defects: &defects)
        }
        entity.body = body[body.endIndex...]
        return entity
    }
}

/// Splits a multipart body at its boundary delimiters (RFC 2046 section 5.1.1).
enum MIMEMultipartSplitter {
    struct Parts: Equatable {
        var bodies: [ArraySlice<UInt8>]
        var isClosed: Bool
    }

    /// The parts between delimiter lines, or `nil` when no delimiter line occurs.
    ///
    /// A delimiter is a line of `--boundary` followed only by blanks; the close delimiter adds `--`.
    /// The line break before a delimiter belongs to it. The preamble and epilogue are dropped.
    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> Parts? {
        let delimiter = Array(("--" + boundary).utf8)
        var bodies: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != UInt8(ascii: "\n") {
                lineEnd += 1
            }
            let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            if let kind = delimiterKind(body[lineStart..<lineEnd], delimiter: delimiter) {
                if let start = partStart {
                    bodies.append(body[start..<max(start, endBeforeLineBreak(body, lineStart))])
                }
                if kind == .close {
                    return Parts(bodies: bodies, isClosed: true)
                }
                partStart = next
            }
            lineStart = next
        }
        guard let start = partStart else { return nil }
        bodies.append(body[start...])
        return Parts(bodies: bodies, isClosed: false)
    }

    /// A boundary for a body whose declared one never occurs: the first `--token` line followed by a
    /// header field line, as a mailer that rewrote the boundary leaves it.
    static func guessBoundary(_ body: ArraySlice<UInt8>) -> String? {
        let lines = body.split(separator: UInt8(ascii: "\n"), maxSplits: 10_000, omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where index + 1 < lines.count {
            var text = line
            if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
            while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
            guard text.count > 2, text.starts(with: [0x2D, 0x2D]), text.count <= 72,
                text.allSatisfy({ (33...126).contains($0) })
            else { continue }
            let nextLine = lines[index + 1]
            guard let colon = nextLine.firstIndex(of: UInt8(ascii: ":")), colon > nextLine.startIndex,
                nextLine[nextLine.startIndex..<colon].allSatisfy({ (33...126).contains($0) })
            else { continue }
            return String(decoding: text.dropFirst(2), as: UTF8.self)
        }
        return nil
    }

    private enum DelimiterKind { case part, close }

    private static func delimiterKind(_ line: ArraySlice<UInt8>, delimiter: [UInt8]) -> DelimiterKind? {
        guard line.starts(with: delimiter) else { return nil }
        var rest = line.dropFirst(delimiter.count)
        var kind = DelimiterKind.part
        if rest.starts(with: [0x2D, 0x2D]) {
            kind = .close
            rest = rest.dropFirst(2)
        }
        guard rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return nil }
        return kind
    }

    /// The index before the CRLF or LF that ends the line preceding `lineStart`.
    private static func endBeforeLineBreak(_ body: ArraySlice<UInt8>, _ lineStart: Int) -> Int {
        var end = lineStart
        if end > body.startIndex, body[end - 1] == UInt8(ascii: "\n") {
            end -= 1
            if end > body.startIndex, body[end - 1] == UInt8(ascii: "\r") {
                end -= 1
            }
        }
        return end
    }
}
