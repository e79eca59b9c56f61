import BotCore
import BridgeTestSupport
import Foundation
import Testing

/// The hostile corpus and the hostile answers through the web channel of a real `botrunner serve --http`: every
/// body gets an HTTP answer with a protocol object, every hostile answer typed at every step of every form gets a
/// proper turn, a bystander chat goes on, and the server stays up with its database intact.
@Suite(.serialized)
struct HostileWebTests {
    @Test func theCorpusAndEveryHostileAnswerThroughHTTP() throws {
        let folder = crashTestFolder("hostile-web")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("bot.sqlite").path
        try seedCrashDatabase(path: path, directors: 1, teachers: 2)
        let server = try SocketBotProcess(
            ["--http", "127.0.0.1:0", "--http-rate", "100000", "--stats-interval", "0"], folder: folder)
        defer { server.process.terminate() }
        guard let line = server.waitForLog("http listening on "), let range = line.range(of: "http listening on ")
        else {
            Issue.record("no http listening line: \(server.log)")
            return
        }
        let address = try ListenAddress.parseTCP(String(line[range.upperBound...]))
        let web = try WebLineTransport(address: address)

        // Each line of the corpus as a message's body: an answer with a status that fits, never a hang.
        let bystander = try WebSession.open(try HTTPTestClient(address))
        let talker = try HTTPTestClient(address)
        var problems: [String] = []
        for (index, entry) in try HostileCorpus.lines().enumerated() {
            let response = try web.post(entry.bytes)
            let type = response.json["type"]?.string
            if ![200, 400, 413].contains(response.status) || (type != "turn" && type != "error") {
                problems.append("line \(entry.number): \(response.status) \(response.text.prefix(120))")
            }
            if response.status == 200 && type == "turn" && entry.expected != "turn" && entry.expected != "pong"
                && !["missing_field", "bad_field"].contains(entry.expected)
            {
                problems.append("line \(entry.number): expected \(entry.expected), got a turn")
            }
            if index % 10 == 0 {
                let turn = try talker.request(
                    "POST", "/api/messages", body: #"{"text": "/start", "id": "b-\#(index)"}"#,
                    headers: bystander.headers)
                if turn.status != 200 || turn.json["type"] != .string("turn") {
                    problems.append("the bystander after line \(entry.number): \(turn.status) \(turn.text.prefix(80))")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")

        // Every hostile answer at every step of every form, as a person types it into the widget.
        let runner = HostileRunner(web)
        let steps = HostileRunner.formSteps(inn: crashINN(region: "16", 0), all: longTests)
        runner.runAnswers(try HostileCorpus.answers(), steps: longTests ? steps : Array(steps.prefix(3)))
        #expect(runner.problems.isEmpty, "\(runner.problems.prefix(20).joined(separator: "\n"))")
        #expect(runner.tried > 100)
        #expect(try HTTPTestClient(address).request("GET", "/healthz").status == 200)
        #expect(server.process.isRunning, "the process stays up")
        server.process.terminate()
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
        try checkDatabase(path)
        print("hostile: \(try HostileCorpus.lines().count) corpus bodies and \(runner.tried) answers through HTTP")
    }
}

/// Protocol lines carried over the web channel: a message line becomes a POST in the browser session of its chat
/// (one signed cookie per chat), a ping is answered here; the answers come back as lines.
final class WebLineTransport: LineTransport {
    let name = "web"
    let address: ListenAddress
    private var client: HTTPTestClient
    private var sessions: [String: WebSession] = [:]
    private var answers: [[UInt8]] = []

    init(address: ListenAddress) throws {
        self.address = address
        client = try HTTPTestClient(address)
    }

    /// POSTs `body` as it is, in the session of a chat named `corpus`.
    func post(_ body: [UInt8]) throws -> HTTPTestClient.Response {
        let session = try session(for: "corpus")
        var head = "POST /api/messages HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        for (name, value) in session.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        client.send(Array(head.utf8) + body)
        let response = try client.readResponse()
        // A refused body (413) is not read: the server closes that connection, and a browser opens another.
        if response.headers["connection"] == "close" { client = try HTTPTestClient(address) }
        return response
    }

    private func session(for chat: String) throws -> WebSession {
        if let session = sessions[chat] { return session }
        let session = try WebSession.open(client)
        sessions[chat] = session
        return session
    }

    func write(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: 0x0A) {
            guard case .object(var object)? = try? JSONParser.parse(Array(line)) else { return false }
            if object["type"] == .string("ping") {
                answers.append(Array(#"{"type":"pong","id":"\#(object["id"]?.string ?? "")"}"#.utf8))
                continue
            }
            guard let chat = object["chat"]?.string, let session = try? session(for: chat) else { return false }
            object["chat"] = nil
            var writer = JSONWriter()
            writer.value(.object(object))
            guard
                let response = try? client.request("POST", "/api/messages", body: writer.text, headers: session.headers)
            else { return false }
            // The answer speaks of the browser's chat; the runner knows it by the name it gave.
            var answer = response.body
            if case .object(var members)? = try? JSONParser.parse(answer) {
                members["chat"] = .string(chat)
                var rewritten = JSONWriter()
                rewritten.value(.object(members))
                answer = rewritten.bytes
            }
            answers.append(answer)
        }
        return true
    }

    func readLines(timeout: TimeInterval) -> [[UInt8]] {
        defer { answers = [] }
        return answers
    }
}
