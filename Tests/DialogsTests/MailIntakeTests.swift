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
            mail(to: "regions@educont.ru", subject: "Запрос логина", body: "ИНН 7707083893", id: "r1"),
            name: "2.r1-again")
        _ = bot.maintain()
        let again = try bot.cabinet.ticketQueue(actor: bot.cabinet.account(login: "agent1")!.id).tickets
        #expect(again.count == 1, "the same Message-ID makes one ticket")
    }

    @Test func anOrderWithoutAttachmentOrINNGetsAnAutomaticAnswer() throws {
        let bot = try BotHarness()
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
