import BotCore
import Foundation
import Testing

@testable import Cabinet

@Suite("Mail parsing: fixtures")
struct MailFixtureParsingTests {
    @Test func utf8QuestionToHelpWithBase64Body() throws {
        let message = try MailFixtures.message("help-question-utf8.eml")
        #expect(message.subject == "Не пришел логин и пароль")
        #expect(message.from == MailAddress(name: "Иванова Мария Петровна", address: "director@school1.ru"))
        #expect(message.to == [MailAddress(name: "Служба поддержки", address: "help@educont.ru")])
        #expect(message.cc.isEmpty)
        #expect(message.date == mailUTCDate(2026, 4, 30, 7, 15, 0))
        #expect(message.messageID == "q1.20260430@school1.ru")
        #expect(message.inReplyTo == nil)
        #expect(
            message.textBody
                == """
                Здравствуйте!

                Мы отправили заявку 27 апреля, но логин и пароль так и не пришли.
                ИНН школы 7707083893.

                С уважением,
                директор МБОУ СОШ №1 Иванова М. П.
                """)
        #expect(message.htmlBody == nil)
        #expect(message.attachments.isEmpty)
        #expect(message.defects.isEmpty)
    }

    @Test func windows1251QuotedPrintableReply() throws {
        let message = try MailFixtures.message("cp1251-quoted-printable.eml")
        #expect(message.subject == "Re: Вопрос о подтверждении учителей")
        #expect(message.from == MailAddress(name: "Петров Сергей", address: "petrov@school2.ru"))
        #expect(message.to == [MailAddress(address: "help@educont.ru")])
        #expect(
            message.cc == [
                MailAddress(name: "Заместитель директора", address: "zam@school2.ru"),
                MailAddress(address: "info@school2.ru"),
            ])
        #expect(message.date == mailUTCDate(2026, 5, 1, 4, 5, 30))
        #expect(message.messageID == "r2-cp1251@school2.ru")
        #expect(message.inReplyTo == "a1@educont.ru")
        #expect(message.references == ["a0@educont.ru", "a1@educont.ru"])
        // The long line comes back whole across the soft line breaks.
        #expect(
            message.textBody
                == "Добрый день!\n"
                + "Подскажите, пожалуйста, как подтвердить учителей? В списке ожидающих 12 человек, но кнопка "
                + "«Подтвердить» неактивна, хотя директор уже подтверждён — письмо пришло вчера.\n"
                + "Итого = 12 учителей.\n"
                + "Спасибо.")
        #expect(message.defects.isEmpty)
    }

    @Test func koi8rEightBitLetter() throws {
        let message = try MailFixtures.message("koi8r-8bit.eml")
        #expect(message.subject == "Смена директора школы")
        #expect(message.from == MailAddress(name: "Ёлкина Ольга", address: "elkina@school3.ru"))
        #expect(message.date == mailUTCDate(2026, 5, 2, 23, 59, 59))
        #expect(
            message.textBody
                == "Здравствуйте.\n"
                + "У нас сменился директор. Приказ пришлём отдельным письмом.\n"
                + "Ёлкина Ольга Юрьевна, ёлка, съезд, ЪЬ.")
        #expect(message.defects.isEmpty)
    }

    @Test func htmlOnlyAlternativeBecomesReadableText() throws {
        let message = try MailFixtures.message("html-only-alternative.eml")
        #expect(message.subject == "Уведомление")
        #expect(
            message.textBody
                == """
                Добрый день!

                Письмо с темой «Приказ» отправлено.
                Школа №1 & "Лицей" <2>

                Строка в div
                Вторая строка с переносом

                - Первый пункт
                - Второй пункт
                """)
        #expect(message.htmlBody?.contains("<script>alert('x')</script>") == true)
        #expect(message.attachments.isEmpty)
        #expect(message.defects.isEmpty)
    }

    @Test func prikazWithRFC2231Filename() throws {
        let message = try MailFixtures.message("prikaz-rfc2231-filename.eml")
        #expect(message.subject == "Приказ")
        #expect(message.from == MailAddress(name: "Сидоров Павел Андреевич", address: "sidorov@school1.ru"))
        #expect(message.to == [MailAddress(address: "ssod@innopolis.ru")])
        #expect(message.textBody == "Добрый день!\nНаправляем приказ о смене директора.\nИНН 7707083893, МБОУ СОШ №1.")
        #expect(
            message.attachments == [
                MailAttachment(
                    filename: "Приказ о смене директора №15.pdf", contentType: "application/pdf",
                    data: MailFixtures.pdfBytes)
            ])
        #expect(message.defects.isEmpty)
    }

    @Test func prikazWithRFC2047Filename() throws {
        let message = try MailFixtures.message("prikaz-rfc2047-filename.eml")
        #expect(message.subject == "Приказ")
        #expect(message.from == MailAddress(name: "Кузнецова Анна", address: "kuznetsova@school4.ru"))
        #expect(message.textBody == "Приказ во вложении.")
        #expect(message.textBody.contains("7707083893") == false)
        let docx = Data(Array("PK".utf8) + [0x03, 0x04] + Array("fake-docx".utf8) + [0x00, 0x01, 0x02])
        #expect(
            message.attachments == [
                MailAttachment(
                    filename: "Приказ №15 от 28.04.2026.docx",
                    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    data: docx)
            ])
        #expect(message.defects.isEmpty)
    }

    @Test func credentialRequestPrefersPlainTextOverHTML() throws {
        let message = try MailFixtures.message("credentials-request.eml")
        #expect(message.to == [MailAddress(address: "regions@educont.ru")])
        #expect(message.from == MailAddress(name: "МБОУ СОШ №1", address: "school1@edu.example.ru"))
        #expect(message.subject == "Запрос логина и пароля для организации МБОУ СОШ №1 (ИНН 7707083893)")
        #expect(
            message.textBody
                == """
                Прошу выдать логин и пароль для доступа к платформе.
                Организация: МБОУ СОШ №1
                ИНН: 7707083893
                Регион: Республика Татарстан
                Директор: Иванова Мария Петровна
                """)
        #expect(message.htmlBody == "<p>HTML-версия: прошу выдать логин.</p><p>ИНН: 7707083893</p>")
        #expect(
            message.attachments == [
                MailAttachment(
                    filename: "Заявка на бланке.pdf", contentType: "application/pdf", data: MailFixtures.pdfBytes)
            ])
        #expect(message.defects.isEmpty)
    }

    @Test func truncatedMessageKeepsWhatArrived() throws {
        let message = try MailFixtures.message("malformed-truncated.eml")
        #expect(message.isDamaged)
        #expect(message.defects == [.missingClosingBoundary("truncated-boundary"), .invalidBase64])
        #expect(message.subject == "Truncated")
        #expect(message.textBody == "Текст до обрыва.")
        #expect(message.attachments.count == 1)
        #expect(message.attachments.first?.filename == "data.bin")
        #expect(message.attachments.first?.contentType == "application/octet-stream")
        // Three full base64 lines (171 bytes) and 10 more characters (7 bytes) survived.
        #expect(message.attachments.first?.data == MailFixtures.binaryBytes.prefix(178))
    }

    @Test func wrongBoundaryIsRecoveredFromTheParts() throws {
        let message = try MailFixtures.message("malformed-wrong-boundary.eml")
        #expect(message.defects == [.boundaryMismatch(declared: "BOUNDARY-DECLARED", used: "BOUNDARY-ACTUAL")])
        #expect(message.subject == "Отчёт")
        #expect(message.textBody == "Текст письма с неверной границей.")
        #expect(
            message.attachments == [
                MailAttachment(
                    filename: "report.csv", contentType: "text/csv", charset: "utf-8",
                    data: Data("ФИО;Роль\nИванов;учитель".utf8))
            ])
    }

    @Test func everyFixtureIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: MailFixtures.directory.path)
            .filter { $0.hasSuffix(".eml") }.sorted()
        #expect(
            names == [
                "cp1251-quoted-printable.eml", "credentials-request.eml", "help-question-utf8.eml",
                "html-only-alternative.eml", "koi8r-8bit.eml", "malformed-truncated.eml",
                "malformed-wrong-boundary.eml", "prikaz-rfc2047-filename.eml", "prikaz-rfc2231-filename.eml",
            ])
    }
}

