import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

@Suite(.serialized) struct MailIntakeTests {
    private func mail(to: String, subject: String, body: String, id: String, attachment: Bool = false) -> Data {
        var text =
            "From: Школа <school1@example.ru>\r\nTo: \(to)\r\nSubject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r\n"
        text += "Message-ID: <\(id)@example.ru>\r\nDate: Thu, 30 Apr 2026 09:00:00 +0300\r\nMIME-Version: 1.0\r\n"
        if attachment {
            text +=
                "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
            text += "Content-Transfer-Encoding: base64\r\n\r\n\(Data(body.utf8).base64EncodedString())\r\n--b1\r\n"
            text += "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"prikaz.pdf\"\r\n"
            text += "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b1--\r\n"
        } else {
            text += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            text += Data(body.utf8).base64EncodedString() + "\r\n"
        }
        return Data(text.utf8)
    }

    @Test func regionsMailBecomesACredentialTicketOnceAndMovesToCur() throws {
        let bot = try BotHarness()
        try bot.dropMail(
            mail(
                to: "regions@educont.ru", subject: "Запрос логина",
                body: "Наименование: МБОУ СОШ № 1\nИНН 7707083893", id: "r1"), name: "1.r1")
        _ = bot.maintain()
        let queue = try bot.processor.db.transaction { () -> [Ticket] in
            let agent = try bot.cabinet.addAccount(
                NewAccount(
                    role: .agent, login: "agent1", organizationINN: nil, fullName: nil, email: nil,
                    teacherLogin: nil, className: nil, isConfirmed: true), password: "agent-password")
            return try bot.cabinet.ticketQueue(actor: agent.id).tickets
        }
        #expect(queue.count == 1)
        #expect(queue.first?.kind == .regions)
        #expect(queue.first?.context.inn == "7707083893")
        let cur = URL(fileURLWithPath: bot.configuration.inbox).appendingPathComponent("cur")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cur.path).count == 1)
        try bot.dropMail(
            mail(
                to: "regions@educont.ru", subject: "Запрос логина",
                body: "Наименование: МБОУ СОШ № 1\nИНН 7707083893", id: "r1"), name: "2.r1-again")
        _ = bot.maintain()
        let again = try bot.cabinet.ticketQueue(actor: bot.cabinet.account(login: "agent1")!.id).tickets
        #expect(again.count == 1, "the same message delivered twice makes one ticket")
    }

    @Test func anOrderWithoutAttachmentOrINNGetsAnAutomaticAnswer() throws {
        let bot = try BotHarness()
        try bot.seedDemo()  // school1@example.ru is the demo school's official address
        try bot.dropMail(
            mail(to: "ssod@innopolis.ru", subject: "Приказ", body: "Сменился директор", id: "s1"), name: "1.s1")
        _ = bot.maintain()
        let sent = try bot.outbox()
        #expect(sent.count == 1)
        #expect(sent.first?.to.first?.address == "school1@example.ru")
        #expect(sent.first?.inReplyTo == "s1@example.ru")
        #expect(sent.first?.textBody.contains("приказ о смене директора во вложении") == true)
        #expect(sent.first?.textBody.contains("ИНН организации") == true)
        #expect(sent.first?.isAutoSubmitted == true)
    }

    @Test func aForgedSenderGetsNoAutomaticAnswerButAnAgentSeesTheLetter() throws {
        let bot = try BotHarness()
        try bot.seedDemo()
        var text = "From: victim@elsewhere.example\r\nTo: ssod@innopolis.ru\r\nSubject: Приказ\r\n"
        text += "Message-ID: <forged@x.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nСменился директор\r\n"
        try bot.dropMail(Data(text.utf8), name: "1.forged")
        _ = bot.maintain()
        #expect(try bot.outbox().isEmpty, "no backscatter to an address the platform does not know")
        let agent = try #require(try bot.cabinet.account(login: "agent"))
        let ticket = try #require(try bot.cabinet.ticketQueue(actor: agent.id).tickets.first)
        let (_, history) = try bot.cabinet.ticket(actor: agent.id, id: ticket.id)
        #expect(history.contains { $0.text.contains("Автоматический ответ не отправлен") })
    }

    @Test func aCompleteOrderGetsNoAutomaticAnswer() throws {
        let bot = try BotHarness()
        try bot.dropMail(
            mail(
                to: "ssod@innopolis.ru", subject: "Re: ПРИКАЗ", body: "ИНН 7707083893", id: "s2",
                attachment: true), name: "1.s2")
        _ = bot.maintain()
        #expect(try bot.outbox().isEmpty)
    }

    @Test func anUnreadableMessageBecomesATicketAndNothingCrashes() throws {
        let bot = try BotHarness()
        try bot.dropMail(Data([0xFF, 0xFE, 0x00, 0x01]), name: "1.garbage")
        try bot.dropMail(Data(), name: "2.empty")
        _ = bot.maintain()
        let cur = URL(fileURLWithPath: bot.configuration.inbox).appendingPathComponent("cur")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cur.path).count == 2)
    }
}

