import Foundation

/// Walks a MIME tree and picks out the readable text, the HTML and the attachments.
///
/// - `multipart/alternative`: the first alternative that holds text/plain, else the first with HTML.
/// - `multipart/related`: the root part is the body; the other parts (inline images) are attachments.
/// - any other multipart: every part in order.
/// - a leaf is body text when it is text/plain or text/html, not marked `attachment` and has no file
///   name; every other leaf is an attachment.
struct MailBodyCollector {
    private(set) var attachments: [MailAttachment] = []
    private(set) var html: String?
    private(set) var defects: [MailDefect] = []
    private var segments: [String] = []

    /// The text segments joined by a blank line, trailing whitespace removed.
    var text: String {
        MailText.trimmingTrailingWhitespace(segments.joined(separator: "\n\n"))
    }

    mutating func visit(_ entity: MIMEEntity) {
        if entity.isMultipart {
            switch entity.mediaType {
            case "multipart/alternative":
                visitAlternative(entity.children)
            case "multipart/related":
                guard let root = relatedRoot(entity) else { return }
                visit(entity.children[root])
                for (index, child) in entity.children.enumerated() where index != root {
                    collectAttachments(child)
                }
            default:
                entity.children.forEach { visit($0) }
            }
            return
        }
        if isBodyText(entity) {
            let text = decodeText(entity)
            if entity.mediaType == "text/html" {
                html = html ?? text
                segments.append(MailHTMLText.plainText(fromHTML: text))
            } else {
                segments.append(MailText.trimmingTrailingWhitespace(text))
            }
        } else {
            attachments.append(makeAttachment(entity))
        }
    }

    // MARK: - Choosing parts

    private mutating func visitAlternative(_ children: [MIMEEntity]) {
        if let plain = children.first(where: { contains($0, mediaType: "text/plain") }) {
            if html == nil, let htmlPart = children.first(where: { contains($0, mediaType: "text/html") }) {
                html = firstText(in: htmlPart, mediaType: "text/html")
            }
            visit(plain)
        } else if let htmlPart = children.first(where: { contains($0, mediaType: "text/html") }) {
            visit(htmlPart)
        } else if let first = children.first {
            visit(first)
        }
    }

    /// The index of the root of a multipart/related: the part named by `start`, else the first.
    private func relatedRoot(_ entity: MIMEEntity) -> Int? {
        guard !entity.children.isEmpty else { return nil }
        if let start = entity.contentType.parameters["start"].flatMap({ MailMessage.messageIDs(in: $0).first }),
            let index = entity.children.firstIndex(where: {
                $0.headers["Content-ID"].flatMap { MailMessage.messageIDs(in: $0).first } == start
            })
        {
            return index
        }
        return 0
    }

    private func contains(_ entity: MIMEEntity, mediaType: String) -> Bool {
        if entity.isMultipart {
            return entity.children.contains { contains($0, mediaType: mediaType) }
        }
        return entity.mediaType == mediaType && isBodyText(entity)
    }

    private mutating func firstText(in entity: MIMEEntity, mediaType: String) -> String? {
        if entity.isMultipart {
            for child in entity.children {
                if let text = firstText(in: child, mediaType: mediaType) { return text }
            }
            return nil
        }
        return entity.mediaType == mediaType && isBodyText(entity) ? decodeText(entity) : nil
    }

    private mutating func collectAttachments(_ entity: MIMEEntity) {
        if entity.isMultipart {
            entity.children.forEach { collectAttachments($0) }
        } else {
            attachments.append(makeAttachment(entity))
        }
    }

    private func isBodyText(_ entity: MIMEEntity) -> Bool {
        guard entity.mediaType == "text/plain" || entity.mediaType == "text/html" else { return false }
        let disposition = entity.headers["Content-Disposition"].map(MIMEHeaderValue.init)
        return disposition?.value != "attachment" && filename(of: entity, disposition: disposition) == nil
    }

    // MARK: - Decoding

    private mutating func makeAttachment(_ entity: MIMEEntity) -> MailAttachment {
        let disposition = entity.headers["Content-Disposition"].map(MIMEHeaderValue.init)
        let charset = entity.contentType.parameters["charset"].map { $0.lowercased() }
        return MailAttachment(
            filename: filename(of: entity, disposition: disposition),
            contentType: entity.mediaType,
            charset: charset.flatMap { $0.isEmpty ? nil : $0 },
            data: Data(decodeTransfer(entity)))
    }

    private func filename(of entity: MIMEEntity, disposition: MIMEHeaderValue?) -> String? {
        let name = disposition?.decodedParameter("filename") ?? entity.contentType.decodedParameter("name")
        guard let name, !name.isEmpty else { return nil }
        return name
    }

    private mutating func decodeTransfer(_ entity: MIMEEntity) -> [UInt8] {
        let encoding = MIMEHeaderValue(entity.headers["Content-Transfer-Encoding"] ?? "7bit").value
        switch encoding {
        case "base64":
            let result = MailTransferEncoding.decodeBase64(entity.body)
            if !result.isClean { defects.append(.invalidBase64) }
            return result.bytes
        case "quoted-printable":
            let result = MailTransferEncoding.decodeQuotedPrintable(entity.body)
            if !result.isClean { defects.append(.invalidQuotedPrintable) }
            return result.bytes
        case "7bit", "8bit", "binary", "":
            return Array(entity.body)
        default:
            defects.append(.unknownTransferEncoding(encoding))
            return Array(entity.body)
        }
    }

    private mutating func decodeText(_ entity: MIMEEntity) -> String {
        let bytes = decodeTransfer(entity)
        let text: String
        guard let label = entity.contentType.parameters["charset"], !label.isEmpty else {
            // No declared charset: US-ASCII by RFC 2045, but 8-bit text without one is common enough
            // that reading it as UTF-8 (or windows-1251) is not treated as damage.
            return MailText.normalizingLineEndings(MailCharset.decodeUnlabelled(bytes))
        }
        if let charset = MailCharset(label: label) {
            let decoded = charset.decode(bytes)
            if !decoded.isLossless { defects.append(.invalidText(charset: label)) }
            text = decoded.text
        } else {
            defects.append(.unknownCharset(label))
            text = MailCharset.decodeUnlabelled(bytes)
        }
        return MailText.normalizingLineEndings(text)
    }
}
