import BotCore
import Foundation
import Testing

/// The server's log names no INN, e-mail address or person unless it runs with `--log-personal-data`.
///
/// Real log lines carry them: a report's CSV path holds the school's INN, a mail that cannot be composed names
/// its address, an outbox path may hold a person's name. The test makes each happen and reads the log's bytes.
@Suite(.serialized) struct SecretLogTests {
    static let idnAddress = "иванова.мария@школа.рф"
    static let person = "Иванов Иван Иванович"

    /// Two schools' directors send report №1 each; what the log then says.
    private func logOfTwoReports(personalData: Bool) throws -> (log: String, inns: [String]) {
        let folder = crashTestFolder("secret-log")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 2, teachers: 1)
        let db = try openDatabase(path)
        try db.run("UPDATE organization SET email = ? WHERE inn = ?", Self.idnAddress, crashINN(region: "16", 0))
        // No room for the reports' files, and an outbox under a folder named like a person, which is a file.
        try Data().write(to: folder.appendingPathComponent("reports"))
        let named = folder.appendingPathComponent(Self.person)
        try Data().write(to: named)
        let server = try ServeProcess(
            ServeProcess.stdio(
                folder: folder,
                extra: ["--outbox", named.appendingPathComponent("outbox").path]
                    + (personalData ? ["--log-personal-data"] : [])),
            logURL: folder.appendingPathComponent("log"))
        for school in 0..<2 {
            let steps = [
                "/login", "dir\(school)", "pass-dir-\(school)", "Подтвердить пользователей", "подтвердить 1",
                "Отправить отчёт", "Отправить отчёт №1",
            ]
            for (index, text) in steps.enumerated() {
                let turn = server.exchange(messageLine(chat: "dir\(school)", text, id: "\(index)"))
                #expect(turn?.type == "turn", "\(text): \(String(describing: turn))")
            }
        }
        #expect(server.finish() == 0)
        return (server.log(), [crashINN(region: "16", 0), crashINN(region: "16", 1)])
    }

    @Test func theLogNamesNoINNAddressOrPersonByDefault() throws {
        let (log, inns) = try logOfTwoReports(personalData: false)
        for inn in inns {
            #expect(!log.contains(inn), "an INN in the log")
        }
        #expect(!log.contains(Self.idnAddress), "an e-mail address in the log")
        #expect(!log.contains("@школа.рф"))
        #expect(!log.contains(Self.person), "a name in the log")
        #expect(log.contains("<inn>") && log.contains("<email>") && log.contains("<name>"), "\(log)")
        #expect(log.contains("report"), "the lines are still there, saying what went wrong")
    }

    @Test func withLogPersonalDataTheLogKeepsThem() throws {
        let (log, inns) = try logOfTwoReports(personalData: true)
        #expect(inns.contains { log.contains($0) }, "\(log)")
        #expect(log.contains(Self.idnAddress))
        #expect(log.contains(Self.person))
    }
}