@Suite("Mail parsing: headers and encodings")
struct MailHeaderParsingTests {
    @Test(arguments: [
        ("=?utf-8?B?0J/RgNC4?= =?utf-8?B?0LrQsNC3?=", "Приказ"),
        ("=?utf-8?B?0J/RgNC4?=\t  =?UTF-8?b?0LrQsNC3?=", "Приказ"),
        ("Re: =?utf-8?B?0J/RgNC40LrQsNC3?= №2", "Re: Приказ №2"),
        ("=?utf-8?B?0J/RgNC40LrQsNC3?= =?utf-8?Q?_=E2=84=961?=", "Приказ №1"),
        ("=?utf-8?q?=D0=9F=D1=80=D0=B8=D0=BA=D0=B0=D0=B7_=E2=84=961?=", "Приказ №1"),
        ("=?utf-8?B?0A==?= =?utf-8?B?lg==?=", "Ж"),
        ("=?windows-1251?Q?=CF=F0=E8=EA=E0=E7?=", "Приказ"),
        ("=?koi8-r?B?8NLJy8Ha?=", "Приказ"),
        ("=?koi8-r?B?8NLJy8Ha?= =?windows-1251?Q?_=B9?=", "Приказ №"),
        ("=?utf-8*ru?B?0J/RgNC40LrQsNC3?=", "Приказ"),
        ("=?x-unknown?B?0J/RgNC40LrQsNC3?=", "Приказ"),
        ("=?iso-8859-1?Q?Caf=E9?=", "Café"),
        ("=?us-ascii?Q?plain_text?=", "plain text"),
        ("=?utf-8?X?abc?= stays", "=?utf-8?X?abc?= stays"),
        ("=?utf-8?B?unterminated", "=?utf-8?B?unterminated"),
        ("a =?utf-8?Q?b?= c", "a b c"),
    ])
    func encodedWordsInSubject(raw: String, expected: String) throws {
        let message = try parseMail("Subject: \(raw)\n\nbody\n")
        #expect(message.subject == expected)
    }

