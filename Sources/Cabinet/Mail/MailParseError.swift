/// Why a piece of data could not be read as a mail message at all.
///
/// Only input that is not a message throws. Damage inside a message (a broken MIME boundary,
/// truncated base64, an unknown charset) never throws: `MailMessage.parse(_:)` returns what it
/// could read and lists the problems in `MailMessage.defects`.
public enum MailParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data is empty.
    case empty
    /// The data does not start with a header field, so it is not a message.
    case noHeaderFields(firstLine: String)
    /// The message is larger than the parser accepts.
    case tooLarge(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty:
            "the message is empty"
        case .noHeaderFields(let firstLine):
            "the message has no header fields; it starts with \"\(firstLine)\""
        case .tooLarge(let size, let limit):
            "the message has \(size) bytes, more than the limit of \(limit)"
        }
    }
}

/// A problem found while parsing a message that was worked around rather than thrown.
public enum MailDefect: Equatable, Sendable, CustomStringConvertible {
    /// A header-section line that is neither a field nor a continuation; the body starts there.
    case malformedHeaderLine(String)
    /// A header field held 8-bit bytes that were not UTF-8; they were read in a fallback charset.
    case rawEightBitHeader(field: String)
    /// A date header that could not be read.
    case invalidDate(String)
    /// A multipart part had no `boundary` parameter; its body was read as plain text.
    case missingBoundaryParameter
    /// The declared boundary never occurs and no other boundary was recognized; read as plain text.
    case boundaryNotFound(String)
    /// The declared boundary never occurs, but the parts use another one, which was used instead.
    case boundaryMismatch(declared: String, used: String)
    /// A multipart body ends without its closing delimiter (the message is probably truncated).
    case missingClosingBoundary(String)
    /// Multipart parts nest deeper than the parser follows.
    case nestingTooDeep(limit: Int)
    /// Base64 content was truncated or had stray characters; the decodable prefix was kept.
    case invalidBase64
    /// Quoted-printable content had `=` not followed by two hex digits; it was kept literally.
    case invalidQuotedPrintable
    /// An unknown Content-Transfer-Encoding; the content was taken as it is.
    case unknownTransferEncoding(String)
    /// An unknown charset; the text was read as UTF-8 when valid, windows-1251 otherwise.
    case unknownCharset(String)
    /// Text with bytes that are invalid in its charset; they became U+FFFD.
    case invalidText(charset: String)

    public var description: String {
        switch self {
        case .malformedHeaderLine(let line): "malformed header line \"\(line)\""
        case .rawEightBitHeader(let field): "8-bit non-UTF-8 bytes in the \(field) header"
        case .invalidDate(let value): "unreadable date \"\(value)\""
        case .missingBoundaryParameter: "multipart without a boundary parameter"
        case .boundaryNotFound(let boundary): "boundary \"\(boundary)\" not found"
        case .boundaryMismatch(let declared, let used): "boundary \"\(declared)\" not found; used \"\(used)\""
        case .missingClosingBoundary(let boundary): "no closing delimiter for boundary \"\(boundary)\""
        case .nestingTooDeep(let limit): "multipart nesting deeper than \(limit)"
        case .invalidBase64: "invalid or truncated base64"
        case .invalidQuotedPrintable: "invalid quoted-printable escape"
        case .unknownTransferEncoding(let name): "unknown transfer encoding \"\(name)\""
        case .unknownCharset(let name): "unknown charset \"\(name)\""
        case .invalidText(let charset): "bytes invalid in charset \"\(charset)\""
        }
    }
}
