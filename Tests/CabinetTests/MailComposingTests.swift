import Foundation
import Testing

@testable import Cabinet

private let moscow = TimeZone(identifier: "Europe/Moscow")!
private let sentAt = mailUTCDate(2026, 4, 30, 7, 15, 0)
private let support = MailAddress(name: "Служба поддержки Educont", address: "help@educont.ru")
private let director = MailAddress(name: "Иванова Мария Петровна", address: "director@school1.ru")

private func makeComposer(_ encoding: MailBodyEncoding = .automatic) -> MailComposer {
    MailComposer(
        domain: "educont.ru", timeZone: moscow, bodyEncoding: encoding, clock: { sentAt }, makeUniqueID: { "fixed-1" })
}

/// Sample mails covering the shapes the system sends; shared by the round-trip tests.
enum SampleMail: String, CaseIterable, CustomTestStringConvertible {
    case russianAnswer, longThreadedReply, csvReport, asciiWithSpecials

    var testDescription: String { rawValue }

    var encoding: MailBodyEncoding {
        switch self {
        case .russianAnswer: .base64
        case .longThreadedReply: .quotedPrintable
        case .csvReport, .asciiWithSpecials: .automatic
        }
    }

    var mail: OutgoingMail {
        switch self {
        case .russianAnswer:
            return OutgoingMail(
                from: support, to: [director], subject: "Приказ",
                body: "Здравствуйте!\n\nПриказ получен, смена директора займёт 1-2 рабочих дня.\nИНН 7707083893.\n")
        case .longThreadedReply:
            return OutgoingMail(
                from: support,
                to: [director, MailAddress(address: "zam@school1.ru")],
                cc: [MailAddress(name: "Региональный координатор Республики Татарстан", address: "rt@educont.ru")],
                subject: "Re: Запрос логина и пароля для организации МБОУ СОШ №1 (ИНН 7707083893) — ответ "
                    + "службы поддержки 👩‍👩‍👧‍👦 🇷🇺 с подробной инструкцией по подтверждению учителей и учеников",
                body: "From the instruction: a line that starts with From.\n"
                    + "Строка с пробелами в конце   \n"
                    + "Формула: 2+2=4, 100% готово; " + String(repeating: "очень длинная строка ", count: 12) + "\n"
                    + "\tтабуляция и точка\n.\nКонец",
                inReplyTo: "<cred-request-1@edu.example.ru>",
                references: ["<cred-0@edu.example.ru>", "cred-request-1@edu.example.ru"],
                isAutoReply: true)
        case .csvReport:
            return OutgoingMail(
                from: support, to: [director], subject: "Отчёт №3",
                body: "Отчёт о подтверждённых пользователях во вложении.",
                attachments: [
                    MailAttachment(
                        filename: "Отчёт №3 о подтверждённых пользователях за апрель 2026.csv", contentType: "text/csv",
                        charset: "utf-8", data: Data("ФИО;Роль;Решение\r\nИванов И. И.;учитель;подтверждён\r\n".utf8))
                ])
        case .asciiWithSpecials:
            return OutgoingMail(
                from: MailAddress(name: "Educont Support", address: "help@educont.ru"),
                to: [
                    MailAddress(name: "Ivanov, Ivan \"the director\" \\ A.", address: "ivanov@school1.ru"),
                    MailAddress(name: "", address: "plain@school1.ru"),
                ],
                subject: "Your credentials request"
                    + String(repeating: " was received and is being processed", count: 3),
                body: "Hello,\nyour request is in progress.\n",
                attachments: [
                    MailAttachment(filename: "report.csv", contentType: "text/csv", data: Data("a;b\n1;2\n".utf8))
                ])
        }
    }
}

