import Foundation

/// A file attached to a mail message, or to be attached to one.
public struct MailAttachment: Equatable, Sendable {
    /// The file name, decoded from RFC 2231 or RFC 2047; `nil` when the part names no file.
    ///
    /// It comes from the sender: sanitize it before using it as a path.
    public var filename: String?
    /// The lowercased media type, for example `"application/pdf"`.
    public var contentType: String
    /// The declared charset of a text attachment, for example `"utf-8"` for a CSV report.
    public var charset: String?
    /// The decoded content.
    public var data: Data

    /// Creates an attachment.
    public init(filename: String?, contentType: String, charset: String? = nil, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.charset = charset
        self.data = data
    }
}