/// One bad message in the inbox must not hold back the others (the hostile run's stuck inbox).
@Suite(.serialized) struct MailIntakeBadMessageTests {
    private func plain(subject: String, id: String) -> Data {
        var text = "From: Школа <school1@example.ru>\r\nTo: help@educont.ru\r\nSubject: \(subject)\r\n"
        text += "Message-ID: <\(id)@example.ru>\r\nDate: Thu, 30 Apr 2026 09:00:00 +0300\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\n\r\nНе приходит логин\r\n"
        return Data(text.utf8)
    }

    private func tickets(_ bot: BotHarness) throws -> [Ticket] {
        try bot.processor.db.transaction { () -> [Ticket] in
            let agent =
                try bot.cabinet.account(login: "agent1")
                ?? bot.cabinet.addAccount(
                    NewAccount(
                        role: .agent, login: "agent1", organizationINN: nil, fullName: nil, email: nil,
                        teacherLogin: nil, className: nil, isConfirmed: true), password: "agent-password")
            return try bot.cabinet.ticketQueue(actor: agent.id).tickets
        }
    }

    private func names(_ bot: BotHarness, _ folder: String) -> [String] {
        let url = URL(fileURLWithPath: bot.configuration.inbox).appendingPathComponent(folder)
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    @Test func aReusedMessageIDDoesNotHideTheSchoolsOwnMail() throws {
        let bot = try BotHarness()
        func letter(from: String, body: String) -> Data {
            var text = "From: \(from)\r\nTo: help@educont.ru\r\nSubject: Login\r\n"
            text += "Message-ID: <legit-123@example.ru>\r\nDate: Thu, 30 Apr 2026 09:00:00 +0300\r\n"
            text += "Content-Type: text/plain; charset=utf-8\r\n\r\n\(body)\r\n"
            return Data(text.utf8)
        }
        try bot.dropMail(letter(from: "attacker@evil.example", body: "spam"), name: "1.attacker")
        _ = bot.maintain()
        try bot.dropMail(letter(from: "school1@example.ru", body: "Не приходит логин"), name: "2.school")
        _ = bot.maintain()
        let queue = try tickets(bot)
        #expect(queue.count == 2, "a different message with a known Message-ID is a ticket of its own")
        #expect(queue.contains { $0.context.email == "school1@example.ru" })
    }

    @Test func aHugeSubjectAFolderAndALinkDoNotStopTheInnocentMail() throws {
        let bot = try BotHarness()
        try bot.dropMail(plain(subject: String(repeating: "Я", count: 1_500), id: "huge"), name: "1.huge")
        try bot.dropMail(plain(subject: "Вопрос", id: "fine"), name: "3.fine")
        let new = URL(fileURLWithPath: bot.configuration.inbox).appendingPathComponent("new")
        try FileManager.default.createDirectory(
            at: new.appendingPathComponent("2.folder"), withIntermediateDirectories: true)
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)")
        try Data("root:x:0:0:secret\n".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(
            atPath: new.appendingPathComponent("0.link").path, withDestinationPath: secret.path)
        _ = bot.maintain()
        let queue = try tickets(bot)
        #expect(queue.count == 2, "the long subject and the innocent mail are tickets; the folder and link are not")
        let long = try #require(queue.first { $0.context.mailMessageID == "huge@example.ru" })
        #expect(long.context.subject?.hasSuffix("…") == true, "the subject is kept shortened, and marked")
        #expect(queue.contains { $0.context.mailMessageID == "fine@example.ru" })
        #expect(names(bot, "new").isEmpty, "nothing is left to block the next scans")
        #expect(names(bot, "bad") == ["0.link", "2.folder"])
        #expect(names(bot, "cur").count == 2)
    }
}