@Suite("Mail composing")
struct MailComposingTests {
    @Test func asciiMailRendersExactly() throws {
        let mail = OutgoingMail(
            from: MailAddress(name: "Educont Support", address: "help@educont.ru"),
            to: [MailAddress(address: "director@school1.ru")], subject: "Your credentials",
            body: "Hello,\nthe login was sent to the official address.\n")
        let composed = try makeComposer().compose(mail)
        #expect(composed.messageID == "fixed-1@educont.ru")
        #expect(composed.date == sentAt)
        #expect(
            String(decoding: composed.data, as: UTF8.self)
                == "Date: Thu, 30 Apr 2026 10:15:00 +0300\r\n"
                + "From: Educont Support <help@educont.ru>\r\n"
                + "To: director@school1.ru\r\n"
                + "Subject: Your credentials\r\n"
                + "Message-ID: <fixed-1@educont.ru>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n"
                + "\r\n"
                + "Hello,\r\n"
                + "the login was sent to the official address.\r\n"
                + "\r\n")
    }

    @Test func russianMailHeadersAreEncoded() throws {
        let composed = try makeComposer(.base64).compose(SampleMail.russianAnswer.mail)
        let text = String(decoding: composed.data, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.contains("Subject: =?utf-8?B?0J/RgNC40LrQsNC3?="))
        #expect(lines.contains("From: =?utf-8?B?0KHQu9GD0LbQsdCwINC/0L7QtNC00LXRgNC20LrQuCBFZHVjb250?="))
        #expect(lines.contains(" <help@educont.ru>"))
        #expect(lines.contains("Content-Transfer-Encoding: base64"))
        #expect(lines.contains("In-Reply-To") == false)
        try expectWellFormed(composed.data)
    }

    @Test(arguments: [
        (mailUTCDate(2026, 1, 1, 0, 0, 0), "Europe/Moscow", "Thu, 1 Jan 2026 03:00:00 +0300"),
        (mailUTCDate(2024, 2, 29, 23, 59, 59), "UTC", "Thu, 29 Feb 2024 23:59:59 +0000"),
        (mailUTCDate(2026, 7, 1, 12, 0, 0), "America/New_York", "Wed, 1 Jul 2026 08:00:00 -0400"),
        (mailUTCDate(2026, 3, 8, 20, 0, 0), "Asia/Kolkata", "Mon, 9 Mar 2026 01:30:00 +0530"),
        (mailUTCDate(1969, 12, 31, 23, 0, 0), "UTC", "Wed, 31 Dec 1969 23:00:00 +0000"),
    ])
    func dateHeaderFormat(date: Date, zone: String, expected: String) throws {
        #expect(MailDate.format(date, timeZone: TimeZone(identifier: zone)!) == expected)
        #expect(MailDate.parse(expected) == date)
    }

    @Test(arguments: SampleMail.allCases)
    func outputIsWellFormed(sample: SampleMail) throws {
        try expectWellFormed(try makeComposer(sample.encoding).compose(sample.mail).data)
    }

    @Test(arguments: SampleMail.allCases)
    func ownParserReadsTheOutputBack(sample: SampleMail) throws {
        let mail = sample.mail
        let composed = try makeComposer(sample.encoding).compose(mail)
        let parsed = try MailMessage.parse(composed.data)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.subject == mail.subject)
        #expect(parsed.from == mail.from)
        #expect(
            parsed.to
                == mail.to.map { MailAddress(name: $0.name?.isEmpty == true ? nil : $0.name, address: $0.address) })
        #expect(parsed.cc == mail.cc)
        #expect(parsed.textBody == MailText.trimmingTrailingWhitespace(mail.body))
        #expect(parsed.attachments == mail.attachments)
        #expect(parsed.date == sentAt)
        #expect(parsed.messageID == composed.messageID)
        #expect(parsed.inReplyTo == mail.inReplyTo.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) })
        #expect(parsed.isAutoSubmitted == mail.isAutoReply)
    }

    @Test(arguments: SampleMail.allCases)
    func pythonEmailPackageReadsTheOutput(sample: SampleMail) throws {
        let mail = sample.mail
        let composed = try makeComposer(sample.encoding).compose(mail)
        let python = try PythonMailReader.read(composed.data)
        #expect(python.defects == [])
        #expect(python.subject == mail.subject)
        #expect(python.from == [PythonMailReader.Address(mail.from)])
        #expect(python.to == mail.to.map(PythonMailReader.Address.init))
        #expect(python.cc == mail.cc.map(PythonMailReader.Address.init))
        #expect(python.messageID == "<fixed-1@educont.ru>")
        #expect(python.date == "2026-04-30T10:15:00+03:00")
        #expect(python.body.map(normalizedBody) == normalizedBody(mail.body))
        #expect(python.attachments.count == mail.attachments.count)
        for (seen, sent) in zip(python.attachments, mail.attachments) {
            #expect(seen.filename == sent.filename)
            #expect(seen.contentType == sent.contentType)
            #expect(Data(base64Encoded: seen.data) == sent.data)
        }
    }

    @Test func threadingHeaders() throws {
        let composed = try makeComposer().compose(SampleMail.longThreadedReply.mail)
        let parsed = try MailMessage.parse(composed.data)
        #expect(parsed.inReplyTo == "cred-request-1@edu.example.ru")
        #expect(parsed.references == ["cred-0@edu.example.ru", "cred-request-1@edu.example.ru"])
        #expect(parsed.headers["Auto-Submitted"] == "auto-replied")

        var reply = SampleMail.russianAnswer.mail
        reply.inReplyTo = "q1@school1.ru"
        let defaulted = try MailMessage.parse(try makeComposer().compose(reply).data)
        #expect(defaulted.headers["In-Reply-To"] == "<q1@school1.ru>")
        #expect(defaulted.references == ["q1@school1.ru"])
    }

    @Test func replyToAParsedMessage() throws {
        let question = try MailFixtures.message("cp1251-quoted-printable.eml")
        let reply = OutgoingMail.reply(to: question, from: support, body: "Ответ", isAutoReply: true)
        #expect(reply.to == [MailAddress(name: "Петров Сергей", address: "petrov@school2.ru")])
        #expect(reply.subject == "Re: Вопрос о подтверждении учителей")
        #expect(reply.inReplyTo == "r2-cp1251@school2.ru")
        #expect(reply.references == ["a0@educont.ru", "a1@educont.ru", "r2-cp1251@school2.ru"])
        #expect(reply.isAutoReply)

        let fresh = try MailFixtures.message("help-question-utf8.eml")
        #expect(OutgoingMail.reply(to: fresh, from: support, body: "").subject == "Re: Не пришел логин и пароль")
    }

    @Test func quotedPrintableBodyDetails() throws {
        let composed = try makeComposer(.quotedPrintable).compose(SampleMail.longThreadedReply.mail)
        let text = String(decoding: composed.data, as: UTF8.self)
        #expect(text.contains("\r\n=46rom the instruction"))
        #expect(text.contains("=D0=B5   \r\n") == false)
        #expect(text.contains("=D1=86=D0=B5  =20\r\n"))
        #expect(text.contains("2+2=3D4"))
        let encoded = MailTransferEncoding.encodeQuotedPrintable(String(repeating: "я", count: 100))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(
            String(decoding: MailTransferEncoding.decodeQuotedPrintable(Array(encoded.utf8)).bytes, as: UTF8.self)
                == String(repeating: "я", count: 100))
    }

    @Test func automaticEncodingChoosesByContent() throws {
        var mail = SampleMail.russianAnswer.mail
        let russian = String(decoding: try makeComposer().compose(mail).data, as: UTF8.self)
        #expect(russian.contains("Content-Transfer-Encoding: base64"))
        mail.body = "Mostly English text with one word: привет."
        let english = String(decoding: try makeComposer().compose(mail).data, as: UTF8.self)
        #expect(english.contains("Content-Transfer-Encoding: quoted-printable"))
    }

    @Test func headerInjectionIsNeutralized() throws {
        var mail = SampleMail.asciiWithSpecials.mail
        mail.subject = "Hello\r\nBcc: victim@example.ru"
        mail.to = [MailAddress(name: "Name\r\nBcc: victim@example.ru", address: "ok@school1.ru")]
        let composed = try makeComposer().compose(mail)
        let lines = String(decoding: composed.data, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.hasPrefix("Bcc:") })
        let parsed = try MailMessage.parse(composed.data)
        #expect(parsed.subject == "Hello Bcc: victim@example.ru")
        #expect(parsed.to.map(\.address) == ["ok@school1.ru"])

        mail.to = [MailAddress(address: "ok@school1.ru\r\nBcc: victim@example.ru")]
        #expect(throws: MailComposeError.invalidAddress("ok@school1.ru\r\nBcc: victim@example.ru")) {
            try makeComposer().compose(mail)
        }
    }

    @Test func invalidInputIsRejected() throws {
        let valid = SampleMail.russianAnswer.mail
        var mail = valid
        mail.to = []
        #expect(throws: MailComposeError.noRecipients) { try makeComposer().compose(mail) }
        for address in [
            "no-at-sign", "two@@at.ru", "иван@school.ru", "a@школа.рф", "a b@c.ru", "a@-c.ru", "a@c..ru", "",
        ] {
            mail = valid
            mail.to = [MailAddress(address: address)]
            #expect(throws: MailComposeError.invalidAddress(address)) { try makeComposer().compose(mail) }
        }
        mail = valid
        mail.inReplyTo = "<has space@x.ru>"
        #expect(throws: MailComposeError.invalidMessageID("<has space@x.ru>")) { try makeComposer().compose(mail) }
        mail = valid
        mail.references = ["<>"]
        #expect(throws: MailComposeError.invalidMessageID("<>")) { try makeComposer().compose(mail) }
        mail = valid
        mail.attachments = [MailAttachment(filename: "x", contentType: "text csv", data: Data())]
        #expect(throws: MailComposeError.invalidContentType("text csv")) { try makeComposer().compose(mail) }
        #expect(throws: MailComposeError.invalidDomain("bad domain")) {
            try MailComposer(domain: "bad domain", timeZone: moscow).compose(valid)
        }
        #expect(throws: MailComposeError.invalidUniqueID("a<b")) {
            try makeComposer().render(valid, date: sentAt, uniqueID: "a<b")
        }
    }

    @Test func generatorsAreUsedForEveryMail() throws {
        let counter = MailTestCounter()
        let composer = MailComposer(
            domain: "educont.ru", timeZone: moscow, clock: { sentAt }, makeUniqueID: { "m\(counter.next())" })
        let first = try composer.compose(SampleMail.russianAnswer.mail)
        let second = try composer.compose(SampleMail.russianAnswer.mail)
        #expect(first.messageID == "m1@educont.ru")
        #expect(second.messageID == "m2@educont.ru")
        let live = try MailComposer(domain: "educont.ru", timeZone: moscow).compose(SampleMail.russianAnswer.mail)
        #expect(live.messageID.hasSuffix("@educont.ru"))
        #expect(live.messageID.count == 36 + "@educont.ru".count)
    }

    @Test func encodedSubjectWordsFitTheLimits() throws {
        for length in [1, 10, 30, 31, 60, 200] {
            var mail = SampleMail.russianAnswer.mail
            mail.subject = String(repeating: "Ж", count: length) + " 🇷🇺"
            let data = try makeComposer().compose(mail).data
            try expectWellFormed(data)
            #expect(try MailMessage.parse(data).subject == mail.subject)
        }
    }
}

