import Foundation

/// An incoming mail message, parsed from RFC 5322 + MIME into what a ticket needs.
///
/// ```swift
/// let message = try MailMessage.parse(try Data(contentsOf: url))
/// if message.subject == "Приказ", message.attachments.isEmpty { /* ask for the order */ }
/// ```
///
/// Parsing never crashes and only throws for data that is not a message at all (see
/// `MailParseError`). A damaged message is read as far as possible; what was wrong is listed in
/// `defects` and `isDamaged` is `true`.
public struct MailMessage: Equatable, Sendable {
    /// Every header field of the message, undecoded.
    public var headers: MailHeaders
    /// The first author in `From`.
    public var from: MailAddress?
    /// The `To` recipients.
    public var to: [MailAddress]
    /// The `Cc` recipients.
    public var cc: [MailAddress]
    /// The `Reply-To` addresses; answers go there when present.
    public var replyTo: [MailAddress]
    /// The decoded subject with blanks collapsed; empty when there is none.
    public var subject: String
    /// The `Date` header; `nil` when missing or unreadable.
    public var date: Date?
    /// The `Message-ID` without angle brackets, for example `"q1.20260430@school1.ru"`.
    public var messageID: String?
    /// The first message ID in `In-Reply-To`, without angle brackets.
    public var inReplyTo: String?
    /// The message IDs in `References`, oldest first, without angle brackets.
    public var references: [String]
    /// The readable text: the text/plain parts, or the HTML converted to text when there is no plain text.
    ///
    /// Lines end in `\n`; trailing blank lines are removed.
    public var textBody: String
    /// The first HTML body part as sent, when the message has one.
    public var htmlBody: String?
    /// The attached files, in the order they appear.
    public var attachments: [MailAttachment]
    /// The problems that were worked around while parsing; empty for a well-formed message.
    public var defects: [MailDefect]

    /// Creates a message from its parts, for tests and for mail that did not come from `parse(_:)`.
    public init(
        headers: MailHeaders = MailHeaders(), from: MailAddress? = nil, to: [MailAddress] = [], cc: [MailAddress] = [],
        replyTo: [MailAddress] = [], subject: String = "", date: Date? = nil, messageID: String? = nil,
        inReplyTo: String? = nil, references: [String] = [], textBody: String = "", htmlBody: String? = nil,
        attachments: [MailAttachment] = [], defects: [MailDefect] = []
    ) {
        self.headers = headers
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.defects = defects
    }

    /// Whether parsing had to work around damage; see `defects`.
    public var isDamaged: Bool { !defects.isEmpty }

    /// Whether the message says it was sent automatically (RFC 3834), so it must not get an automatic answer.
    public var isAutoSubmitted: Bool {
        guard let value = headers["Auto-Submitted"]?.lowercased() else { return false }
        return !value.hasPrefix("no")
    }

    /// The default limit for `parse(_:maximumSize:)`: 50 MiB.
    public static let defaultMaximumSize = 50 << 20

    /// Parses a complete message as read from a Maildir file (CRLF or LF line ends).
    public static func parse(_ data: Data, maximumSize: Int = defaultMaximumSize) throws(MailParseError) -> MailMessage
    {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maximumSize else { throw .tooLarge(size: data.count, limit: maximumSize) }
        let bytes = [UInt8](data)
        var defects: [MailDefect] = []
        let section = MailHeaderSection.parse(bytes, skipsMboxLine: true, defects: &defects)
        guard !section.headers.fields.isEmpty else {
            throw .noHeaderFields(firstLine: section.firstNonHeaderLine ?? "")
        }
        let root = MIMEEntity.parse(
            headers: section.headers, body: bytes[section.bodyStart...], depth: 0, defaultType: "text/plain",
            defects: &defects)
        var collector = MailBodyCollector()
        collector.visit(root)
        defects += collector.defects

        let headers = section.headers
        var date: Date?
        if let rawDate = headers["Date"] {
            date = MailDate.parse(rawDate)
            if date == nil {
                defects.append(.invalidDate(rawDate))
            }
        }
        return MailMessage(
            headers: headers,
            from: headers["From"].flatMap { MailAddress.parseList($0).first },
            to: headers.values(named: "To").flatMap(MailAddress.parseList),
            cc: headers.values(named: "Cc").flatMap(MailAddress.parseList),
            replyTo: headers.values(named: "Reply-To").flatMap(MailAddress.parseList),
            subject: headers.text(named: "Subject") ?? "",
            date: date,
            messageID: headers["Message-ID"].flatMap { messageIDs(in: $0).first },
            inReplyTo: headers["In-Reply-To"].flatMap { messageIDs(in: $0).first },
            references: headers["References"].map { messageIDs(in: $0) } ?? [],
            textBody: collector.text,
            htmlBody: collector.html,
            attachments: collector.attachments,
            defects: defects)
    }

    /// The message IDs in a header value, without angle brackets; bare tokens when there are no brackets.
    static func messageIDs(in value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: ">") else { break }
            let id = rest[afterOpen..<close].filter { !$0.isWhitespace }
            if !id.isEmpty {
                ids.append(id)
            }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            ids = value.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        }
        return ids
    }
}
