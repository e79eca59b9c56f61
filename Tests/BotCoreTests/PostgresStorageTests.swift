import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import BotCore

/// The PostgreSQL store, against a real server (a throwaway cluster the test support starts).
@Suite(.requiresPostgres) struct PostgresStorageTests {
    private func fresh() throws -> Connection {
        try Connection(postgres: DatabaseLocation(try PostgresCluster.shared().createDatabase("storage")))
    }

    @Test func valuesGoInAsParametersAndComeBackAsTheyWere() throws {
        let db = try fresh()
        try db.executeSchema("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, at REAL, n INTEGER)")
        let hostile = "Robert'); DROP TABLE t;-- «ёлка» 🎄"
        let id = try db.insert("INSERT INTO t (name, at, n) VALUES (?, ?, ?)", hostile, 1.5, 1_777_359_600_000)
        #expect(id == 1)
        #expect(try db.insert("INSERT INTO t (name) VALUES (?)", "second") == 2)
        #expect(try db.scalarText("SELECT name FROM t WHERE id = ?", id) == hostile)
        #expect(try db.scalarInt("SELECT n FROM t WHERE name = ?", hostile) == 1_777_359_600_000)
        #expect(
            try db.queryFirst("SELECT at, n FROM t WHERE id = ?2 AND name = ?1", hostile, id) { $0.double(0) } == 1.5)
        // SQLite's `IS ?` compares NULLs equal; the translation keeps that.
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE at IS ?", SQLValue.null) == 1)
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE at IS ?", 1.5) == 1)
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE at IS NOT ?", 1.5) == 1)
        #expect(try db.run("UPDATE t SET n = ? WHERE n IS NULL", 7) == 1)
        let error = #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t (name) VALUES (?)", hostile) }
        #expect(error?.isConstraint == true)
        #expect(error?.sqlState == "23505")
        #expect(error?.description.contains("DROP TABLE") == false, "bound values stay out of errors")
        #expect(try db.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test func aFailedSavepointIsUndoneAndTheTransactionGoesOn() throws {
        let db = try fresh()
        try db.executeSchema("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        try db.transaction {
            try db.run("INSERT INTO t (name) VALUES (?)", "kept")
            #expect(throws: DatabaseError.self) {
                try db.transaction { try db.run("INSERT INTO t (name) VALUES (?)", "kept") }
            }
            #expect(db.transactionWasRolledBack == false)
            try db.run("INSERT INTO t (name) VALUES (?)", "also kept")
        }
        struct Undo: Error {}
        #expect(throws: Undo.self) {
            try db.transaction {
                try db.run("INSERT INTO t (name) VALUES (?)", "undone")
                throw Undo()
            }
        }
        #expect(try db.query("SELECT name FROM t ORDER BY id") { $0.text(0) } == ["kept", "also kept"])
    }

    @Test func theSchemaIsWrittenOnceAndAppendOnlyTablesStayAppendOnly() throws {
        let db = try fresh()
        try db.executeSchema(
            """
            CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, body BLOB) WITHOUT ROWID;
            CREATE TRIGGER log_no_update BEFORE UPDATE ON log
            BEGIN SELECT RAISE(ABORT, 'log is append-only'); END;
            """)
        let bytes = Data([0, 1, 0xFE, 0xFF])
        let id = try db.insert("INSERT INTO log (at, body) VALUES (?, ?)", 4_000_000_000_000, bytes)
        #expect(try db.queryFirst("SELECT at, body FROM log WHERE id = ?", id) { $0.data(1) } == bytes)
        let error = #expect(throws: DatabaseError.self) { try db.run("UPDATE log SET at = 1") }
        #expect(error?.isConstraint == true)
        #expect(error?.message.contains("append-only") == true)
    }

    @Test func migrationsRunOnceEvenWhenTwoProcessesStartTogether() throws {
        let url = try PostgresCluster.shared().createDatabase("migrate")
        let steps = CoreStore.migrations + [Migration("test-1", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY);")]
        let applied = Mutex<[[String]]>([])
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                let ids = (try? Migrator.migrate(try Connection(postgres: DatabaseLocation(url)), steps)) ?? ["failed"]
                applied.withLock { $0.append(ids) }
            }
        }
        group.wait()
        let runs = applied.withLock { $0 }.sorted { $0.count < $1.count }
        #expect(runs == [[], steps.map(\.id)])
        let db = try Connection(postgres: DatabaseLocation(url))
        #expect(try Migrator.migrate(db, steps) == [])
        #expect(try db.scalarInt("SELECT count(*) FROM schema_migration") == steps.count)
    }

    @Test func aLostConnectionIsMadeAgainAtTheNextTransaction() throws {
        let url = try PostgresCluster.shared().createDatabase("reconnect")
        let db = try Connection(postgres: DatabaseLocation(url))
        try db.executeSchema("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        let pid = try #require(try db.scalarInt("SELECT pg_backend_pid()"))
        let admin = try Connection(postgres: DatabaseLocation(url))
        try admin.run("SELECT pg_terminate_backend(CAST(? AS INTEGER))", pid)
        let lost = #expect(throws: DatabaseError.self) {
            try db.transaction { try db.run("INSERT INTO t (name) VALUES (?)", "lost") }
        }
        #expect(lost?.isConnectionLost == true)
        try db.transaction { try db.run("INSERT INTO t (name) VALUES (?)", "after") }
        #expect(try admin.query("SELECT name FROM t") { $0.text(0) } == ["after"])
    }

    @Test func aChatLockedByOneConnectionWaitsForItsCommitInAnother() throws {
        let url = try PostgresCluster.shared().createDatabase("locks")
        let first = try Connection(postgres: DatabaseLocation(url))
        try first.executeSchema("CREATE TABLE counter (chat TEXT PRIMARY KEY, n INTEGER NOT NULL)")
        try first.run("INSERT INTO counter (chat, n) VALUES ('c', 0)")
        let holding = DispatchSemaphore(value: 0)
        let seen = Mutex<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { done.signal() }
            guard let second = try? Connection(postgres: DatabaseLocation(url)) else { return }
            holding.wait()
            // Waits for the first connection's lock on "c", then reads what it committed, from a fresh snapshot.
            let n = try? second.transaction(lockingChats: ["other", "c"]) {
                let n = try second.scalarInt("SELECT n FROM counter WHERE chat = 'c'") ?? -1
                try second.run("UPDATE counter SET n = ? WHERE chat = 'c'", n + 1)
                return n
            }
            seen.withLock { $0 = n }
        }
        try first.transaction(lockingChats: ["c"]) {
            holding.signal()
            Thread.sleep(forTimeInterval: 0.3)
            #expect(seen.withLock { $0 } == nil, "the second connection waited")
            try first.run("UPDATE counter SET n = n + 1 WHERE chat = 'c'")
        }
        done.wait()
        #expect(seen.withLock { $0 } == 1)
        #expect(try first.scalarInt("SELECT n FROM counter WHERE chat = 'c'") == 2)
        // The locks were let go: the first connection takes them again at once.
        try first.transaction(lockingChats: ["c", "other"]) {}
    }

    @Test func aRowChangedByAnotherTransactionMeanwhileIsASerializationFailure() throws {
        let url = try PostgresCluster.shared().createDatabase("conflict")
        let first = try Connection(postgres: DatabaseLocation(url))
        let second = try Connection(postgres: DatabaseLocation(url))
        try first.executeSchema("CREATE TABLE account (id INTEGER PRIMARY KEY, status TEXT NOT NULL)")
        try first.run("INSERT INTO account (id, status) VALUES (1, 'pending')")
        let error = #expect(throws: DatabaseError.self) {
            try first.transaction {
                #expect(try first.scalarText("SELECT status FROM account WHERE id = 1") == "pending")
                try second.transaction { try second.run("UPDATE account SET status = 'confirmed' WHERE id = 1") }
                try first.run("UPDATE account SET status = 'rejected' WHERE id = 1")
            }
        }
        #expect(error?.isSerializationFailure == true)
        #expect(error?.isBusy == true)
        #expect(try first.scalarText("SELECT status FROM account WHERE id = 1") == "confirmed")
    }

    @Test func oneProcessAtATimeHoldsALease() throws {
        let url = try PostgresCluster.shared().createDatabase("lease")
        var first: Connection? = try Connection(postgres: DatabaseLocation(url))
        let second = try Connection(postgres: DatabaseLocation(url))
        #expect(first?.holdsLease(.maintenance) == true)
        #expect(first?.holdsLease(.maintenance) == true)
        #expect(second.holdsLease(.maintenance) == false)
        first = nil  // the process ends: its connection closes, and once the server has seen it the lease is free
        let deadline = Date().addingTimeInterval(5)
        while !second.holdsLease(.maintenance) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(second.holdsLease(.maintenance) == true)
    }

    @Test func aPushQueuedInOneProcessIsHeardInAnother() throws {
        let url = try PostgresCluster.shared().createDatabase("notify")
        let heard = Mutex<[String]>([])
        let arrived = DispatchSemaphore(value: 0)
        let listener = PushListener(location: DatabaseLocation(url), log: { _ in }) { chat in
            heard.withLock { $0.append(chat) }
            arrived.signal()
        }
        defer { listener.stop() }
        let db = try Connection(postgres: DatabaseLocation(url))
        // LISTEN runs on the listener's thread: announce until it has started hearing.
        var attempts = 0
        while heard.withLock({ $0.isEmpty }) && attempts < 50 {
            try db.transaction { try db.notify(PushListener.channel, "tg:42") }
            _ = arrived.wait(timeout: .now() + 0.1)
            attempts += 1
        }
        #expect(heard.withLock { $0.first } == "tg:42")
        struct Undo: Error {}
        let before = heard.withLock { $0.count }
        _ = try? db.transaction {
            try db.notify(PushListener.channel, "rolled-back")
            throw Undo()
        }
        try db.transaction { try db.notify(PushListener.channel, "tg:43") }
        let deadline = Date().addingTimeInterval(5)
        while !heard.withLock({ $0.contains("tg:43") }) && Date() < deadline { _ = arrived.wait(timeout: .now() + 0.1) }
        let later = Array(heard.withLock { $0 }.dropFirst(before)).filter { $0 != "tg:42" }
        #expect(later == ["tg:43"], "a rolled-back push is not announced")
    }
}