// MARK: - Helpers

/// Checks the RFC 5322 shape of a rendered message: ASCII, CRLF only, lines and encoded words in limits.
private func expectWellFormed(_ data: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let bytes = [UInt8](data)
    #expect(bytes.allSatisfy { $0 < 0x80 }, "non-ASCII byte", sourceLocation: sourceLocation)
    for (index, byte) in bytes.enumerated() {
        if byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)", sourceLocation: sourceLocation)
        } else if byte == 0x0D {
            #expect(
                index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)",
                sourceLocation: sourceLocation)
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    let sections = text.components(separatedBy: "\r\n\r\n")
    let headerLines = sections[0].components(separatedBy: "\r\n")
    for line in headerLines {
        #expect(line.count <= 78, "header line too long: \(line)", sourceLocation: sourceLocation)
        #expect(!line.hasSuffix(" "), "trailing blank: \(line)", sourceLocation: sourceLocation)
    }
    for line in text.components(separatedBy: "\r\n") {
        #expect(line.count <= 78, "line too long: \(line)", sourceLocation: sourceLocation)
    }
    for line in sections.dropFirst().joined(separator: "\r\n\r\n").components(separatedBy: "\r\n")
    where !line.contains(":") {
        #expect(line.count <= 76, "body line too long: \(line)", sourceLocation: sourceLocation)
    }
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\r\n" }) where word.hasPrefix("=?") {
        #expect(word.count <= 75, "encoded word too long: \(word)", sourceLocation: sourceLocation)
    }
}

