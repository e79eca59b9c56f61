import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where each bench run keeps its data: a fresh SQLite file in the bench's folder, or, with `--db postgres://…`,
/// a fresh database made on that server for the run (and dropped after it unless `--keep`).
struct BenchStore {
    /// The server `--db` names (its database is used only to make and drop the bench's own), or nil for SQLite.
    let server: DatabaseLocation?
    let folder: URL
    let keep: Bool

    /// A fresh, empty store for `name` (a mode, or a cold start).
    func fresh(_ name: String) throws -> String {
        guard let server else { return folder.appendingPathComponent("\(name).sqlite").path }
        let database = "botrunner_bench_\(getpid())_\(name.filter { $0.isLetter || $0.isNumber })"
        let admin = try Connection(postgres: server)
        try admin.execute("DROP DATABASE IF EXISTS \(database)")
        try admin.execute("CREATE DATABASE \(database)")
        return Self.url(server, database: database)
    }

    /// Drops the databases `fresh` made on the server (nothing for SQLite: the folder goes with the bench).
    func dropAll(_ names: [String]) {
        guard let server, !keep, let admin = try? Connection(postgres: server) else { return }
        for name in names {
            let database = "botrunner_bench_\(getpid())_\(name.filter { $0.isLetter || $0.isNumber })"
            try? admin.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
    }

    /// `location`'s URL naming `database` instead of its own.
    static func url(_ location: DatabaseLocation, database: String) -> String {
        guard case .postgres(let text) = location, let scheme = text.range(of: "://") else { return database }
        let rest = text[scheme.upperBound...]
        let query = rest.firstIndex(of: "?") ?? rest.endIndex
        let slash = rest[..<query].firstIndex(of: "/") ?? query
        return String(text[..<slash]) + "/" + database + String(rest[query...])
    }
}
