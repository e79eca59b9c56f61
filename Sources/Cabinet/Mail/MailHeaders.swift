import Foundation

/// One header field as written in a message: unfolded, with RFC 2047 encoded words still encoded.
public struct MailHeaderField: Equatable, Sendable {
    /// The field name as written, for example `"Content-Type"`.
    public var name: String
    /// The unfolded value without surrounding whitespace.
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The header fields of a message or a MIME part, in order, looked up case-insensitively.
public struct MailHeaders: Equatable, Sendable {
    /// Every field in the order it appeared.
    public var fields: [MailHeaderField]

    /// Creates headers from fields.
    public init(_ fields: [MailHeaderField] = []) {
        self.fields = fields
    }

    /// The raw value of the first field named `name` (case-insensitive), or `nil`.
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// The raw values of every field named `name` (case-insensitive), in order.
    public func values(named name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The first field named `name` as text: RFC 2047 words decoded, runs of blanks collapsed.
    public func text(named name: String) -> String? {
        self[name].map { MailText.collapsingBlanks(MailEncodedWords.decode($0)) }
    }
}

// MARK: - Parsing

/// The header section of a message or MIME part, read from raw bytes.
struct MailHeaderSection {
    var headers: MailHeaders
    /// Index in the input where the body starts (after the blank line).
    var bodyStart: Int
    /// The first line when it is not a header field; used to explain why a message was rejected.
    var firstNonHeaderLine: String?

    /// Reads header fields until the first blank line.
    ///
    /// A line that is neither a field nor a continuation ends the header section early, is recorded
    /// as a defect and starts the body, the way Python's `email` parser recovers. Values that are not
    /// valid UTF-8 are decoded in the part's declared 8-bit charset, or windows-1251 by default.
    static func parse(_ bytes: [UInt8], skipsMboxLine: Bool, defects: inout [MailDefect]) -> MailHeaderSection {
        var rawFields: [(name: String, value: [UInt8])] = []
        var index = 0
        var bodyStart = bytes.count
        var firstNonHeaderLine: String?
        var isFirstLine = true
        while index < bytes.count {
            let lineStart = index
            var lineEnd = index
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") {
                lineEnd += 1
            }
            let next = min(lineEnd + 1, bytes.count)
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == UInt8(ascii: "\r") {
                contentEnd -= 1
            }
            let line = bytes[lineStart..<contentEnd]
            defer { isFirstLine = false }
            if line.isEmpty {
                bodyStart = next
                break
            }
            if line.first == 0x20 || line.first == 0x09 {
                if rawFields.isEmpty {
                    defects.append(.malformedHeaderLine(preview(line)))
                } else {
                    rawFields[rawFields.count - 1].value += line
                }
                index = next
                continue
            }
            if isFirstLine, skipsMboxLine, line.starts(with: Array("From ".utf8)) {
                index = next
                continue
            }
            guard let (name, value) = splitField(line) else {
                if rawFields.isEmpty {
                    firstNonHeaderLine = preview(line)
                }
                defects.append(.malformedHeaderLine(preview(line)))
                bodyStart = lineStart
                break
            }
            rawFields.append((name, value))
            index = next
        }
        let fallback = fallbackCharset(rawFields)
        let fields = rawFields.map { field in
            MailHeaderField(name: field.name, value: decodeValue(field, fallback: fallback, defects: &defects))
        }
        return MailHeaderSection(
            headers: MailHeaders(fields), bodyStart: bodyStart, firstNonHeaderLine: firstNonHeaderLine)
    }

    private static func splitField(_ line: ArraySlice<UInt8>) -> (String, [UInt8])? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var nameEnd = colon
        while nameEnd > line.startIndex, line[nameEnd - 1] == 0x20 || line[nameEnd - 1] == 0x09 {
            nameEnd -= 1  // obsolete syntax allows blanks before the colon
        }
        let name = line[line.startIndex..<nameEnd]
        guard !name.isEmpty, name.allSatisfy({ (33...126).contains($0) }) else { return nil }
        return (String(decoding: name, as: UTF8.self), Array(line[(colon + 1)...]))
    }

    /// The 8-bit charset declared by the part's Content-Type, used for raw 8-bit header bytes.
    private static func fallbackCharset(_ fields: [(name: String, value: [UInt8])]) -> MailCharset {
        guard let contentType = fields.first(where: { $0.name.lowercased() == "content-type" }) else {
            return .windows1251
        }
        let value = MIMEHeaderValue(String(decoding: contentType.value.filter { $0 < 0x80 }, as: UTF8.self))
        switch value.parameters["charset"].flatMap(MailCharset.init(label:)) {
        case .koi8r: return .koi8r
        case .latin1: return .latin1
        case .windows1252: return .windows1252
        default: return .windows1251
        }
    }

    private static func decodeValue(
        _ field: (name: String, value: [UInt8]), fallback: MailCharset, defects: inout [MailDefect]
    ) -> String {
        let decoded = MailCharset.utf8.decode(field.value)
        var text = decoded.text
        if !decoded.isLossless {
            text = fallback.decode(field.value).text
            defects.append(.rawEightBitHeader(field: field.name))
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func preview(_ line: ArraySlice<UInt8>) -> String {
        MailCharset.decodeUnlabelled(line.prefix(80))
    }
}
