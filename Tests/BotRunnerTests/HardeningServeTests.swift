import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the hostile run found in `serve` itself: its log, its database file, its connections.
@Suite(.serialized) struct HardeningServeTests {
    @Test func aLogThatCannotBeWrittenDoesNotStopTheServer() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let folder = BotProcess.temporaryFolder()
        let socket = folder.appendingPathComponent("s.sock").path
        let bot = try SocketBotProcess(["--unix", socket], folder: folder, errorsTo: full)
        let client = try bot.connectUnix(socket)
        let turn = try client.exchange(#"{"chat":"a","text":"/start","id":"1"}"#)
        #expect(turn?.type == "turn", "the server answers although every log line fails")
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0, "a clean stop, not SIGILL")

        let stdio = try BotProcess.run(
            ["serve", "--stdio", "--db", folder.appendingPathComponent("stdio.sqlite").path],
            input: Data(#"{"chat":"a","text":"/start","id":"1"}"#.utf8 + [0x0A]), timeout: 60, errorsTo: full)
        #expect(stdio.status == 0, "stdio shuts down cleanly with its log on a full disk")
        #expect(stdio.outputText.contains(#""type":"turn""#))
    }

    @Test func aSecondServerOnTheSameDatabaseIsRefused() throws {
        let first = try SocketBotProcess(["--listen", "127.0.0.1:0"])
        _ = try first.tcpAddress()
        let second = try BotProcess.run(["serve", "--listen", "127.0.0.1:0", "--db", first.database], timeout: 20)
        #expect(second.status == 2)
        #expect(second.errorText.contains("another botrunner serve is already running"))
        first.signal(SIGTERM)
        #expect(first.waitForExit() == 0)
        // The lock goes with the process: the next start on the same database is served.
        let again = try SocketBotProcess(["--listen", "127.0.0.1:0"], folder: first.folder)
        _ = try again.tcpAddress()
        again.signal(SIGTERM)
        #expect(again.waitForExit() == 0)
    }

    @Test func aDeletedDatabaseStopsAcknowledging() throws {
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0"])
        let client = try LineClient(connectingTo: try bot.tcpAddress())
        #expect(try client.exchange(#"{"chat":"a","text":"/start","id":"1"}"#)?.type == "turn")
        for suffix in ["", "-wal", "-shm"] { unlink(bot.database + suffix) }
        let refused = try client.exchange(#"{"chat":"a","text":"/help","id":"2"}"#)
        #expect(refused?.type == "error" && refused?.code == "internal", "no turn acknowledged on a lost file")
        #expect(bot.waitForLog("was deleted or replaced") != nil)
        #expect(bot.waitForExit() == 1, "the server stops by itself, with a failure status")
    }

    @Test func theDatabaseAndItsJournalAreTheOwnersOnly() throws {
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0"])
        let client = try LineClient(connectingTo: try bot.tcpAddress())
        #expect(try client.exchange(#"{"chat":"a","text":"/start","id":"1"}"#)?.type == "turn")
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            #expect(stat(bot.database + suffix, &info) == 0)
            let mode = String(info.st_mode & 0o777, radix: 8)
            #expect(info.st_mode & 0o077 == 0, "\(suffix.isEmpty ? "database" : suffix) is mode \(mode)")
        }
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0)
    }

    @Test func idleConnectionsWithoutHelloAreTimedOutAndCapped() throws {
        let tokenFile = BotProcess.temporaryFolder().appendingPathComponent("token")
        try Data("s3cret\n".utf8).write(to: tokenFile)
        let bot = try SocketBotProcess([
            "--listen", "127.0.0.1:0", "--token-file", tokenFile.path, "--hello-timeout", "1",
            "--max-unauthenticated", "3", "--max-connections", "5",
        ])
        let address = try bot.tcpAddress()
        let idle = try (0..<3).map { _ in try LineClient(connectingTo: address) }
        let crowded = try LineClient(connectingTo: address)
        let turnedAway = crowded.receive(timeout: 5)
        #expect(turnedAway?.type == "error" && turnedAway?.code == "overloaded", "a fourth idle one is refused")
        #expect(crowded.readLine(timeout: 5) == nil, "and closed")
        for client in idle {
            let late = client.receive(timeout: 10)
            #expect(late?.type == "error" && late?.code == "unauthorized", "no hello within the deadline")
            #expect(client.readLine(timeout: 5) == nil)
        }
        // The bridge gets in once the idle ones are gone, up to the connection cap.
        var bridges: [LineClient] = []
        for index in 0..<5 {
            let bridge = try LineClient(connectingTo: address)
            bridges.append(bridge)
            try bridge.send(#"{"type":"hello","token":"s3cret"}"#)
            let turn = try bridge.exchange(#"{"chat":"b\#(index)","text":"/start","id":"1"}"#)
            #expect(turn?.type == "turn", "bridge connection \(index)")
        }
        let sixth = try LineClient(connectingTo: address)
        #expect(sixth.receive(timeout: 5)?.code == "overloaded", "past --max-connections")
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0)
    }

    @Test func failedLoginsAreLoggedMasked() throws {
        let folder = BotProcess.temporaryFolder()
        let lines = ["/login", "director", "not-the-password"].enumerated().map { index, text in
            #"{"chat":"tg:4242","text":"\#(text)","id":"\#(index)"}"#
        }
        _ = try BotProcess.run(
            ["chat", "--demo", "--db", folder.appendingPathComponent("seed.sqlite").path], timeout: 60)
        let run = try BotProcess.run(
            ["serve", "--stdio", "--db", folder.appendingPathComponent("seed.sqlite").path],
            input: Data((lines.joined(separator: "\n") + "\n").utf8), timeout: 60)
        #expect(run.errorText.contains("login failed (wrong pair): login d***r, chat t***2"), "\(run.errorText)")
        #expect(!run.errorText.contains("not-the-password") && !run.errorText.contains("director,"))
    }
}
