import BotCore
import Cabinet
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults around the database: the outbox folder missing or unwritable (the e-mail waits and goes out later,
/// the dialog goes on), and a client that stops reading (memory stays bounded, nothing is lost).
@Suite(.serialized) struct FaultOutboxTests {
    /// A director confirms a teacher and sends report №1, whose copy goes by e-mail; returns the last turn.
    private func sendReport(_ server: ServeProcess) throws -> ServerLine? {
        let steps: [(String, String)] = [
            ("/login", "ask_login"), ("dir0", "ask_password"), ("pass-dir-0", "main"),
            ("Подтвердить пользователей", "list"), ("подтвердить 1", "list"), ("Отправить отчёт", "preview"),
        ]
        for (index, (text, step)) in steps.enumerated() {
            let turn = server.exchange(messageLine(chat: "dir", text, id: "r\(index)"))
            try #require(turn?.step == step, "\(text): \(String(describing: turn))")
        }
        return server.exchange(messageLine(chat: "dir", "Отправить отчёт №1", id: "send"))
    }

    private func delivered(_ outbox: URL) throws -> [MailMessage] {
        let new = outbox.appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return try names.map { try MailMessage.parse(Data(contentsOf: new.appendingPathComponent($0))) }
    }

    /// `break`: what makes the outbox unusable; `repair`: what makes it usable again.
    private func checkOutboxFault(
        _ name: String, break breakOutbox: (URL) throws -> Void, repair: (URL) throws -> Void
    ) throws {
        let folder = crashTestFolder("fault-outbox")
        defer { try? FileManager.default.removeItem(at: folder) }
        try seedCrashDatabase(path: folder.appendingPathComponent("bot.sqlite").path, directors: 1, teachers: 2)
        let outbox = folder.appendingPathComponent("outbox")
        try breakOutbox(outbox)
        let server = try ServeProcess(ServeProcess.stdio(folder: folder), logURL: folder.appendingPathComponent("log"))
        let sent = try sendReport(server)
        #expect(sent?.type == "turn" && sent?.step == "sent", "\(name): the dialog goes on")
        #expect(server.log().contains("kept for retry"), "\(name): the log says the mail waits")
        #expect(try delivered(outbox).isEmpty)
        // Still broken: the next commits keep it.
        #expect(server.exchange(messageLine(chat: "dir", "/menu", id: "m1"))?.step == "main")
        #expect(try delivered(outbox).isEmpty)

        try repair(outbox)
        #expect(server.exchange(messageLine(chat: "other", "/start", id: "o1"))?.step == "main")
        let mails = try delivered(outbox)
        #expect(mails.count == 1, "\(name): the mail went out after the next commit")
        #expect(mails.first?.to.first?.address == "s0@example.ru")
        #expect(mails.first?.subject.contains("Отчёт №1") == true)
        #expect(server.exchange(messageLine(chat: "dir", "/menu", id: "m2"))?.step == "main")
        #expect(try delivered(outbox).count == 1, "sent once")
        #expect(server.finish() == 0)
    }

    @Test func anOutboxThatIsMissingIsRetriedAndTheDialogGoesOn() throws {
        // In place of the folder a file: the folder cannot be made.
        try checkOutboxFault(
            "missing",
            break: { try Data("not a folder".utf8).write(to: $0) },
            repair: { try FileManager.default.removeItem(at: $0) })
    }

    @Test func anOutboxThatCannotBeWrittenIsRetriedAndTheDialogGoesOn() throws {
        // The Maildir is there but its tmp/ is not a folder: no message can be written.
        try checkOutboxFault(
            "unwritable",
            break: { outbox in
                for sub in ["new", "cur"] {
                    try FileManager.default.createDirectory(
                        at: outbox.appendingPathComponent(sub), withIntermediateDirectories: true)
                }
                try Data().write(to: outbox.appendingPathComponent("tmp"))
            },
            repair: { outbox in
                try FileManager.default.removeItem(at: outbox.appendingPathComponent("tmp"))
                try FileManager.default.createDirectory(
                    at: outbox.appendingPathComponent("tmp"), withIntermediateDirectories: true)
            })
    }

    /// The outbox is broken when the report is sent, the server is SIGKILLed before the outbox is mended: the
    /// e-mail waited in the spool beside the database, and the next start delivers it, once.
    @Test func anEmailWaitingForABrokenOutboxSurvivesAKill() throws {
        let folder = crashTestFolder("fault-outbox-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        try seedCrashDatabase(path: folder.appendingPathComponent("bot.sqlite").path, directors: 1, teachers: 2)
        let outbox = folder.appendingPathComponent("outbox")
        try Data("not a folder".utf8).write(to: outbox)
        let server = try ServeProcess(ServeProcess.stdio(folder: folder), logURL: folder.appendingPathComponent("log"))
        #expect(try sendReport(server)?.step == "sent")
        #expect(server.log().contains("kept for retry"))
        server.kill()

        try FileManager.default.removeItem(at: outbox)
        let restarted = try ServeProcess(
            ServeProcess.stdio(folder: folder), logURL: folder.appendingPathComponent("log-2"))
        #expect(restarted.exchange(#"{"type":"ping","id":"p"}"#)?.type == "pong")
        let mails = try delivered(outbox)
        #expect(mails.count == 1, "the spooled e-mail went out at the next start")
        #expect(mails.first?.subject.contains("Отчёт №1") == true)
        #expect(restarted.exchange(messageLine(chat: "dir", "/menu", id: "m9"))?.step == "main")
        #expect(try delivered(outbox).count == 1, "sent once")
        let spool = folder.appendingPathComponent("mail-spool/tmp")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).isEmpty)
        #expect(restarted.finish() == 0)
    }

    /// A client that writes and never reads: the server stops reading its input once its answers back up, so its
    /// memory stays flat; when the client reads again every answer is there, in order.
    @Test func aClientThatStopsReadingDoesNotGrowTheServer() throws {
        let folder = crashTestFolder("fault-slow")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(
            ServeProcess.stdio(folder: folder, extra: ["--output-limit", "256K", "--queue", "256"]),
            logURL: folder.appendingPathComponent("log"))
        try #require(server.exchange(messageLine(chat: "warm", "/start", id: "w"))?.type == "turn")
        let baseline = try #require(server.residentKiB())
        let total = longTests ? 20_000 : 6_000
        let written = LockedBox(0)
        let fd = server.inputDescriptor
        let writer = Thread {
            for index in 0..<total {
                let line = messageLine(chat: "c\(index % 50)", index % 2 == 0 ? "/start" : "/help", id: "\(index)")
                guard (try? FileDescriptorIO.writeAll(fd, Array((line + "\n").utf8))) != nil else { return }
                written.value = index + 1
            }
        }
        writer.start()
        var peak = baseline
        for _ in 0..<12 {
            usleep(250_000)
            peak = max(peak, server.residentKiB() ?? 0)
        }
        let stalled = written.value
        #expect(stalled < total, "the server stopped taking input while its answers were not read")
        #expect(peak - baseline < 64 * 1024, "resident memory grew by \(peak - baseline) KiB")
        var answers: [String] = []
        let deadline = Date().addingTimeInterval(120)
        while answers.count < total && Date() < deadline {
            for line in server.readLines(timeout: 1).compactMap(ServerLine.decode) {
                answers.append(line.replyTo ?? "-")
            }
        }
        #expect(answers == (0..<total).map(String.init), "every answer, in order")
        #expect(server.finish() == 0)
        print(
            "fault: a client stopped reading at \(stalled) of \(total) lines; memory +\((peak - baseline) / 1024) MiB")
    }
}
