import BotCore
import Cabinet
import Dialogs
import Foundation
import Testing

/// Passwords never appear in plain text where they could be read later: not in what `serve` writes to standard
/// output, not in its log, not in the database (sessions, turn log, tables, WAL), not in a `chat --record`
/// transcript or the terminal's output.
///
/// The tests search the bytes, in UTF-8, JSON-escaped and base64.
@Suite(.serialized) struct SecretPasswordTests {
    static let directorPassword = "Zq!Пароль-4471-секрет"
    static let wrongPassword = "Wrong-Пароль-9912"
    static let registrationPassword = "Reg-Секрет-5538"
    static let agentPassword = "Agent-Тайна-6620"

    /// The forms a secret could take in stored or written bytes.
    static func encodings(of secret: String) -> [(String, Data)] {
        var escaped = ""
        for scalar in secret.unicodeScalars {
            escaped += scalar.isASCII ? String(scalar) : String(format: "\\u%04x", scalar.value)
        }
        return [
            ("UTF-8", Data(secret.utf8)), ("JSON-escaped", Data(escaped.utf8)),
            ("JSON-escaped upper", Data(escaped.replacingOccurrences(of: "\\u", with: "\\U").uppercased().utf8)),
            ("base64", Data(Data(secret.utf8).base64EncodedString().dropLast(2).utf8)),
        ]
    }

    static func expectAbsent(
        _ secrets: [String], in bytes: Data, _ place: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for secret in secrets {
            for (form, needle) in encodings(of: secret) {
                #expect(
                    bytes.range(of: needle) == nil, "\(place) holds a password (\(form))",
                    sourceLocation: sourceLocation)
                let lowered = Data(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
                if form == "JSON-escaped" {
                    #expect(
                        lowered.range(of: Data(String(decoding: needle, as: UTF8.self).lowercased().utf8)) == nil,
                        "\(place) holds a password (\(form), any case)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// Every byte of the database's files.
    static func databaseBytes(_ path: String) -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-shm", "-journal"] {
            data.append(FileManager.default.contents(atPath: path + suffix) ?? Data())
        }
        return data
    }

    @Test func passwordsAreNowhereServeWritesOrStores() throws {
        let folder = crashTestFolder("secret-serve")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 1)
        do {
            let processor = try SchoolBot.makeProcessor(BotConfiguration(databasePath: path, passwordCost: 1))
            try processor.environment.cabinet.setPassword(login: "dir0", password: Self.directorPassword)
            _ = try processor.environment.cabinet.addAccount(
                NewAccount(role: .agent, login: "agent1", fullName: "Агентова Анна Петровна", isConfirmed: true),
                password: Self.agentPassword)
        }
        let server = try ServeProcess(ServeProcess.stdio(folder: folder), logURL: folder.appendingPathComponent("log"))
        var output = Data()
        var counter = 0
        func say(_ chat: String, _ text: String) -> ServerLine? {
            counter += 1
            #expect(server.send(messageLine(chat: chat, text, id: "s\(counter)")))
            guard let bytes = server.readLines(timeout: 20).first else { return nil }
            output.append(contentsOf: bytes + [0x0A])
            return ServerLine.decode(bytes)
        }
        // A wrong password, then the right one.
        for text in ["/login", "dir0", Self.wrongPassword, "/login", "dir0"] { _ = say("dir", text) }
        #expect(say("dir", Self.directorPassword)?.step == "main")
        // A teacher registers with a password.
        for text in [
            "/start", "Регистрация учителя или ученика", crashINN(region: "16", 0), "Учитель",
            "Сергеева Мария Олеговна", "m.s@example.ru", "m.sergeeva", "Всё верно",
        ] { _ = say("reg", text) }
        // Typed twice: between the two, the session holds the password's seal, never the password.
        #expect(say("reg", Self.registrationPassword)?.step == "repeat_password")
        #expect(say("reg", Self.registrationPassword)?.step == "main")
        // An agent issues credentials: the password goes by e-mail only.
        for text in [
            "/login", "agent1", Self.agentPassword, "Очередь обращений", "Зарегистрировать организацию",
            "1655012344", "МБОУ СОШ № 2", "school2@example.ru", "16", "Сидоров Пётр Петрович",
        ] { _ = say("agent", text) }
        #expect(say("agent", "Всё верно")?.step == "queue")
        let running = Self.databaseBytes(path)
        #expect(server.finish() == 0)

        let mailFolder = folder.appendingPathComponent("outbox/new")
        let mails = try FileManager.default.contentsOfDirectory(atPath: mailFolder.path)
        let mail = try MailMessage.parse(Data(contentsOf: mailFolder.appendingPathComponent(try #require(mails.first))))
        let issued = try #require(mail.textBody.split(separator: "\n").first { $0.hasPrefix("Пароль: ") })
            .dropFirst("Пароль: ".count)
        let secrets = [
            Self.directorPassword, Self.wrongPassword, Self.registrationPassword, Self.agentPassword, String(issued),
        ]
        Self.expectAbsent(secrets, in: output, "standard output")
        Self.expectAbsent(secrets, in: try Data(contentsOf: server.logURL), "the log")
        Self.expectAbsent(secrets, in: running, "the database while serving")
        Self.expectAbsent(secrets, in: Self.databaseBytes(path), "the database after shutdown")
        // The searches find what is there: the issued password in the mail, the hashes in the database.
        #expect(Data(mail.textBody.utf8).range(of: Data(issued.utf8)) != nil)
        #expect(Self.databaseBytes(path).range(of: Data("$y$".utf8)) != nil, "the hashes are there")
    }

    @Test func aRecordedTerminalConversationHoldsNoPassword() throws {
        let folder = crashTestFolder("secret-terminal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 1)
        do {
            let processor = try SchoolBot.makeProcessor(BotConfiguration(databasePath: path, passwordCost: 1))
            try processor.environment.cabinet.setPassword(login: "dir0", password: Self.directorPassword)
        }
        let transcript = folder.appendingPathComponent("recorded.dialog")
        let typed = ["/login", "dir0", Self.wrongPassword, "/login", "dir0", Self.directorPassword, "/logout", ""]
            .joined(separator: "\n")
        let run = try BotProcess.run(
            ["chat", "--db", path, "--now", "2026-04-30T10:00:00+03:00", "--record", transcript.path],
            input: Data(typed.utf8))
        let shown = run.output
        let logged = run.errors
        #expect(run.status == 0)
        let recorded = try Data(contentsOf: transcript)
        #expect(String(decoding: recorded, as: UTF8.self).contains("<secret>"), "the password's place is marked")
        #expect(String(decoding: shown, as: UTF8.self).contains("Вы вошли"), "the login worked")
        let secrets = [Self.directorPassword, Self.wrongPassword]
        Self.expectAbsent(secrets, in: recorded, "the transcript")
        Self.expectAbsent(secrets, in: shown, "the terminal's output")
        Self.expectAbsent(secrets, in: logged, "the terminal's standard error")
        Self.expectAbsent(secrets, in: Self.databaseBytes(path), "the database")
    }
}