    @Test func foldedHeadersAreUnfoldedAndLookupIgnoresCase() throws {
        let message = try parseMail(
            "SUBJECT: first part\n\tsecond   part\nfrom: A <a@example.ru>\nX-Custom : value\n\nbody\n")
        #expect(message.subject == "first part second part")
        #expect(message.headers["subject"] == "first part\tsecond   part")
        #expect(message.headers["Subject"] == message.headers["SUBJECT"])
        #expect(message.headers["x-custom"] == "value")
        #expect(message.from?.address == "a@example.ru")
        #expect(message.headers.values(named: "FROM") == ["A <a@example.ru>"])
    }

    @Test func addressListForms() {
        let list = MailAddress.parseList(
            "\"Иванов, Иван\" <ivanov@a.ru>, plain@b.ru, c@c.ru (Петров П.), "
                + "undisclosed-recipients:;, team: x@d.ru, y@d.ru;, =?utf-8?B?0JDQvdC90LA=?= <anna@e.ru>, "
                + "\"=?utf-8?B?0JDQvdC90LA=?=\" <anna2@e.ru>, <@relay.ru:route@f.ru>, Name <  spaced@g.ru >")
        #expect(
            list == [
                MailAddress(name: "Иванов, Иван", address: "ivanov@a.ru"),
                MailAddress(address: "plain@b.ru"),
                MailAddress(name: "Петров П.", address: "c@c.ru"),
                MailAddress(address: "x@d.ru"),
                MailAddress(address: "y@d.ru"),
                MailAddress(name: "Анна", address: "anna@e.ru"),
                MailAddress(name: "Анна", address: "anna2@e.ru"),
                MailAddress(address: "route@f.ru"),
                MailAddress(name: "Name", address: "spaced@g.ru"),
            ])
        #expect(MailAddress.parseList("").isEmpty)
        #expect(MailAddress.parseList(" , ;").isEmpty)
    }

    @Test(arguments: [
        ("Thu, 30 Apr 2026 10:15:00 +0300", mailUTCDate(2026, 4, 30, 7, 15, 0)),
        ("30 Apr 2026 10:15 +0300", mailUTCDate(2026, 4, 30, 7, 15, 0)),
        ("Thu, 30 Apr 26 10:15:00 GMT", mailUTCDate(2026, 4, 30, 10, 15, 0)),
        ("Thu,30 Apr 2026 10:15:00 -0500 (EST)", mailUTCDate(2026, 4, 30, 15, 15, 0)),
        ("Thu, 30 Apr 2026 10:15:00 MSK", mailUTCDate(2026, 4, 30, 7, 15, 0)),
        ("Thu, 30 Apr 2026 10:15:00 EDT", mailUTCDate(2026, 4, 30, 14, 15, 0)),
        ("Thu Apr 30 2026 10:15:00 +0000", mailUTCDate(2026, 4, 30, 10, 15, 0)),
        ("1 Jan 2024 00:00:00 +1400", mailUTCDate(2023, 12, 31, 10, 0, 0)),
    ])
    func datesInTheirCommonShapes(raw: String, expected: Date) throws {
        let message = try parseMail("Date: \(raw)\n\nx")
        #expect(message.date == expected)
        #expect(message.defects.isEmpty)
    }

    @Test func unreadableDateIsADefect() throws {
        let message = try parseMail("Date: вчера вечером\n\nx")
        #expect(message.date == nil)
        #expect(message.defects == [.invalidDate("вчера вечером")])
    }

    @Test func messageIDsWithAndWithoutBrackets() throws {
        let message = try parseMail(
            "Message-ID: <a.b@c.ru>\nIn-Reply-To: <p@q.ru> (comment)\nReferences: <r1@q.ru>\n <r2@q.ru>,<r3@q.ru>\n\nx")
        #expect(message.messageID == "a.b@c.ru")
        #expect(message.inReplyTo == "p@q.ru")
        #expect(message.references == ["r1@q.ru", "r2@q.ru", "r3@q.ru"])
        #expect(try parseMail("Message-ID: bare@id.ru\n\nx").messageID == "bare@id.ru")
    }

    @Test func rawEightBitHeadersUseTheDeclaredCharset() throws {
        var bytes = Array("Subject: ".utf8) + [0xCF, 0xF0, 0xE8, 0xEA, 0xE0, 0xE7]  // "Приказ" in windows-1251
        bytes += Array("\nContent-Type: text/plain; charset=windows-1251\n\n".utf8) + [0xC4, 0xE0]
        let message = try MailMessage.parse(Data(bytes))
        #expect(message.subject == "Приказ")
        #expect(message.textBody == "Да")
        #expect(message.defects == [.rawEightBitHeader(field: "Subject")])

        let utf8 = try parseMail("Subject: Приказ без кодирования\n\nтекст")
        #expect(utf8.subject == "Приказ без кодирования")
        #expect(utf8.textBody == "текст")
        #expect(utf8.defects.isEmpty)
    }

    @Test func autoSubmittedMessagesAreRecognized() throws {
        #expect(try parseMail("Auto-Submitted: auto-replied\n\nx").isAutoSubmitted)
        #expect(try parseMail("Auto-Submitted: no\n\nx").isAutoSubmitted == false)
        #expect(try parseMail("Subject: x\n\nx").isAutoSubmitted == false)
    }
}

