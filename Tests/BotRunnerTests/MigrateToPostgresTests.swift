import BotCore
import Foundation
import PostgresTestSupport
import Testing

/// `botrunner admin migrate-to-postgres`: a real installation (the demo school, a chat that asked for credentials,
/// one that logged in after a failure, one that asked for help) moved from its SQLite file to PostgreSQL.
@Suite struct MigrateToPostgresTests {
    let folder = BotProcess.temporaryFolder()
    var sqlite: String { folder.appendingPathComponent("bot.sqlite").path }
    static let now = "2026-04-30T10:00:00+03:00"

    /// What the chats say, in order within each chat; message ids are `<chat>/<index>`.
    static let chats: [(chat: String, texts: [String])] = [
        (
            "tg:1",
            [
                "/start", "Нет логина и пароля", "МБОУ СОШ №2 г. Казани", "1655123453", "16", "school2@example.ru",
                "Петров Пётр Петрович", "Пропустить", "Всё верно", "Отправлено сегодня",
            ]
        ),
        ("tg:2", ["/login", "director", "not-the-password", "/login", "director", "demo-director"]),
        ("tg:3", ["/start", "/help"]),
    ]

    /// Runs the bot over stdio on the SQLite file with the demo school; returns the turns it answered.
    private func seed() throws -> [ServerLine] {
        var input: [UInt8] = []
        for (chat, texts) in Self.chats {
            for (index, text) in texts.enumerated() {
                input += WireCodec.encodeMessage(ChatMessage(chat: chat, text: text, id: "\(chat)/\(index)"))
            }
        }
        let run = try BotProcess.run(
            ["serve", "--stdio", "--demo", "--db", sqlite, "--now", Self.now], input: Data(input), timeout: 120)
        #expect(run.status == 0, "\(run.errorText)")
        let turns = run.outputText.split(separator: "\n").compactMap { ServerLine.decode(String($0)) }
        #expect(turns.count == Self.chats.map(\.texts.count).reduce(0, +))
        return turns
    }

    private func migrate(to url: String) throws -> BotProcess.Finished {
        try BotProcess.run(["admin", "migrate-to-postgres", "--from", sqlite, "--to", url], timeout: 120)
    }

    private static func tables(_ source: Connection) throws -> [String] {
        try source.query(
            """
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration' ORDER BY name
            """
        ) { $0.text(0) }
    }

