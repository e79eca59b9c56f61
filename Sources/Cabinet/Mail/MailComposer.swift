import Foundation

/// Renders `OutgoingMail` into complete RFC 5322 messages with a UTF-8 MIME body.
///
/// The clock and the unique part of each Message-ID are injected, so tests get byte-stable output:
///
/// ```swift
/// let composer = MailComposer(domain: "educont.ru", timeZone: TimeZone(identifier: "Europe/Moscow")!)
/// let composed = try composer.compose(mail)
/// try outbox.deliver(composed.data)
/// ```
public struct MailComposer: Sendable {
    /// The right-hand side of generated Message-IDs, for example `educont.ru`.
    public var domain: String
    /// The zone the `Date` header is written in.
    public var timeZone: TimeZone
    /// How bodies are transfer-encoded.
    public var bodyEncoding: MailBodyEncoding
    /// The current instant.
    public var clock: @Sendable () -> Date
    /// A new unique Message-ID left-hand side (a dot-atom) for every call.
    public var makeUniqueID: @Sendable () -> String

    /// Creates a composer; by default it uses the system clock and random UUIDs.
    public init(
        domain: String, timeZone: TimeZone, bodyEncoding: MailBodyEncoding = .automatic,
        clock: @escaping @Sendable () -> Date = { Date() },
        makeUniqueID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.domain = domain
        self.timeZone = timeZone
        self.bodyEncoding = bodyEncoding
        self.clock = clock
        self.makeUniqueID = makeUniqueID
    }

    /// Renders `mail` dated now, with a fresh Message-ID.
    public func compose(_ mail: OutgoingMail) throws(MailComposeError) -> ComposedMail {
        try render(mail, date: clock(), uniqueID: makeUniqueID())
    }

    /// Renders `mail` with the given `Date` and Message-ID `<uniqueID@domain>`.
    public func render(_ mail: OutgoingMail, date: Date, uniqueID: String) throws(MailComposeError) -> ComposedMail {
        guard MailSyntax.isDotAtom(domain) else { throw .invalidDomain(domain) }
        guard MailSyntax.isDotAtom(uniqueID) else { throw .invalidUniqueID(uniqueID) }
        guard !mail.to.isEmpty else { throw .noRecipients }
        let messageID = uniqueID + "@" + domain
        let inReplyTo = try mail.inReplyTo.map { id throws(MailComposeError) in try MailSyntax.messageID(id) }
        var references: [String] = []
        for id in mail.references {
            references.append(try MailSyntax.messageID(id))
        }
        if references.isEmpty, let inReplyTo {
            references = [inReplyTo]
        }

        var fields: [String] = []
        fields.append("Date: " + MailDate.format(date, timeZone: timeZone))
        fields.append(try addressField("From", [mail.from]))
        fields.append(try addressField("To", mail.to))
        if !mail.cc.isEmpty {
            fields.append(try addressField("Cc", mail.cc))
        }
        fields.append(subjectField(mail.subject))
        fields.append("Message-ID: <\(messageID)>")
        if let inReplyTo {
            fields.append("In-Reply-To: <\(inReplyTo)>")
        }
        if !references.isEmpty {
            var field = MailHeaderFolder(name: "References")
            references.forEach { field.append("<\($0)>") }
            fields.append(field.rendered)
        }
        if mail.isAutoReply {
            fields.append("Auto-Submitted: auto-replied")
        }
        fields.append("MIME-Version: 1.0")

        var message = fields.joined(separator: "\r\n") + "\r\n"
        if mail.attachments.isEmpty {
            message += textPart(mail.body)
        } else {
            let boundary = "=_cabinet_" + uniqueID.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(40)
            message += "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
            message += "--\(boundary)\r\n" + textPart(mail.body)
            for attachment in mail.attachments {
                message += "--\(boundary)\r\n" + (try attachmentPart(attachment))
            }
            message += "--\(boundary)--\r\n"
        }
        return ComposedMail(messageID: messageID, date: date, data: Data(message.utf8))
    }

    // MARK: - Header fields

    private func addressField(_ name: String, _ addresses: [MailAddress]) throws(MailComposeError) -> String {
        var field = MailHeaderFolder(name: name)
        for (index, mailbox) in addresses.enumerated() {
            guard MailSyntax.isAddress(mailbox.address) else { throw .invalidAddress(mailbox.address) }
            let separator = index + 1 < addresses.count ? "," : ""
            let name = MailSyntax.singleLine(mailbox.name ?? "")
            if name.isEmpty {
                field.append(mailbox.address + separator)
                continue
            }
            if let words = MailSyntax.atomPhrase(name) {
                words.forEach { field.append($0) }
            } else if let quoted = MailSyntax.quotedPhrase(name) {
                field.append(quoted)
            } else {
                field.appendEncoded(name)
            }
            field.append("<\(mailbox.address)>" + separator)
        }
        return field.rendered
    }

    private func subjectField(_ subject: String) -> String {
        let text = MailSyntax.singleLine(subject)
        var field = MailHeaderFolder(name: "Subject")
        if text.isEmpty {
            return field.rendered
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let isPlain =
            text.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !text.contains("=?")
            && words.allSatisfy { !$0.isEmpty && $0.utf8.count <= 60 }
        if isPlain {
            words.forEach { field.append(String($0)) }
        } else {
            field.appendEncoded(text)
        }
        return field.rendered
    }

    // MARK: - Parts

    /// The text/plain part: its header fields, a blank line and the encoded body.
    private func textPart(_ body: String) -> String {
        let text = MailText.normalizingLineEndings(body)
        let asciiCount = text.utf8.lazy.filter { $0 < 0x80 }.count
        let useQuotedPrintable: Bool
        switch bodyEncoding {
        case .automatic: useQuotedPrintable = asciiCount * 4 >= text.utf8.count * 3
        case .base64: useQuotedPrintable = false
        case .quotedPrintable: useQuotedPrintable = true
        }
        var part = "Content-Type: text/plain; charset=utf-8\r\n"
        if useQuotedPrintable {
            part += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            part += MailTransferEncoding.encodeQuotedPrintable(text) + "\r\n"
        } else {
            part += "Content-Transfer-Encoding: base64\r\n\r\n"
            part += MailTransferEncoding.encodeBase64Lines(
                Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        }
        return part
    }

    private func attachmentPart(_ attachment: MailAttachment) throws(MailComposeError) -> String {
        let type = attachment.contentType.lowercased()
        guard MailSyntax.isMediaType(type) else { throw .invalidContentType(attachment.contentType) }
        var contentType = MailHeaderFolder(name: "Content-Type")
        var disposition = MailHeaderFolder(name: "Content-Disposition")
        var typeTokens = [type]
        if let charset = attachment.charset {
            guard MailSyntax.isToken(charset) else { throw .invalidContentType(charset) }
            typeTokens.append("charset=" + charset.lowercased())
        }
        var dispositionTokens = ["attachment"]
        if let filename = attachment.filename.map(MailSyntax.singleLine), !filename.isEmpty {
            typeTokens += MailSyntax.parameter("name", filename)
            dispositionTokens += MailSyntax.parameter("filename", filename)
        }
        for (index, token) in typeTokens.enumerated() {
            contentType.append(token + (index + 1 < typeTokens.count ? ";" : ""))
        }
        for (index, token) in dispositionTokens.enumerated() {
            disposition.append(token + (index + 1 < dispositionTokens.count ? ";" : ""))
        }
        return contentType.rendered + "\r\n" + disposition.rendered + "\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + MailTransferEncoding.encodeBase64Lines(attachment.data)
    }
}