@Suite("Mail parsing: transfer encodings and charsets")
struct MailEncodingTests {
    @Test(arguments: [
        ("abc=\r\ndef", "abcdef"),
        ("abc=\ndef", "abcdef"),
        ("abc= \t\r\ndef", "abcdef"),
        ("a=3Db", "a=b"),
        ("caf=c3=a9", "café"),
        ("trailing   \r\nnext", "trailing\r\nnext"),
        ("keep =20\r\n", "keep  \r\n"),
        ("ends with soft break=", "ends with soft break"),
        ("tab\tinside", "tab\tinside"),
    ])
    func quotedPrintableDecoding(encoded: String, decoded: String) {
        let result = MailTransferEncoding.decodeQuotedPrintable(Array(encoded.utf8))
        #expect(String(decoding: result.bytes, as: UTF8.self) == decoded)
        #expect(result.isClean)
    }

    @Test func invalidQuotedPrintableEscapeIsKeptAndReported() throws {
        let result = MailTransferEncoding.decodeQuotedPrintable(Array("100=ZZ".utf8))
        #expect(String(decoding: result.bytes, as: UTF8.self) == "100=ZZ")
        #expect(!result.isClean)
        let message = try parseMail("Content-Transfer-Encoding: quoted-printable\n\n5 =GG 6")
        #expect(message.textBody == "5 =GG 6")
        #expect(message.defects == [.invalidQuotedPrintable])
    }

