import BotCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SocketAddressTests {
    @Test(arguments: [
        ("8080", ListenAddress.tcp(host: "127.0.0.1", port: 8080)),
        (":0", .tcp(host: "127.0.0.1", port: 0)),
        ("0.0.0.0:7000", .tcp(host: "0.0.0.0", port: 7000)),
        ("localhost:65535", .tcp(host: "localhost", port: 65_535)),
        ("[::1]:9000", .tcp(host: "::1", port: 9000)),
    ])
    func aListenAddressIsParsed(text: String, expected: ListenAddress) throws {
        #expect(try ListenAddress.parseTCP(text) == expected)
    }

    @Test(arguments: ["", "host:", "host:http", "1.2.3.4:65536", "::1:80", "[::1]80", "[::1", ":-1"])
    func aBadListenAddressIsRefused(text: String) {
        #expect(throws: ListenAddress.ParseError.self) { try ListenAddress.parseTCP(text) }
    }

    @Test func aUnixPathMustFitTheKernelLimit() throws {
        #expect(try ListenAddress.parseUnix("/run/bot.sock") == .unixSocket(path: "/run/bot.sock"))
        #expect(throws: ListenAddress.ParseError.self) { try ListenAddress.parseUnix("") }
        #expect(throws: ListenAddress.ParseError.self) {
            try ListenAddress.parseUnix("/" + String(repeating: "a", count: 107))
        }
    }

    @Test func theTokenIsTrimmedAndComparedWhole() throws {
        let token = try #require(AccessToken("s3cret \n"))
        #expect(token.matches("s3cret"))
        #expect(!token.matches("s3cre"))
        #expect(!token.matches("s3cret "))
        #expect(!token.matches("s3cretX"))
        #expect(!token.matches(""))
        #expect(!token.matches(nil))
        #expect(AccessToken(" \n\t") == nil)
    }
}

