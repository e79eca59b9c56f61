import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct SocketServeTests {
    /// The first turns of the credentials flow and where each must leave the chat.
    static let flow: [(text: String, dialog: String, step: String)] = [
        ("/start", "menu", "main"),
        ("Нет логина и пароля", "credentials", "ask_name"),
        ("МБОУ СОШ №1 г. Казани", "credentials", "ask_inn"),
        ("1234567890", "credentials", "ask_inn"),
        ("7707083893", "credentials", "ask_region"),
    ]

    @Test func perChatOrderHoldsForThreeConnectionsOfAHundredChatsSendingAtOnce() throws {
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0"])
        let address = try bot.tcpAddress()
        let clients = try (0..<3).map { _ in try LineClient(connectingTo: address) }
        for (index, client) in clients.enumerated() {
            var burst: [UInt8] = []
            for (round, step) in Self.flow.enumerated() {
                for chat in 0..<100 {
                    burst += flowLine("c\(index)-\(chat)", step.text, id: "\(round)")
                }
            }
            try client.write(burst)
        }
        for (index, client) in clients.enumerated() {
            var rounds: [String: [Int]] = [:]
            for _ in 0..<(Self.flow.count * 100) {
                let line = try #require(client.receive(timeout: 30), "connection \(index): a turn is missing")
                #expect(line.type == "turn")
                let chat = try #require(line.chat)
                #expect(chat.hasPrefix("c\(index)-"), "a turn goes back on the connection that carried its chat")
                let round = try #require(line.replyTo.flatMap { Int($0) })
                rounds[chat, default: []].append(round)
                #expect(
                    line.dialog == Self.flow[round].dialog && line.step == Self.flow[round].step,
                    "\(chat) turn \(round) ended at \(line.dialog ?? "?")/\(line.step ?? "?")")
            }
            #expect(rounds.count == 100)
            #expect(rounds.values.allSatisfy { $0 == Array(0..<Self.flow.count) }, "one turn per message, in order")
        }
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0)
    }

    @Test func aWrongTokenIsRefusedAndTheConnectionClosed() throws {
        let tokenFile = BotProcess.temporaryFolder().appendingPathComponent("token")
        try Data("s3cret\n".utf8).write(to: tokenFile)
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0", "--token-file", tokenFile.path])
        let address = try bot.tcpAddress()
        let stranger = try LineClient(connectingTo: address)
        let refused = try stranger.exchange(#"{"type":"hello","token":"guess"}"#)
        #expect(refused?.type == "error" && refused?.code == "unauthorized")
        #expect(stranger.readLine() == nil, "closed after the refusal")
        let hasty = try LineClient(connectingTo: address)
        #expect(try hasty.exchange(#"{"chat":"h","text":"/start","id":"1"}"#)?.code == "unauthorized")
        #expect(hasty.readLine() == nil)
        let bridge = try LineClient(connectingTo: address)
        try bridge.send(#"{"type":"hello","token":"s3cret"}"#)
        let turn = try bridge.exchange(#"{"chat":"b","text":"/start","id":"1"}"#)
        #expect(turn?.type == "turn" && turn?.dialog == "menu")
        #expect(bot.log.contains { $0.contains("refused") })
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0)
    }

    @Test func aUnixSocketIsMode0600AndServedBesideTCP() throws {
        let path = "/tmp/botrunner-\(UUID().uuidString.prefix(8)).sock"
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0", "--unix", path])
        let address = try bot.tcpAddress()
        #expect(bot.waitForLog("listening on unix \(path)") != nil)
        var info = stat()
        #expect(lstat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let local = try LineClient(connectingTo: .unixSocket(path: path))
        let remote = try LineClient(connectingTo: address)
        #expect(try local.exchange(#"{"chat":"u","text":"/start","id":"1"}"#)?.type == "turn")
        #expect(try remote.exchange(#"{"chat":"t","text":"/start","id":"1"}"#)?.type == "turn")
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0)
        #expect(lstat(path, &info) != 0, "the socket file is gone after shutdown")
        #expect(bot.log.contains { $0.contains("connection 1 opened") }, "connections are logged")
    }

    /// The signal must come while accepted lines wait, on a fast machine too: another connection holds the
    /// database's write lock, so the writer can answer nothing until the signal is in; then the lock goes.
    @Test func sigtermLosesNoAcceptedMessage() throws {
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0"])
        let client = try LineClient(connectingTo: try bot.tcpAddress())
        let lock = try Connection(path: bot.database)
        try lock.execute("BEGIN IMMEDIATE")
        var burst: [UInt8] = []
        var sent: Set<String> = []
        for (round, step) in Self.flow.enumerated() {
            for chat in 0..<100 {
                burst += flowLine("s\(chat)", step.text, id: "\(round)")
                sent.insert("s\(chat)/\(round)")
            }
        }
        try client.write(burst)
        usleep(200_000)  // read and queued by now; nothing can be answered while the lock is held
        bot.signal(SIGTERM)
        let shutdown = try #require(bot.waitForLog("shutting down"))
        try lock.execute("ROLLBACK")
        let accepted = try #require(Self.acceptedCount(in: shutdown), "the shutdown line counts: \(shutdown)")
        #expect(accepted > 0 && accepted <= sent.count, "the signal came while accepted lines waited: \(shutdown)")
        var answered: Set<String> = []
        while let line = client.receive(timeout: 30) {
            #expect(line.type == "turn", "an answer, not an error: \(String(describing: line.code))")
            answered.insert("\(line.chat ?? "?")/\(line.replyTo ?? "?")")
        }
        #expect(answered.count == accepted, "every accepted line got its turn before the connection closed")
        #expect(answered.isSubset(of: sent))
        #expect(bot.waitForExit() == 0)
        let stored = try lock.query("SELECT chat || '/' || message_id FROM turn_log") { $0.text(0) }
        #expect(Set(stored) == answered, "every answered line was committed, and nothing else")
    }

    /// `N` of "shutting down (…): N accepted lines to finish, …".
    private static func acceptedCount(in line: String) -> Int? {
        guard let range = line.range(of: " accepted lines") else { return nil }
        return Int(line[..<range.lowerBound].split(separator: " ").last ?? "")
    }

    @Test func aClientFasterThanTheBotGetsOverloadedNotAHang() throws {
        let bot = try SocketBotProcess(["--listen", "127.0.0.1:0", "--queue", "4"])
        let client = try LineClient(connectingTo: try bot.tcpAddress())
        var burst: [UInt8] = []
        for index in 0..<400 {
            burst += flowLine("o\(index % 50)", "/start", id: "\(index)")
        }
        try client.write(burst)
        var codes: [String: Int] = [:]
        for _ in 0..<400 {
            let line = try #require(client.receive(timeout: 30), "every message is answered")
            codes[line.type == "error" ? line.code ?? "?" : line.type, default: 0] += 1
        }
        #expect((codes["overloaded"] ?? 0) > 0)
        #expect((codes["turn"] ?? 0) > 0)
        #expect(codes.keys.allSatisfy { ["turn", "overloaded"].contains($0) })
        bot.signal(SIGTERM)
        #expect(bot.waitForExit() == 0)
    }
}