    @Test func quotedPrintableSoftBreaksInsideAMultibyteCharacter() throws {
        let message = try parseMail(
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "=D0=9F=D1=\n=80=D0=B8")
        #expect(message.textBody == "При")
    }

    @Test func base64Decoding() {
        #expect(MailTransferEncoding.decodeBase64(Array("0J/RgNC4\r\n0LrQsNC3".utf8)).bytes == Array("Приказ".utf8))
        let unpadded = MailTransferEncoding.decodeBase64(Array("YWI".utf8))
        #expect(unpadded.bytes == Array("ab".utf8))
        #expect(!unpadded.isClean)
        let stray = MailTransferEncoding.decodeBase64(Array("YW*Jj".utf8))
        #expect(stray.bytes == Array("abc".utf8))
        #expect(!stray.isClean)
        #expect(MailTransferEncoding.decodeBase64(Array("YQ==YWI=".utf8)).bytes == Array("aab".utf8))
        #expect(MailTransferEncoding.decodeBase64([]).bytes.isEmpty)
    }

    @Test func base64EncodingWrapsAt76() {
        let data = [UInt8](repeating: 0xAB, count: 200)
        let text = MailTransferEncoding.encodeBase64Lines(data)
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.first?.count == 76)
        #expect(MailTransferEncoding.decodeBase64(Array(text.utf8)).bytes == data)
    }

    @Test func windows1251TableMatchesFoundation() {
        for byte in UInt8(0x80)...UInt8(0xFF) where byte != 0x98 {
            let ours = MailCharset.windows1251.decode([byte]).text
            let foundation = String(data: Data([byte]), encoding: .windowsCP1251)
            #expect(ours == foundation, "byte 0x\(String(byte, radix: 16))")
        }
    }

    @Test func koi8rAlphabet() {
        // "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" and its capitals in KOI8-R (RFC 1489).
        let lower: [UInt8] = [
            0xC1, 0xC2, 0xD7, 0xC7, 0xC4, 0xC5, 0xA3, 0xD6, 0xDA, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0,
            0xD2, 0xD3, 0xD4, 0xD5, 0xC6, 0xC8, 0xC3, 0xDE, 0xDB, 0xDD, 0xDF, 0xD9, 0xD8, 0xDC, 0xC0, 0xD1,
        ]
        #expect(MailCharset.koi8r.decode(lower).text == "абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
        let upper = lower.map { $0 == 0xA3 ? 0xB3 : $0 + 0x20 }
        #expect(MailCharset.koi8r.decode(upper).text == "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
    }

    @Test(arguments: [
        "UTF-8", "utf8", "us-ascii", "ISO-8859-1", "latin1", "windows-1252", "CP1251", "x-cp1251",
        "KOI8-R", "\"koi8-r\"", "koi8-u",
    ])
    func knownCharsetLabels(label: String) {
        #expect(MailCharset(label: label) != nil)
    }

    @Test func unknownCharsetFallsBackAndIsReported() throws {
        let message = try MailMessage.parse(
            Data(Array("Content-Type: text/plain; charset=x-mac-cyrillic\n\n".utf8) + [0xC4, 0xE0]))
        #expect(message.textBody == "Да")  // not UTF-8, so read as windows-1251
        #expect(message.defects == [.unknownCharset("x-mac-cyrillic")])
    }

    @Test func invalidUTF8IsReplacedAndReported() throws {
        let message = try MailMessage.parse(
            Data(Array("Content-Type: text/plain; charset=utf-8\n\nok ".utf8) + [0xFF] + Array(" ok".utf8)))
        #expect(message.textBody == "ok \u{FFFD} ok")
        #expect(message.defects == [.invalidText(charset: "utf-8")])
    }

    @Test func rfc2231ParameterForms() {
        let continued = MIMEHeaderValue(
            "attachment; filename*0*=windows-1251''%CF%F0%E8; filename*1*=%EA%E0%E7; filename*2=\".pdf\"")
        #expect(continued.value == "attachment")
        #expect(continued.parameters["filename"] == "Приказ.pdf")
        let single = MIMEHeaderValue("attachment; filename=\"old.pdf\"; filename*=UTF-8'ru'%D0%9F.pdf")
        #expect(single.parameters["filename"] == "П.pdf")
        let plain = MIMEHeaderValue("Text/Plain (comment); Charset = \"UTF-8\"; name=a\\\"b; broken")
        #expect(plain.value == "text/plain")
        #expect(plain.parameters["charset"] == "UTF-8")
        #expect(
            MIMEHeaderValue("application/pdf; name=\"a \\\"quoted\\\" name.pdf\"").parameters["name"]
                == "a \"quoted\" name.pdf")
    }
}

