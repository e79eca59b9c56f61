import BotCore
import Dialogs
import Foundation

/// `botrunner admin migrate-to-postgres --from FILE.sqlite --to postgres://...`: an installation moved from its
/// SQLite file to PostgreSQL, every table copied in one target transaction and checked by counts.
///
/// The command takes the SQLite file's process lock, as `serve` does: a server still running on the file is
/// refused instead of writing turns that would not come over. A target that already holds rows is refused
/// before anything is written. Values go in as bound parameters; the output names tables and counts only, never
/// a row's content or the target's password.
extension AdminCommand {
    static func migrateToPostgres(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: [])
        try arguments.allowOnly(["from", "to"])
        guard arguments.value("db") == nil, arguments.positional.isEmpty else {
            throw UsageError("migrate-to-postgres takes --from FILE.sqlite and --to postgres://..., nothing else")
        }
        guard let from = arguments.value("from"), !from.isEmpty, let to = arguments.value("to"), !to.isEmpty else {
            throw UsageError(
                "migrate-to-postgres needs --from FILE.sqlite and --to postgres://... "
                    + "(stop botrunner serve on the SQLite file first)")
        }
        guard case .sqlite(let path) = DatabaseLocation(from) else {
            throw UsageError("--from takes the SQLite file of the installation, not a PostgreSQL URL")
        }
        let target = DatabaseLocation(to)
        guard case .postgres = target else { throw UsageError("--to takes a postgres:// or postgresql:// URL") }
        // Opening a missing file would create an empty database and copy nothing: refuse it before SQLite can.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw UsageError("no SQLite file at \(path): --from takes the installation's existing database")
        }
        let lock: ProcessLock
        do {
            lock = try ProcessLock(forDatabase: path)
        } catch {
            throw UsageError(
                "botrunner serve is running on \(path): stop it first, so that no turn is written during the copy "
                    + "(\(error.description))")
        }
        defer { withExtendedLifetime(lock) {} }

        let source = try Connection.open(.sqlite(path: path))
        try Migrator.migrate(source, SchoolBot.migrations)
        let destination = try Connection.open(target)
        if let (table, rows) = try firstNonEmptyTable(destination) {
            printError(
                "botrunner admin migrate-to-postgres: \(target) already holds data (\(table): \(rows) rows); "
                    + "nothing changed. Copy into an empty database.")
            return 2
        }
        try Migrator.migrate(destination, SchoolBot.migrations)

        let tables = try copyOrder(source)
        let counts: [(table: String, rows: Int)]
        do {
            counts = try source.transaction {
                try destination.transaction { try copy(tables, from: source, to: destination) }
            }
        } catch let refusal as MigrationRefusal {
            printError("botrunner admin migrate-to-postgres: \(refusal.message); nothing copied (rolled back)")
            return 2
        }
        for (table, rows) in counts {
            print("\(table): \(rows) rows")
        }
        print("copied \(counts.map(\.rows).reduce(0, +)) rows in \(counts.count) tables to \(target)")
        print("next: run botrunner serve with --db on the PostgreSQL URL; keep \(path) as the backup")
        return 0
    }

    /// Why the copy stopped and rolled back (exit 2).
    private struct MigrationRefusal: Error {
        var message: String
    }

    /// A table of the target's schema that holds a row, with its count (schema_migration aside).
    private static func firstNonEmptyTable(_ target: Connection) throws -> (String, Int)? {
        let tables = try target.query(
            """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'
            ORDER BY table_name
            """
        ) { $0.text(0) }
        for table in tables {
            let rows = try target.scalarInt("SELECT count(*) FROM \(quoted(table))") ?? 0
            if rows > 0 { return (table, rows) }
        }
        return nil
    }

    /// The source's tables, each after the tables its foreign keys point to (a topological order; a table that
    /// points to itself is copied in key order, where a referenced row comes first).
    static func copyOrder(_ source: Connection) throws -> [String] {
        let names = try source.query(
            """
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration' ORDER BY name
            """
        ) { $0.text(0) }
        var parents: [String: Set<String>] = [:]
        for name in names {
            let referenced = try source.query("SELECT \"table\" FROM pragma_foreign_key_list(?)", name) { $0.text(0) }
            parents[name] = Set(referenced).subtracting([name])
        }
        var ordered: [String] = []
        var done: Set<String> = []
        while ordered.count < names.count {
            let ready = names.filter { !done.contains($0) && parents[$0, default: []].isSubset(of: done) }
            guard !ready.isEmpty else {
                let left = names.filter { !done.contains($0) }.joined(separator: ", ")
                throw UsageError("the foreign keys of \(left) form a cycle: no order copies them")
            }
            ordered += ready
            done.formUnion(ready)
        }
        return ordered
    }

    /// Copies `tables` in order and returns each table's rows.
    ///
    /// Checks every count on both sides, then moves the identity sequences past the copied keys. Runs inside the
    /// target's transaction: a throw undoes all of it.
    private static func copy(_ tables: [String], from source: Connection, to target: Connection) throws
        -> [(table: String, rows: Int)]
    {
        for table in tables {
            let rows = try target.scalarInt("SELECT count(*) FROM \(quoted(table))") ?? 0
            guard rows == 0 else { throw MigrationRefusal(message: "the target already holds data (\(table))") }
        }
        var counts: [(table: String, rows: Int)] = []
        for table in tables {
            let copied = try copyRows(of: table, from: source, to: target)
            let here = try source.scalarInt("SELECT count(*) FROM \(quoted(table))") ?? -1
            let there = try target.scalarInt("SELECT count(*) FROM \(quoted(table))") ?? -1
            guard here == there, copied == here else {
                throw MigrationRefusal(
                    message: "\(table) has \(here) rows in the SQLite file but \(there) on PostgreSQL after copying "
                        + "\(copied)")
            }
            counts.append((table, here))
        }
        // Last, once the counts agree: PostgreSQL does not undo `setval` on rollback.
        try continueIdentities(of: Set(tables), from: source, on: target)
        return counts
    }

    /// Copies one table row by row, each value bound with the type SQLite stored it as; returns the rows copied.
    private static func copyRows(of table: String, from source: Connection, to target: Connection) throws -> Int {
        let columns = try source.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", table) { $0.text(0) }
        let key = try source.query(
            "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table
        ) { quoted($0.text(0)) }
        let selected = columns.map { "typeof(\(quoted($0))), \(quoted($0))" }.joined(separator: ", ")
        // Key order: a row that another row of the same table points to (account.teacher_id) is older, so it goes
        // in first. A table without a declared key has a rowid.
        let order = key.isEmpty ? "rowid" : key.joined(separator: ", ")
        let insert =
            "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var copied = 0
        _ = try source.query("SELECT \(selected) FROM \(quoted(table)) ORDER BY \(order)") { row in
            var values: [SQLValue] = []
            values.reserveCapacity(columns.count)
            for index in columns.indices {
                let value = index * 2 + 1
                switch row.text(index * 2) {
                case "integer": values.append(.integer(Int64(row.int(value))))
                case "real": values.append(.real(row.double(value)))
                case "text": values.append(.text(row.text(value)))
                case "blob": values.append(.blob([UInt8](row.data(value))))
                default: values.append(.null)
                }
            }
            try target.run(insert, arguments: values)
            copied += 1
        }
        return copied
    }

    /// Sets each identity sequence of the copied tables to the largest key copied, or to the last key SQLite
    /// handed out for an `AUTOINCREMENT` table (`sqlite_sequence`), whichever is larger, so that new rows get new
    /// keys and a deleted key is not handed out again.
    private static func continueIdentities(of tables: Set<String>, from source: Connection, on target: Connection)
        throws
    {
        var issued: [String: Int] = [:]
        if try source.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'") == 1 {
            let sequences = try source.query("SELECT name, seq FROM sqlite_sequence") { ($0.text(0), $0.int(1)) }
            for (table, last) in sequences { issued[table] = last }
        }
        let identities = try target.query(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name
            """
        ) { ($0.text(0), $0.text(1)) }
        for (table, column) in identities where tables.contains(table) {
            let copied = try target.scalarInt("SELECT max(\(quoted(column))) FROM \(quoted(table))") ?? 0
            let last = max(copied, issued[table] ?? 0)
            guard last > 0 else { continue }
            try target.run("SELECT setval(pg_get_serial_sequence(?, ?), ?)", quoted(table), column, last)
        }
    }

    /// An identifier in double quotes (the names come from the schema, not from users).
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
