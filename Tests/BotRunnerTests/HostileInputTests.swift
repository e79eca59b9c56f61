import BotCore
import Foundation
import Testing

/// Checks that a hostile run left the database as the seed made it: its schema, the one confirmed account, the one
/// organization.
func checkDatabase(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let db = try openDatabase(path)
    #expect(try db.scalarText("PRAGMA integrity_check") == "ok", sourceLocation: sourceLocation)
    let reference = crashTestFolder("hostile-reference")
    defer { try? FileManager.default.removeItem(at: reference) }
    try seedCrashDatabase(path: reference.appendingPathComponent("bot.sqlite").path, directors: 1, teachers: 2)
    let fresh = try openDatabase(reference.appendingPathComponent("bot.sqlite").path)
    let schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    let tables = try db.query(schema) {
        "\($0.optionalText(0) ?? "") \($0.optionalText(1) ?? "") \($0.optionalText(2) ?? "")"
    }
    #expect(
        tables
            == (try fresh.query(schema) {
                "\($0.optionalText(0) ?? "") \($0.optionalText(1) ?? "") \($0.optionalText(2) ?? "")"
            }),
        "the schema is intact", sourceLocation: sourceLocation)
    #expect(
        try db.scalarInt("SELECT count(*) FROM account WHERE status = 'confirmed'") == 1,
        "only the seeded director is confirmed", sourceLocation: sourceLocation)
    #expect(try db.scalarInt("SELECT count(*) FROM organization") == 1, sourceLocation: sourceLocation)
}

/// The hostile corpus (`Tests/Corpus/`) through every transport: broken JSON, deep nesting, huge numbers, NUL
/// and control characters, invalid UTF-8, right-to-left and combining characters, 4 KiB of emoji in a name, SQL
/// in every field, line-length edge cases.
///
/// Each line gets its documented error or a clear chat message, the process stays up, other chats go on, and the
/// database keeps its shape.
@Suite struct HostileInputTests {

    @Test func throughStandardInputAndOutput() throws {
        let folder = crashTestFolder("hostile-stdio")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 2)
        let server = try ServeProcess(ServeProcess.stdio(folder: folder), logURL: folder.appendingPathComponent("log"))
        let runner = HostileRunner(server)
        try runner.runCorpus()
        #expect(runner.problems.isEmpty, "\(runner.problems.prefix(20).joined(separator: "\n"))")
        #expect(server.isRunning, "the process stays up")
        #expect(server.finish() == 0)
        try checkDatabase(path)
        print("hostile: \(runner.tried) hostile lines and answers through stdio")
    }

    /// TCP (with a token: every connection opens with its `hello`) and a Unix socket, on one server; the bystander
    /// talks on a connection of its own.
    @Test func throughTCPAndUnixSockets() throws {
        let folder = crashTestFolder("hostile-sockets")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 2)
        let token = "hostile-token-5521"
        let server = try ServeProcess(
            try ServeProcess.sockets(folder: folder, token: token), logURL: folder.appendingPathComponent("log"))
        let (tcp, unix) = try server.listenAddresses()
        let hello = Array(#"{"type":"hello","token":"\#(token)"}"#.utf8) + [0x0A]
        let bystander = try SocketTransport(name: "bystander", address: tcp)
        #expect(bystander.write(hello))
        let lines = try HostileCorpus.lines()
        let answers = try HostileCorpus.answers()
        let steps = HostileRunner.formSteps(inn: crashINN(region: "16", 0), all: longTests)
        var tried = 0
        for (name, address) in [("tcp", tcp), ("unix", unix)] {
            let client = try SocketTransport(name: name, address: address)
            #expect(client.write(hello))
            let runner = HostileRunner(client, bystander: bystander)
            runner.runLines(lines)
            runner.runAnswers(answers, steps: name == "tcp" || longTests ? steps : Array(steps.prefix(2)))
            #expect(runner.problems.isEmpty, "\(runner.problems.prefix(20).joined(separator: "\n"))")
            tried += runner.tried
        }
        #expect(server.isRunning, "the process stays up")
        #expect(server.terminate() == 0)
        try checkDatabase(path)
        print("hostile: \(tried) hostile lines and answers through TCP and a Unix socket")
    }

    /// The same bytes typed into `botrunner chat`, which reads lines the terminal's way (no protocol limits).
    @Test func typedIntoTheTerminal() throws {
        let folder = crashTestFolder("hostile-terminal")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 2)
        var typed: [UInt8] = []
        var count = 0
        for line in try HostileCorpus.lines()
        where !line.bytes.contains(0x0A) && (longTests || line.bytes.count <= 2_048) {
            typed += line.bytes + [0x0A]
            count += 1
        }
        for answer in try HostileCorpus.answers() {
            typed += Array(answer.utf8) + [0x0A]
            count += 1
        }
        let run = try BotProcess.run(["chat", "--db", path, "--now", "2026-04-30T10:00:00+03:00"], input: Data(typed))
        let stderr = run.errorText
        #expect(run.status == 0, "the terminal chat ended normally: \(stderr.suffix(1_000))")
        #expect(!stderr.contains("Fatal error"))
        let stdout = run.output
        #expect(stdout.count > typed.count / 100, "it answered")
        try checkDatabase(path)
        print("hostile: \(count) hostile lines typed into the terminal chat")
    }
}
