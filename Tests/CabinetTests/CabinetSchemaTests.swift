import BotCore
import Foundation
import Testing

@testable import Cabinet

/// The schema: named migrations, foreign keys, and indexes behind the dialogs' lookups.
struct CabinetSchemaTests {
    @Test func migrationsAreNamedAndApplyOnce() throws {
        let test = try TestCabinet()
        #expect(Cabinet.migrations.allSatisfy { $0.id.hasPrefix("cabinet-") })
        #expect(Set(Cabinet.migrations.map(\.id)).count == Cabinet.migrations.count)
        #expect(try Migrator.migrate(test.connection, Cabinet.migrations).isEmpty)
        let applied = try test.connection.query("SELECT id FROM schema_migration ORDER BY id") { $0.text(0) }
        #expect(applied == Cabinet.migrations.map(\.id).sorted())
    }

    @Test func theRequestTablesRebuiltForTheirChecksKeepTheirRowsAndRefuseABadStatus() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try Connection(path: folder.appendingPathComponent("old.sqlite").path)
        let before = Array(Cabinet.migrations.prefix { $0.id != "cabinet-11-request-status-checks" })
        try Migrator.migrate(db, before)
        try db.run(
            """
            INSERT INTO credential_request (inn, name, region, email, director_name, phone, chat, status, created_at,
                sent_on, due_on)
            VALUES ('7707083893', 'Школа', '16', 's@example.ru', 'Иванов Иван', NULL, 'c1', 'sent', 5, '2026-12-01',
                '2026-12-04')
            """)
        try db.run(
            "INSERT INTO director_change_request (inn, note, chat, status, created_at) VALUES ('7707083893', 'n', 'c2', 'draft', 6)"
        )
        #expect(try Migrator.migrate(db, Cabinet.migrations) == ["cabinet-11-request-status-checks"])
        let credential = try db.queryFirst(
            "SELECT id, inn, name, region, chat, status, created_at, sent_on, due_on FROM credential_request"
        ) { row in
            "\(row.int(0)) \(row.text(1)) \(row.text(2)) \(row.text(3)) \(row.text(4)) \(row.text(5)) \(row.int(6)) \(row.text(7)) \(row.text(8))"
        }
        #expect(credential == "1 7707083893 Школа 16 c1 sent 5 2026-12-01 2026-12-04")
        #expect(try db.scalarText("SELECT note || ' ' || status FROM director_change_request") == "n draft")
        for table in ["credential_request", "director_change_request"] {
            #expect(throws: DatabaseError.self, "\(table) refuses a status outside the three") {
                try db.run("UPDATE \(table) SET status = 'lost'")
            }
        }
        // What the rebuild is for: an INSERT no longer builds a temporary index for the check.
        let program = try db.query(
            """
            EXPLAIN INSERT INTO credential_request (inn, name, email, director_name, status, created_at)
            VALUES ('1', 'n', 'e', 'd', 'draft', 0)
            """
        ) { $0.text(1) }
        #expect(program.contains("Insert") && !program.contains("OpenEphemeral"))
    }

    @Test func foreignKeysAreEnforced() throws {
        let test = try TestCabinet()
        #expect(throws: DatabaseError.self) {
            try test.connection.run(
                """
                INSERT INTO account (login, role, organization_id, full_name, name_key, status, created_at)
                VALUES ('x', 'teacher', 42, 'x', 'x', 'pending', 0)
                """)
        }
        #expect(throws: DatabaseError.self) {
            try test.connection.run("INSERT INTO chat_binding (chat, account_id, bound_at) VALUES ('c', 42, 0)")
        }
    }

    @Test(arguments: [
        ("SELECT * FROM organization WHERE inn = '7707083893'", "sqlite_autoindex_organization_1"),
        ("SELECT * FROM account WHERE login = 'x'", "sqlite_autoindex_account_1"),
        ("SELECT * FROM account WHERE organization_id = 1 AND status = 'pending'", "account_organization"),
        ("SELECT * FROM account WHERE teacher_id = 1 AND status = 'pending'", "account_teacher"),
        ("SELECT * FROM chat_binding WHERE account_id = 1", "chat_binding_account"),
        (
            "SELECT * FROM decision WHERE organization_id = 1 AND report_id IS NULL AND undone_at IS NULL",
            "decision_unreported"
        ),
        ("SELECT * FROM decision WHERE batch_id = 1", "decision_batch_member"),
        (
            "SELECT * FROM decision_batch WHERE actor_id = 1 AND undone_at IS NULL ORDER BY id DESC",
            "decision_batch_actor"
        ),
        ("SELECT * FROM report WHERE organization_id = 1 AND number = 2", "sqlite_autoindex_report_1"),
        (
            "SELECT * FROM credential_request WHERE inn = 'x' AND status = 'sent' ORDER BY id DESC",
            "credential_request_inn"
        ),
        ("SELECT * FROM director_change_request WHERE inn = 'x' AND status = 'sent'", "director_change_request_inn"),
        ("SELECT * FROM ticket WHERE status IN ('open', 'taken') ORDER BY created_at, id", "ticket_queue"),
        ("SELECT * FROM ticket WHERE chat = 'c' AND status IN ('open', 'taken')", "ticket_chat"),
        ("SELECT * FROM ticket WHERE mail_message_id = 'm'", "ticket_mail_message"),
        ("SELECT * FROM ticket_message WHERE ticket_id = 1 ORDER BY id", "ticket_message_ticket"),
        ("SELECT * FROM consent_event WHERE account_id = 1 ORDER BY id", "consent_event_account"),
        ("SELECT inn FROM credential_request WHERE chat = 'c' ORDER BY created_at DESC", "credential_request_chat"),
        ("SELECT inn FROM director_change_request WHERE chat = 'c'", "director_change_request_chat"),
    ])
    func lookupsUseAnIndex(sql: String, index: String) throws {
        let test = try TestCabinet()
        let plan = try test.connection.query("EXPLAIN QUERY PLAN \(sql)") { $0.text(3) }.joined(separator: "\n")
        #expect(plan.contains(index), "\(sql)\n\(plan)")
    }
}