@Suite struct SocketServerTests {
    @Test func aPushReachesAChatOnAnotherConnection() throws {
        let bot = try RunningSocketServer(SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)]))
        defer { bot.stop() }
        let alice = try LineClient(connectingTo: bot.tcp)
        let bob = try LineClient(connectingTo: bot.tcp)
        #expect(try alice.exchange(messageLine("a", "/start", id: "a1"))?.type == "turn")
        #expect(try bob.exchange(messageLine("b", "/start", id: "b1"))?.type == "turn")
        let sent = try alice.exchange(messageLine("a", "tell b hello", id: "a2"))
        #expect(sent?.type == "turn" && sent?.replyTo == "a2")
        let push = bob.receive()
        #expect(push?.type == "push" && push?.chat == "b")
        #expect(push?.messages.first?.text == "hello")
    }

    @Test func aPushWhileOfflineWaitsAndArrivesInOrderBeforeTheNextTurn() throws {
        let bot = try RunningSocketServer(SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)]))
        defer { bot.stop() }
        let bob = try LineClient(connectingTo: bot.tcp)
        #expect(try bob.exchange(messageLine("b", "/start", id: "b1"))?.type == "turn")
        bob.close()
        #expect(bot.waitForLog("connection 1 closed"))
        let alice = try LineClient(connectingTo: bot.tcp)
        #expect(try alice.exchange(messageLine("a", "/start", id: "a0"))?.type == "turn")
        #expect(try alice.exchange(messageLine("a", "tell b one", id: "a1"))?.type == "turn")
        #expect(try alice.exchange(messageLine("a", "tell b two", id: "a2"))?.type == "turn")
        let again = try LineClient(connectingTo: bot.tcp)
        try again.send(messageLine("b", "hi", id: "b2"))
        let lines = (0..<3).compactMap { _ in again.receive() }
        #expect(lines.map(\.type) == ["push", "push", "turn"])
        #expect(lines.prefix(2).map { $0.messages.first?.text } == ["one", "two"])
        #expect(lines.last?.replyTo == "b2")
    }

    @Test func perChatOrderHoldsAcrossThreeConnectionsOfAHundredChats() throws {
        let bot = try RunningSocketServer(SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)]))
        defer { bot.stop() }
        let clients = try (0..<3).map { _ in try LineClient(connectingTo: bot.tcp) }
        let rounds = 5
        for (index, client) in clients.enumerated() {
            var burst: [UInt8] = []
            for round in 1...rounds {
                for chat in 0..<100 {
                    burst += WireCodec.encodeMessage(
                        ChatMessage(
                            chat: "c\(index)-\(chat)", text: round == 1 ? "/start" : "n:\(round - 1)", id: "\(round)"))
                }
            }
            try client.write(burst)
        }
        for (index, client) in clients.enumerated() {
            var seen: [String: [Int]] = [:]
            for _ in 0..<(rounds * 100) {
                let line = try #require(client.receive())
                #expect(line.type == "turn")
                let round = try #require(line.replyTo.flatMap { Int($0) })
                seen[line.chat ?? "", default: []].append(round)
                if round > 1 {
                    #expect(line.messages.first?.text == "ok \(round - 1)", "processed in order")
                }
            }
            #expect(seen.count == 100, "connection \(index): every chat answered")
            #expect(seen.values.allSatisfy { $0 == Array(1...rounds) }, "exactly one turn per message, in order")
        }
    }

    @Test func overloadIsAnsweredAndNothingHangs() throws {
        var options = SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)])
        options.queueCapacity = 8
        options.connectionQueueLimit = 8
        let bot = try RunningSocketServer(options)
        defer { bot.stop() }
        let client = try LineClient(connectingTo: bot.tcp)
        var burst = Array((messageLine("s", "slow 300", id: "slow") + "\n").utf8)
        for index in 0..<100 {
            burst += Array((messageLine("c\(index)", "/start", id: "\(index)") + "\n").utf8)
        }
        try client.write(burst)
        var answers: [String: String] = [:]
        for _ in 0..<101 {
            let line = try #require(client.receive(timeout: 10), "every line is answered: no hang")
            let id = try #require(line.replyTo)
            #expect(answers[id] == nil, "one answer per message")
            answers[id] = line.type == "error" ? line.code : line.type
        }
        #expect(answers.count == 101)
        #expect(answers.values.contains("overloaded"))
        #expect(answers.values.contains("turn"))
        #expect(Set(answers.values).isSubset(of: ["turn", "overloaded"]))
    }

    @Test func aClientThatStopsReadingIsDroppedAndOthersGoOn() throws {
        var options = SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)])
        options.outputLimit = 64 << 10
        let bot = try RunningSocketServer(options)
        defer { bot.stop() }
        let sleeper = try LineClient(connectingTo: bot.tcp)
        let burst = (0..<200).map { messageLine("big", "big", id: "\($0)") + "\n" }.joined()
        try sleeper.write(Array(burst.utf8))
        #expect(bot.waitForLog("output over"), "the client that does not read is disconnected")
        let other = try LineClient(connectingTo: bot.tcp)
        let turn = try other.exchange(messageLine("o", "/start", id: "o1"))
        #expect(turn?.type == "turn" && turn?.replyTo == "o1")
    }

    @Test func aUnixSocketIsPrivateAndAStaleFileIsReplaced() throws {
        let path = temporarySocketPath()
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        close(stale)  // the file stays behind, nobody listening: a crashed server's
        let bot = try RunningSocketServer(SocketServerOptions(listen: [.unixSocket(path: path)]))
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        let client = try LineClient(connectingTo: .unixSocket(path: path))
        #expect(try client.exchange(messageLine("u", "/start", id: "1"))?.type == "turn")
        #expect(throws: ListenError.self, "a live server's socket is not taken over") {
            _ = try RunningSocketServer(SocketServerOptions(listen: [.unixSocket(path: path)]))
        }
        #expect(bot.stop())
        #expect(lstat(path, &info) != 0, "the socket file is removed at shutdown")

        let plain = temporarySocketPath()
        _ = FileManager.default.createFile(atPath: plain, contents: Data("keep".utf8))
        defer { unlink(plain) }
        #expect(throws: ListenError.self, "a file that is not a socket is never replaced") {
            _ = try RunningSocketServer(SocketServerOptions(listen: [.unixSocket(path: plain)]))
        }
    }

    @Test func theFirstLineMustBeAHelloWithTheToken() throws {
        let options = SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)], token: AccessToken("s3cret"))
        let bot = try RunningSocketServer(options)
        defer { bot.stop() }
        let wrong = try LineClient(connectingTo: bot.tcp)
        let refused = try wrong.exchange(#"{"type":"hello","token":"s3cre"}"#)
        #expect(refused?.type == "error" && refused?.code == "unauthorized")
        #expect(wrong.readLine() == nil, "the connection is closed after the refusal")
        let rude = try LineClient(connectingTo: bot.tcp)
        #expect(try rude.exchange(messageLine("r", "/start", id: "1"))?.code == "unauthorized")
        #expect(rude.readLine() == nil)
        let friend = try LineClient(connectingTo: bot.tcp)
        try friend.send(#"{"type":"hello","token":"s3cret"}"#)
        let turn = try friend.exchange(messageLine("f", "/start", id: "1"))
        #expect(turn?.type == "turn" && turn?.replyTo == "1")
    }

    @Test func stopFinishesEveryAcceptedMessage() throws {
        let bot = try RunningSocketServer(SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)]))
        let client = try LineClient(connectingTo: bot.tcp)
        var burst = Array((messageLine("s", "slow 1000", id: "slow") + "\n").utf8)
        for index in 0..<300 {
            burst += Array((messageLine("c\(index % 30)", "/start", id: "\(index)") + "\n").utf8)
        }
        try client.write(burst)
        usleep(200_000)  // read and queued by now; the writer sleeps in "slow" for a second
        #expect(bot.stop())
        let shutdown = try #require(bot.logs.value.first { $0.contains("shutting down") })
        let words = shutdown.split(separator: " ")
        let accepted = try #require(
            words.firstIndex(of: "accepted").flatMap { $0 > 0 ? Int(words[$0 - 1]) : nil },
            "the shutdown line counts what waits: \(shutdown)")
        #expect(accepted > 1, "the stop came while accepted messages waited: \(shutdown)")
        var answered = 0
        while let line = client.receive(timeout: 5) {
            #expect(line.type == "turn")
            answered += 1
        }
        #expect(answered == accepted, "every accepted message was committed and answered before the close")
    }
}
