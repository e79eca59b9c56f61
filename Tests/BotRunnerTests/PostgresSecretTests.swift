import BotCore
import Foundation
import PostgresTestSupport
import Testing

/// The password in a PostgreSQL URL stays out of everything `serve` writes.
@Suite(.requiresPostgres) struct PostgresSecretTests {
    @Test func thePasswordInTheDatabaseURLIsNeverLogged() throws {
        let url = try PostgresCluster.shared().createDatabase("secret")
        // The test cluster trusts local connections, so libpq sends no password: only what `serve` shows is checked.
        let secretURL = url.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://postgres:Pw-7hx2q@")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess(
            [
                "serve", "--stdio", "--db", secretURL, "--outbox", folder.appendingPathComponent("outbox").path,
                "--inbox", folder.appendingPathComponent("inbox").path,
            ],
            logURL: folder.appendingPathComponent("serve.log"), directory: folder)
        let turn = server.exchange(#"{"type":"message","chat":"s","id":"1","text":"/start"}"#)
        #expect(turn?.type == "turn")
        #expect(server.finish() == 0)
        let log = server.log()
        #expect(log.contains("store: PostgreSQL postgresql://postgres:***@"))
        #expect(!log.contains("Pw-7hx2q"))
    }

    /// `--db postgresql://` with the rest from libpq's environment variables, as an operator keeps a password out
    /// of the command line.
    @Test func libpqsEnvironmentFillsInWhatTheURLLeavesOut() throws {
        let cluster = try PostgresCluster.shared()
        let url = try cluster.createDatabase("environment")
        let database = String(url.split(separator: "/").last!.split(separator: "?").first!)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = cluster.socketDirectory
        environment["PGPORT"] = String(cluster.port)
        environment["PGUSER"] = "postgres"
        environment["PGDATABASE"] = database
        let server = try ServeProcess(
            ["serve", "--stdio", "--db", "postgresql://"], logURL: folder.appendingPathComponent("serve.log"),
            environment: environment, directory: folder)
        #expect(server.exchange(#"{"type":"message","chat":"e","id":"1","text":"/start"}"#)?.type == "turn")
        #expect(server.finish() == 0)
        let db = try Connection.open(DatabaseLocation(url))
        #expect(try db.scalarInt("SELECT count(*) FROM turn_log WHERE chat = 'e'") == 1)
    }
}