@Suite("Mail parsing: structure and damage")
struct MailStructureTests {
    @Test func inputThatIsNotAMessageThrows() {
        #expect(throws: MailParseError.empty) { try MailMessage.parse(Data()) }
        #expect(throws: MailParseError.noHeaderFields(firstLine: "just some text")) {
            try parseMail("just some text\nmore\n")
        }
        #expect(throws: MailParseError.noHeaderFields(firstLine: "")) { try parseMail("\n\nbody only") }
        #expect(throws: MailParseError.tooLarge(size: 20, limit: 10)) {
            try MailMessage.parse(Data(repeating: 0x41, count: 20), maximumSize: 10)
        }
    }

    @Test func headerWithoutBodyAndMboxFromLine() throws {
        let message = try parseMail("From someone@example.ru Thu Apr 30 10:15:00 2026\nSubject: only headers")
        #expect(message.subject == "only headers")
        #expect(message.textBody == "")
        #expect(message.defects.isEmpty)
    }

    @Test func garbageLineEndsTheHeaderSection() throws {
        let message = try parseMail("Subject: ok\nthis is not a header\nmore text\n")
        #expect(message.subject == "ok")
        #expect(message.textBody == "this is not a header\nmore text")
        #expect(message.defects == [.malformedHeaderLine("this is not a header")])
    }

    @Test func multipartWithoutBoundaryOrWithUnknownBoundary() throws {
        let noParameter = try parseMail("Content-Type: multipart/mixed\n\nplain words\n")
        #expect(noParameter.textBody == "plain words")
        #expect(noParameter.defects == [.missingBoundaryParameter])
        let unknown = try parseMail("Content-Type: multipart/mixed; boundary=zzz\n\nno parts at all\n")
        #expect(unknown.textBody == "no parts at all")
        #expect(unknown.defects == [.boundaryNotFound("zzz")])
    }

    @Test func deepNestingStopsWithADefect() throws {
        var text = ""
        for level in 0..<30 {
            text += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n"
        }
        text += "Content-Type: text/plain\n\ndeep\n"
        let message = try parseMail(text)
        #expect(message.defects.contains(.nestingTooDeep(limit: MIMEEntity.maximumDepth)))
    }

    @Test func relatedPartsAndInlineTextSegments() throws {
        let message = try parseMail(
            """
            Content-Type: multipart/mixed; boundary=outer

            preamble is ignored
            --outer
            Content-Type: multipart/related; boundary=rel

            --rel
            Content-Type: text/html; charset=utf-8

            <p>Привет<img src="cid:logo"></p>
            --rel
            Content-Type: image/png
            Content-ID: <logo>
            Content-Transfer-Encoding: base64

            iVBORw==
            --rel--
            --outer
            Content-Type: text/plain; charset=utf-8

            Подпись
            --outer
            Content-Type: text/plain; charset=utf-8
            Content-Disposition: attachment; filename=notes.txt

            файл
            --outer--
            epilogue is ignored
            """)
        #expect(message.textBody == "Привет\n\nПодпись")
        #expect(message.htmlBody == "<p>Привет<img src=\"cid:logo\"></p>")
        #expect(
            message.attachments == [
                MailAttachment(filename: nil, contentType: "image/png", data: Data([0x89, 0x50, 0x4E, 0x47])),
                MailAttachment(
                    filename: "notes.txt", contentType: "text/plain", charset: "utf-8", data: Data("файл".utf8)),
            ])
        #expect(message.defects.isEmpty)
    }

    @Test func singlePartHTMLIsConverted() throws {
        let message = try parseMail(
            "Content-Type: text/html; charset=windows-1251\nContent-Transfer-Encoding: base64\n\nz/Do6uDnPGJyPsTE5A==\n"
        )
        #expect(message.textBody == "Приказ\nДДд")
        #expect(message.htmlBody == "Приказ<br>ДДд")
        #expect(message.defects.isEmpty)
    }

    @Test func htmlConversionEdgeCases() {
        #expect(
            MailHTMLText.plainText(fromHTML: "a < b &unknown; &amp c &#x41;&#0;") == "a < b &unknown; &amp c A\u{FFFD}")
        #expect(MailHTMLText.plainText(fromHTML: "<pre>  keep\n    this</pre>after") == "  keep\n    this\n\nafter")
        #expect(MailHTMLText.plainText(fromHTML: "<!-- hidden -->x<STYLE>p{}</STYLE>y<a href='>'>z</a>") == "xyz")
        #expect(MailHTMLText.plainText(fromHTML: "<table><tr><td>1</td><td>2</td></tr></table>") == "1 2")
        #expect(MailHTMLText.plainText(fromHTML: "<script>never closed") == "")
        #expect(MailHTMLText.plainText(fromHTML: "") == "")
    }

    /// Random damage to every fixture must never crash the parser.
    @Test func mutatedFixturesNeverCrash() throws {
        let generator = RandomSource.seeded(0x5EED)
        let names = try FileManager.default.contentsOfDirectory(atPath: MailFixtures.directory.path)
            .filter { $0.hasSuffix(".eml") }
        for name in names {
            let original = [UInt8](try MailFixtures.data(name))
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<Int(generator.next() % 8 + 1) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 3 {
                    case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                    case 1: bytes.removeSubrange(position..<min(bytes.count, position + Int(generator.next() % 40)))
                    default: bytes.insert(contentsOf: Array("\n--=?\r\n:".utf8), at: position)
                    }
                    if bytes.isEmpty { bytes = [0x41] }
                }
                do {
                    _ = try MailMessage.parse(Data(bytes))
                } catch {
                    // Throwing a MailParseError is an acceptable outcome; crashing is not.
                }
            }
        }
    }
}
