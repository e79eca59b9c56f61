import Cabinet
import Foundation

/// libFuzzer entry point for the MIME parser (`MailMessage.parse`), with a composer round trip: a subject
/// and a body taken from the input, composed by `MailComposer`, must read back the same.
///
/// Built by `scripts/fuzz.sh`; the seed corpus is `Fuzz/corpus/mail/`.
@_cdecl("LLVMFuzzerTestOneInput")
public func mailFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    MailFuzzChecks.run(bytes)
    return 0
}

enum MailFuzzChecks {
    static let composer = MailComposer(
        domain: "educont.ru", timeZone: TimeZone(identifier: "Europe/Moscow")!,
        clock: { Date(timeIntervalSince1970: 1_777_533_300) }, makeUniqueID: { "fuzz-1" })

    static func run(_ bytes: Data) {
        if let message = try? MailMessage.parse(bytes, maximumSize: 1 << 20) {
            _ = message.isAutoSubmitted
            _ = message.defects.map { "\($0)" }
            _ = message.attachments.map { ($0.filename, $0.data.count) }
            _ = OutgoingMail.reply(to: message, from: MailAddress(address: "help@educont.ru"), body: "ok")
        }
        roundTrip(bytes)
    }

    /// The first line is the subject, the rest the body; plain text without control characters round-trips.
    static func roundTrip(_ bytes: Data) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let subject = String(parts.first ?? "")
        let body = parts.count > 1 ? String(parts[1]) : ""
        guard isPlain(subject, allowsNewlines: false), isPlain(body, allowsNewlines: true) else { return }
        guard subject == subject.trimmingCharacters(in: .whitespaces), !subject.contains("  ") else { return }
        let mail = OutgoingMail(
            from: MailAddress(name: "Поддержка", address: "help@educont.ru"),
            to: [MailAddress(address: "school@example.ru")], subject: subject, body: body)
        guard let composed = try? composer.compose(mail) else { fatalError("mail fuzz: a plain mail did not compose") }
        guard let parsed = try? MailMessage.parse(composed.data) else {
            fatalError("mail fuzz: a composed mail did not parse")
        }
        if parsed.subject != subject {
            fatalError(
                "mail fuzz: the subject changed: \(subject.debugDescription) -> \(parsed.subject.debugDescription)")
        }
        if parsed.textBody != trimmingTrailingWhitespace(body) {
            fatalError("mail fuzz: the body changed: \(body.debugDescription) -> \(parsed.textBody.debugDescription)")
        }
    }

    /// `text` without the whitespace at its end (what the parser gives for a body).
    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace {
            scalars.removeLast()
        }
        return String(scalars)
    }

    /// Letters, marks, numbers, punctuation, symbols and plain spaces (and line breaks when allowed).
    static func isPlain(_ text: String, allowsNewlines: Bool) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if scalar == " " || (allowsNewlines && scalar == "\n") { return true }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
                .spaceSeparator:
                return false
            default:
                return true
            }
        }
    }
}