/// The dialect translation, without a server.
@Suite struct PostgresSQLTests {
    @Test func placeholdersBecomeNumberedOutsideQuotes() {
        let plain = PostgresSQL.statement("SELECT '?' FROM t WHERE a = ? AND b = \"?\" AND c LIKE ? ESCAPE '\\'")
        #expect(plain.text == "SELECT '?' FROM t WHERE a = $1 AND b = \"?\" AND c LIKE $2 ESCAPE '\\'")
        #expect(plain.parameters == 2)
        let numbered = PostgresSQL.statement("SELECT 1 WHERE (?3 IS NULL OR x LIKE ?3) AND y = ?1 AND z = ?2")
        #expect(numbered.text == "SELECT 1 WHERE ($3 IS NULL OR x LIKE $3) AND y = $1 AND z = $2")
        #expect(numbered.parameters == 3)
        #expect(
            PostgresSQL.statement("x IS ? AND y is not ?").text == "x IS NOT DISTINCT FROM $1 AND y IS DISTINCT FROM $2"
        )
    }

    @Test func theSchemaTakesPostgreSQLsTypes() {
        let schema = PostgresSQL.schema(
            "CREATE TABLE q (seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, n INTEGER, b BLOB) WITHOUT ROWID;"
        )
        #expect(
            schema
                == "CREATE TABLE q (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at DOUBLE PRECISION NOT NULL, "
                + "n BIGINT, b BYTEA);")
    }

    @Test func errorsKeepTheirMeaning() {
        #expect(DatabaseError(code: PostgresSQL.sqliteCode(forState: "23503"), message: "").isConstraint)
        #expect(DatabaseError(code: PostgresSQL.sqliteCode(forState: "40P01"), message: "").isBusy)
        #expect(DatabaseError(code: PostgresSQL.sqliteCode(forState: "53100"), message: "").isReadOnlyOrFull)
        #expect(!DatabaseError(code: PostgresSQL.sqliteCode(forState: "42P01"), message: "").isConstraint)
    }

    @Test func theLocationSaysWhichStoreAndHidesThePassword() {
        #expect(DatabaseLocation("bot.sqlite") == .sqlite(path: "bot.sqlite"))
        #expect(DatabaseLocation("postgresql:///bot").filePath == nil)
        #expect(DatabaseLocation("postgres://bot:s3cret@db:5432/bot").description == "postgres://bot:***@db:5432/bot")
        #expect(
            DatabaseLocation("postgres://db/bot?password=s3cret&sslmode=require").description
                == "postgres://db/bot?password=***&sslmode=require")
    }
}
