import BotCore
import Foundation
import PostgresTestSupport
import Testing

/// The hostile corpus through `serve --stdio` on PostgreSQL: every hostile line gets its clear answer, the bystander
/// chat is untouched, the process stays up, and the database keeps its tables.
@Suite(.requiresPostgres) struct PostgresHostileTests {
    @Test func throughStandardInputAndOutputOnPostgreSQL() throws {
        let url = try PostgresCluster.shared().createDatabase("hostile")
        let folder = crashTestFolder("hostile-postgres")
        defer { try? FileManager.default.removeItem(at: folder) }
        try seedCrashDatabase(path: url, directors: 1, teachers: 2)
        let db = try Connection.open(DatabaseLocation(url))
        let tables = try db.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
        ) { $0.text(0) }
        let server = try ServeProcess(
            [
                "serve", "--stdio", "--db", url, "--now", "2026-04-30T10:00:00+03:00",
                "--outbox", folder.appendingPathComponent("outbox").path,
                "--inbox", folder.appendingPathComponent("inbox").path,
            ], logURL: folder.appendingPathComponent("log"), directory: folder)
        let runner = HostileRunner(server)
        try runner.runCorpus()
        #expect(runner.problems.isEmpty, "\(runner.problems.prefix(20).joined(separator: "\n"))")
        #expect(server.isRunning, "the process stays up")
        #expect(server.finish() == 0)
        let after = try db.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
        ) { $0.text(0) }
        #expect(after == tables, "no table dropped or added")
        print("hostile: \(runner.tried) hostile lines and answers through stdio on PostgreSQL")
    }
}
