import Foundation
import Testing

@testable import BotCore

func temporaryDatabasePath() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("botcore-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("test.sqlite").path
}

@Suite struct StorageTests {
    @Test func walForeignKeysAndBoundValues() throws {
        let db = try Connection(path: temporaryDatabasePath())
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
        let hostile = "x'); DROP TABLE t; --"
        try db.run("INSERT INTO t (name) VALUES (?)", hostile)
        #expect(try db.scalarText("SELECT name FROM t WHERE id = ?", 1) == hostile)
        let error = #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t (name) VALUES (?)", hostile) }
        #expect(error?.isConstraint == true)
        #expect(error?.description.contains(hostile) == false, "bound values never appear in errors")
    }

    @Test func transactionRollsBackOnThrowAndNestsAsSavepoints() throws {
        let db = try Connection(path: temporaryDatabasePath())
        try db.execute("CREATE TABLE t (n INTEGER)")
        struct Boom: Error {}
        try db.transaction {
            try db.run("INSERT INTO t VALUES (1)")
            _ = try? db.transaction {
                try db.run("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.query("SELECT n FROM t") { $0.int(0) } == [1])
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (3)")
                throw Boom()
            }
        }
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 1)
        #expect(!db.isInTransaction)
    }

    @Test func migrationsRunOnceInOrder() throws {
        let path = temporaryDatabasePath()
        let list = [Migration("a", sql: "CREATE TABLE a (x)"), Migration("b", sql: "CREATE TABLE b (x)")]
        let db = try Connection(path: path)
        #expect(try Migrator.migrate(db, list) == ["a", "b"])
        #expect(try Migrator.migrate(db, list) == [])
        #expect(try db.scalarInt("PRAGMA user_version") == 2)
        let more = list + [Migration("c", sql: "CREATE TABLE c (x)")]
        #expect(try Migrator.migrate(db, more) == ["c"])
        #expect(throws: DatabaseError.self) { try Migrator.migrate(db, [Migration("a", sql: "")]) }
    }

    /// Statements are found by where their SQL lies in memory first: texts built at run time, each freed before
    /// the next is made at the same address, must still each run their own SQL.
    @Test func sqlBuiltAtRunTimeRunsItsOwnStatementWhereverItLies() throws {
        let db = try Connection(path: ":memory:")
        // Each text twice: the statement cache keeps the first copy alive, the second is freed and its place is
        // taken by the next text.
        for number in 0..<300 {
            for _ in 0..<2 {
                let sql = "SELECT \(number) AS value" + String(repeating: " ", count: 40)
                #expect(try db.scalarInt(sql) == number)
            }
        }
    }

    /// Text is bound from the string's own bytes: every character comes back, an empty string is not NULL, and a
    /// NUL ends the text as it always did (a C string's end).
    @Test func textIsBoundAsItsBytesUpToANul() throws {
        let db = try Connection(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
        let texts = ["Иванов Иван Иванович «ёлка» 🎄", "", "ab\u{0}cd", String(repeating: "ж", count: 5_000)]
        for text in texts {
            try db.run("INSERT INTO t (value) VALUES (?)", text)
        }
        let stored = try db.query("SELECT value FROM t ORDER BY id") { $0.optionalText(0) }
        #expect(stored == ["Иванов Иван Иванович «ёлка» 🎄", "", "ab", String(repeating: "ж", count: 5_000)])
        // A string that is not stored contiguously (bridged from Foundation) is bound too.
        let bridged = NSString(string: "Ёжик в тумане") as String
        try db.run("INSERT INTO t (value) VALUES (?)", bridged)
        #expect(try db.scalarText("SELECT value FROM t ORDER BY id DESC LIMIT 1") == "Ёжик в тумане")
    }

    /// A migration's time is written as SQLite's `datetime('now')` wrote it, in UTC.
    @Test func migrationsAreStampedAsSQLiteStampedThem() throws {
        let db = try Connection(path: ":memory:")
        let instant = Date(timeIntervalSince1970: 1_777_359_600.75)
        #expect(Migrator.utcTimestamp(instant) == "2026-04-28 07:00:00")
        #expect(try db.scalarText("SELECT datetime(?, 'unixepoch')", 1_777_359_600) == Migrator.utcTimestamp(instant))
        #expect(Migrator.utcTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00")
    }
}

/// Sessions of chats silent past the retention are forgotten (100k anonymous `/start` chats must not grow the
/// database for ever); recent ones stay.
@Test func silentChatsSessionsAreForgottenAfterTheRetention() throws {
    let db = try Connection(path: ":memory:")
    _ = try Migrator.migrate(db, CoreStore.migrations)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    try CoreStore.saveSession(db, chat: "old", Session(), at: now.addingTimeInterval(-31 * 86_400))
    try CoreStore.saveSession(db, chat: "recent", Session(language: .en), at: now.addingTimeInterval(-29 * 86_400))
    let forgotten = try CoreStore.pruneSessions(db, now: now, retention: CoreStore.defaultSessionRetention)
    #expect(forgotten == 1)
    #expect(try CoreStore.loadSession(db, chat: "old") == nil)
    #expect(try CoreStore.loadSession(db, chat: "recent")?.language == .en)
}