private func normalizedBody(_ text: String) -> String {
    MailText.trimmingTrailingWhitespace(MailText.normalizingLineEndings(text))
}

/// Reads a message with Python's standard `email` package, as an independent check of the composer.
enum PythonMailReader {
    struct Address: Codable, Equatable, CustomStringConvertible {
        var name: String?
        var address: String

        init(_ mailbox: MailAddress) {
            name = mailbox.name?.isEmpty == true ? nil : mailbox.name
            address = mailbox.address
        }

        var description: String { "\(name ?? "-") <\(address)>" }
    }

    struct Attachment: Codable, Equatable {
        var filename: String?
        var contentType: String
        var data: String
    }

    struct View: Codable, Equatable {
        var subject: String
        var from: [Address]
        var to: [Address]
        var cc: [Address]
        var messageID: String?
        var date: String?
        var body: String?
        var attachments: [Attachment]
        var defects: [String]
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    private static let script = """
        import base64, email, json, sys
        from email import policy
        from email.header import decode_header, make_header
        from email.utils import getaddresses
        with open(sys.argv[1], 'rb') as f:
            raw = f.read()
        msg = email.message_from_bytes(raw, policy=policy.default)
        legacy = email.message_from_bytes(raw, policy=policy.compat32)
        # Display names go through the legacy API: the modern parser keeps the blank between two
        # encoded words of a phrase (against RFC 2047 section 6.2) and splits words that way.
        def addresses(name):
            return [{'name': str(make_header(decode_header(n))) or None, 'address': a}
                    for n, a in getaddresses(legacy.get_all(name, []))]
        defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
        for name in ('subject', 'from', 'to', 'cc', 'message-id', 'date', 'references', 'in-reply-to'):
            header = msg[name]
            if header is not None:
                defects += [name + ':' + type(d).__name__ for d in header.defects]
        body = msg.get_body(preferencelist=('plain',))
        print(json.dumps({
            'subject': str(msg['subject']),
            'from': addresses('from'), 'to': addresses('to'), 'cc': addresses('cc'),
            'messageID': msg['message-id'],
            'date': msg['date'].datetime.isoformat() if msg['date'] else None,
            'body': body.get_content() if body is not None else None,
            'attachments': [{'filename': p.get_filename(), 'contentType': p.get_content_type(),
                             'data': base64.b64encode(p.get_payload(decode=True)).decode()}
                            for p in msg.iter_attachments()],
            'defects': defects,
        }))
        """

    /// Writes `data` to a temporary .eml file and parses it with `python3`; throws a clear error when
    /// python3 is missing rather than letting the check pass silently.
    static func read(_ data: Data) throws -> View {
        let directory = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("composed.eml")
        try data.write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Unavailable(description: "cannot start /usr/bin/env python3 for the independent mail check: \(error)")
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus != 127 else {
            throw Unavailable(
                description:
                    "python3 is not installed or not on PATH; the composer's independent check needs it. \(stderr)")
        }
        guard process.terminationStatus == 0 else {
            throw Unavailable(description: "python3 failed with status \(process.terminationStatus): \(stderr)")
        }
        return try JSONDecoder().decode(View.self, from: stdout)
    }
}