    private static func counts(_ db: Connection, _ tables: [String]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try db.scalarInt("SELECT count(*) FROM \"\(table)\"")
        }
        return counts
    }

    @Test(.requiresPostgres) func everyTableComesOverAndTheBotGoesOnFromPostgreSQL() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let answered = try seed()
        // Two pushes delivered and deleted: SQLite's AUTOINCREMENT never hands their keys out again.
        do {
            let db = try Connection(path: sqlite)
            for chat in ["tg:1", "tg:2"] {
                try db.run("INSERT INTO push_queue (chat, messages, created_at) VALUES (?, '[]', ?)", chat, 1.5)
            }
            try db.run("DELETE FROM push_queue")
        }
        let cluster = try PostgresCluster.shared()
        let url = try cluster.createDatabase("migrate")
        // libpq sends a password only when the server asks; the test cluster trusts its socket.
        let withPassword = url.replacingOccurrences(
            of: "postgresql://postgres@", with: "postgresql://postgres:hunter2@")
        let run = try migrate(to: withPassword)
        #expect(run.status == 0, "\(run.errorText)")
        #expect(!(run.outputText + run.errorText).contains("hunter2"), "the password is never printed")

        let source = try Connection(path: sqlite)
        let target = try Connection.open(DatabaseLocation(url))
        let tables = try Self.tables(source)
        let here = try Self.counts(source, tables)
        let there = try Self.counts(target, tables)
        #expect(here == there)
        for table in ["organization", "account", "credential_request", "chat_session", "turn_log", "chat_binding"] {
            #expect((here[table] ?? 0) > 0, "the installation has \(table) rows to copy")
        }
        let lines = Set(run.outputText.split(separator: "\n").map(String.init))
        for table in tables {
            #expect(lines.contains("\(table): \(here[table] ?? -1) rows"))
        }
        let total = here.values.reduce(0, +)
        #expect(run.outputText.contains("copied \(total) rows in \(tables.count) tables to postgresql://postgres:***@"))

        // Values, not just counts.
        let logins = "SELECT login FROM account ORDER BY login"
        #expect(try source.query(logins) { $0.text(0) } == target.query(logins) { $0.text(0) })
        let state = "SELECT state FROM chat_session WHERE chat = ?"
        #expect(try source.scalarText(state, "tg:1") != nil)
        #expect(try source.scalarText(state, "tg:1") == target.scalarText(state, "tg:1"))
        let request = "SELECT inn, email, status, created_at FROM credential_request ORDER BY id"
        #expect(
            try source.query(request) { [$0.text(0), $0.text(1), $0.text(2), String($0.int(3))] }
                == target.query(request) { [$0.text(0), $0.text(1), $0.text(2), String($0.int(3))] })
        let turnTimes = "SELECT created_at FROM turn_log ORDER BY chat, message_id"
        #expect(try source.query(turnTimes) { $0.double(0) } == target.query(turnTimes) { $0.double(0) })

        // New rows get new keys: the identities continue after the copied ones.
        let organizations = try source.scalarInt("SELECT max(id) FROM organization") ?? 0
        let organization = try target.insert(
            "INSERT INTO organization (inn, name, email, created_at) VALUES (?, ?, ?, ?)", "7701000019",
            "Новая школа", "new@example.ru", 1_777_532_400_000)
        #expect(organization == organizations + 1)
        let accounts = try source.scalarInt("SELECT max(id) FROM account") ?? 0
        let account = try target.insert(
            """
            INSERT INTO account (login, role, full_name, name_key, status, created_at)
            VALUES (?, 'agent', ?, ?, 'confirmed', ?)
            """, "newagent", "Новая Агент Ивановна", "новая агент ивановна", 1_777_532_400_000)
        #expect(account == accounts + 1)

        // The bot on PostgreSQL knows what it answered on SQLite.
        let before = try #require(answered.first { $0.replyTo == "tg:3/1" })
        let again = try BotProcess.run(
            [
                "serve", "--stdio", "--db", url, "--now", Self.now,
                "--outbox", folder.appendingPathComponent("outbox").path,
                "--inbox", folder.appendingPathComponent("inbox").path,
            ],
            input: Data(WireCodec.encodeMessage(ChatMessage(chat: "tg:3", text: "/help", id: "tg:3/1"))), timeout: 60)
        #expect(again.status == 0, "\(again.errorText)")
        let duplicate = ServerLine.decode(again.outputText.split(separator: "\n").first.map(String.init) ?? "")
        #expect(duplicate?.duplicate == true)
        #expect(duplicate?.replyTo == "tg:3/1")
        #expect(duplicate?.messages == before.messages)

        // Nor does PostgreSQL after the copy.
        let push = try target.insert(
            "INSERT INTO push_queue (chat, messages, created_at) VALUES (?, '[]', ?)", returning: "seq", "tg:1", 2.5)
        #expect(push == 3)

        // A second copy onto the now non-empty target is refused and changes nothing.
        let filled = try Self.counts(target, tables)
        let second = try migrate(to: url)
        #expect(second.status == 2)
        #expect(second.errorText.contains("already holds data"), "\(second.errorText)")
        #expect(try Self.counts(target, tables) == filled)
    }

    @Test func aMissingSourceFileIsRefusedAndNotCreated() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try migrate(to: "postgresql://nobody@/none?host=/nonexistent")
        #expect(run.status == 2)
        #expect(run.errorText.contains("no SQLite file at \(sqlite)"), "\(run.errorText)")
        #expect(!FileManager.default.fileExists(atPath: sqlite))
        #expect(!FileManager.default.fileExists(atPath: sqlite + ".lock"))
    }

    @Test func theTargetMustBePostgreSQLAndTheServerStopped() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let notPostgres = try migrate(to: folder.appendingPathComponent("other.sqlite").path)
        #expect(notPostgres.status == 2)
        #expect(notPostgres.errorText.contains("--to takes a postgres:// or postgresql:// URL"))

        let server = try BotProcess(["serve", "--stdio", "--db", sqlite, "--now", Self.now])
        #expect(server.exchange(#"{"chat":"tg:9","text":"/start","id":"1"}"#)?.type == "turn")
        let running = try migrate(to: "postgresql://nobody@/none?host=/nonexistent")
        #expect(running.status == 2)
        #expect(running.errorText.contains("botrunner serve is running on \(sqlite): stop it first"))
        #expect(server.finish() == 0)
    }
}
