import BotCore
import Foundation
import PostgresTestSupport
import Testing

/// Two servers on one PostgreSQL database, as two `serve` processes on two machines would be.
@Suite(.requiresPostgres) struct PostgresServerTests {
    private func twoServers() throws -> (RunningSocketServer, RunningSocketServer) {
        let database = try PostgresCluster.shared().createDatabase("servers")
        let options = SocketServerOptions(listen: [.tcp(host: "127.0.0.1", port: 0)])
        let first = try RunningSocketServer(options, database: database)
        return (first, try RunningSocketServer(options, database: database))
    }

    @Test func aPushMadeInOneServerReachesTheChatConnectedToTheOther() throws {
        let (one, two) = try twoServers()
        defer {
            one.stop()
            two.stop()
        }
        let bob = try LineClient(connectingTo: one.tcp)
        let alice = try LineClient(connectingTo: two.tcp)
        #expect(try bob.exchange(messageLine("b", "/start", id: "b1"))?.type == "turn")
        #expect(try alice.exchange(messageLine("a", "/start", id: "a1"))?.type == "turn")
        // The first server hears of pushes once its listener is connected: until then a push waits in the database.
        var live: ServerLine?
        for attempt in 0..<50 where live == nil {
            let sent = try alice.exchange(messageLine("a", "tell b hello\(attempt)", id: "a\(attempt + 2)"))
            #expect(sent?.type == "turn")
            live = bob.receive(timeout: 0.2)
        }
        #expect(live?.type == "push" && live?.chat == "b")
        #expect(live?.messages.first?.text.hasPrefix("hello") == true)
        // Live from now on, each push once, in order.
        for word in ["one", "two", "three"] {
            #expect(try alice.exchange(messageLine("a", "tell b \(word)", id: "w-\(word)"))?.type == "turn")
        }
        var texts: [String] = []
        while let push = bob.receive(timeout: 2), push.type == "push" {
            if let text = push.messages.first?.text, !text.hasPrefix("hello") { texts.append(text) }
            if texts.count == 3 { break }
        }
        #expect(texts == ["one", "two", "three"])
        // Nothing is delivered twice: up to b's next turn only greetings queued before the listener may still come.
        try bob.send(messageLine("b", "n:1", id: "b2"))
        var late: [String] = []
        while let line = bob.receive(timeout: 5), line.replyTo != "b2" {
            late.append(line.messages.first?.text ?? line.type)
        }
        #expect(late.allSatisfy { $0.hasPrefix("hello") }, "\(late)")
    }

    @Test func theSameIDSentToBothServersIsHandledOnceAndTheChatGoesOnInEither() throws {
        let (one, two) = try twoServers()
        defer {
            one.stop()
            two.stop()
        }
        let first = try LineClient(connectingTo: one.tcp)
        let second = try LineClient(connectingTo: two.tcp)
        #expect(try first.exchange(messageLine("c", "n:1", id: "1"))?.messages.first?.text == "ok 1")
        let again = try second.exchange(messageLine("c", "n:1", id: "1"))
        #expect(again?.duplicate == true && again?.messages.first?.text == "ok 1")
        // The chat's state is one: numbers sent alternately to the two servers stay in order.
        for number in 2...20 {
            let client = number % 2 == 0 ? second : first
            #expect(
                try client.exchange(messageLine("c", "n:\(number)", id: "\(number)"))?.messages.first?.text
                    == "ok \(number)")
        }
    }

    @Test func bothServersBusyAtOnceThenEveryChatMovesToTheOther() throws {
        let (one, two) = try twoServers()
        defer {
            one.stop()
            two.stop()
        }
        let clients = [try LineClient(connectingTo: one.tcp), try LineClient(connectingTo: two.tcp)]
        let chats = 40
        /// Sends rounds `rounds` of every chat, chat i through `clients[(i + shift) % 2]`, without waiting; then
        /// reads every answer: each must be the chat's next number, in order.
        func run(_ rounds: ClosedRange<Int>, shift: Int) throws {
            for round in rounds {
                for chat in 0..<chats {
                    try clients[(chat + shift) % 2].send(messageLine("c\(chat)", "n:\(round)", id: "\(chat)-\(round)"))
                }
            }
            var answers: [String: [String]] = [:]
            for client in clients {
                for _ in 0..<(chats / 2 * rounds.count) {
                    guard let line = client.receive(timeout: 20), let chat = line.chat else { break }
                    answers[chat, default: []].append(line.messages.first?.text ?? line.type)
                }
            }
            for chat in 0..<chats {
                #expect(answers["c\(chat)"] == rounds.map { "ok \($0)" }, "chat \(chat)")
            }
        }
        try run(1...10, shift: 0)
        // As after a failover: every chat now talks to the other server, which goes on from the shared session.
        try run(11...15, shift: 1)
    }
}
