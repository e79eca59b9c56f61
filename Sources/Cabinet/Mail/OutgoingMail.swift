import Foundation

/// An e-mail the system sends: what to say and to whom, before it is rendered by `MailComposer`.
public struct OutgoingMail: Equatable, Sendable {
    /// The sender, for example `help@educont.ru` with the service's display name.
    public var from: MailAddress
    /// The recipients; at least one is required.
    public var to: [MailAddress]
    /// The copy recipients.
    public var cc: [MailAddress]
    /// The subject in any language; it is RFC 2047-encoded when not plain ASCII.
    public var subject: String
    /// The plain-text body; any line ends are accepted.
    public var body: String
    /// The message ID this answers, with or without angle brackets.
    public var inReplyTo: String?
    /// The thread's message IDs, oldest first; defaults to `inReplyTo` alone when empty.
    public var references: [String]
    /// Files to attach, for example a CSV report; each gets its own part of a multipart/mixed message.
    public var attachments: [MailAttachment]
    /// Marks an automatic answer with `Auto-Submitted: auto-replied` (RFC 3834) so that other robots
    /// don't answer it back.
    public var isAutoReply: Bool

    /// Creates a mail.
    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], subject: String, body: String,
        inReplyTo: String? = nil, references: [String] = [], attachments: [MailAttachment] = [],
        isAutoReply: Bool = false
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.body = body
        self.inReplyTo = inReplyTo
        self.references = references
        self.attachments = attachments
        self.isAutoReply = isAutoReply
    }

    /// An answer to `message`: to its `Reply-To` (or `From`), subject `Re: ...`, threaded by its IDs.
    public static func reply(
        to message: MailMessage, from: MailAddress, body: String, attachments: [MailAttachment] = [],
        isAutoReply: Bool = false
    ) -> OutgoingMail {
        let recipients = message.replyTo.isEmpty ? message.from.map { [$0] } ?? [] : message.replyTo
        let subject = message.subject.lowercased().hasPrefix("re:") ? message.subject : "Re: " + message.subject
        var references = message.references
        if let id = message.messageID, !references.contains(id) {
            references.append(id)
        }
        return OutgoingMail(
            from: from, to: recipients, subject: subject, body: body, inReplyTo: message.messageID,
            references: references, attachments: attachments, isAutoReply: isAutoReply)
    }
}

/// How the body of an outgoing mail is transfer-encoded.
public enum MailBodyEncoding: Equatable, Sendable {
    /// Quoted-printable when at least three quarters of the body is ASCII, base64 otherwise.
    case automatic
    /// Always base64 (compact for Cyrillic text).
    case base64
    /// Always quoted-printable (readable in the raw message).
    case quotedPrintable
}

/// A rendered message, ready to be delivered to a Maildir.
public struct ComposedMail: Equatable, Sendable {
    /// The `Message-ID` without angle brackets, for threading and deduplication.
    public var messageID: String
    /// The instant written in the `Date` header.
    public var date: Date
    /// The complete RFC 5322 message with CRLF line ends.
    public var data: Data

    /// Creates a composed mail.
    public init(messageID: String, date: Date, data: Data) {
        self.messageID = messageID
        self.date = date
        self.data = data
    }
}

/// Why an outgoing mail could not be rendered.
public enum MailComposeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The mail has no `To` recipient.
    case noRecipients
    /// An address is not a plain ASCII `local@domain` (internationalized addresses are not supported).
    case invalidAddress(String)
    /// A message ID for `In-Reply-To` or `References` is empty or contains spaces or brackets.
    case invalidMessageID(String)
    /// The composer's Message-ID domain is not a dot-atom such as `educont.ru`.
    case invalidDomain(String)
    /// The generated unique part of the Message-ID is not a dot-atom.
    case invalidUniqueID(String)
    /// An attachment's content type or charset is not `type/subtype` made of MIME tokens.
    case invalidContentType(String)

    public var description: String {
        switch self {
        case .noRecipients: "the mail has no recipient"
        case .invalidAddress(let address): "\"\(address)\" is not a valid e-mail address"
        case .invalidMessageID(let id): "\"\(id)\" is not a valid message ID"
        case .invalidDomain(let domain): "\"\(domain)\" is not a valid Message-ID domain"
        case .invalidUniqueID(let id): "\"\(id)\" is not a valid unique Message-ID part"
        case .invalidContentType(let type): "\"\(type)\" is not a valid content type"
        }
    }
}
