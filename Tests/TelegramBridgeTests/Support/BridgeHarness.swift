import BotCore
import BridgeTestSupport
import Foundation
import Testing

/// The fake Bot API, a real `botrunner serve --unix` and a real `telegram-bridge` between them, in a folder of
/// their own; the test plays the person writing in Telegram.
final class BridgeHarness {
    let folder = ChildProcess.temporaryFolder()
    let fake: FakeBotAPI
    private(set) var bot: ChildProcess?
    private(set) var bridge: ChildProcess?
    private var bridgeStarts = 0
    /// The Telegram chat the person writes in.
    let chat: Int64 = 4242

    var socketPath: String { folder.appendingPathComponent("bot.sock").path }
    var database: String { folder.appendingPathComponent("bot.sqlite").path }
    var statePath: String { folder.appendingPathComponent("bridge-state.json").path }
    var bridgeTokenPath: String { folder.appendingPathComponent("bridge.token").path }
    var botTokenPath: String { folder.appendingPathComponent("telegram.token").path }
    /// Everything every bridge process wrote to stderr.
    var bridgeLogs: String {
        (1...max(1, bridgeStarts)).map { (try? String(contentsOf: bridgeLog($0), encoding: .utf8)) ?? "" }.joined()
    }

    init() throws {
        fake = try FakeBotAPI()
        try "\(fake.token)\n".write(toFile: botTokenPath, atomically: true, encoding: .utf8)
        try "bridge-secret-\(UUID().uuidString)\n".write(toFile: bridgeTokenPath, atomically: true, encoding: .utf8)
    }

    deinit {
        bridge?.kill()
        bot?.kill()
        fake.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Adds the demo school and its confirmed director `director` / `demo-director`.
    func seedDirector() throws {
        let log = folder.appendingPathComponent("admin.log")
        let common = ["--db", database]
        let org = try ChildProcess.run(
            "botrunner",
            ["admin", "add-org", "--inn", "7707083893", "--name", "МБОУ СОШ № 1", "--email", "school1@example.ru"]
                + common, logFile: log)
        let account = try ChildProcess.run(
            "botrunner",
            [
                "admin", "add-account", "--role", "director", "--login", "director", "--password-stdin", "--org",
                "7707083893", "--name", "Иванова Мария Петровна", "--confirmed",
            ] + common,
            input: "demo-director\n", logFile: log)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(org == 0 && account == 0, "seeding failed: \(output)")
    }

    /// Starts (or restarts) the bot on the Unix socket, with the bridge token, and waits until it listens.
    func startBot() throws {
        let log = folder.appendingPathComponent("bot-\(UUID().uuidString.prefix(4)).log")
        let bot = try ChildProcess(
            "botrunner",
            [
                "serve", "--unix", socketPath, "--token-file", bridgeTokenPath, "--db", database,
                "--now", "2026-04-30T10:00:00+03:00",
            ], logFile: log)
        self.bot = bot
        #expect(bot.waitForLog("listening on") != nil, "the bot did not start: \(bot.log)")
    }

    /// Kills the bot with SIGKILL.
    func killBot() {
        bot?.kill()
    }

    /// Starts (or restarts) the bridge against the fake API and the bot's socket.
    func startBridge(chatRate: String = "100") throws {
        bridgeStarts += 1
        bridge = try ChildProcess(
            "telegram-bridge",
            [
                "--bot-token-file", botTokenPath, "--connect", "unix:\(socketPath)", "--bridge-token-file",
                bridgeTokenPath, "--api-base", fake.apiBase, "--state", statePath, "--poll-timeout", "1",
                "--chat-rate", chatRate,
            ], logFile: bridgeLog(bridgeStarts))
    }

    /// Kills the bridge with SIGKILL.
    func killBridge() {
        bridge?.kill()
    }

    private func bridgeLog(_ start: Int) -> URL {
        folder.appendingPathComponent("bridge-\(start).log")
    }

    /// The person writes `text`; waits until `count` more messages reached Telegram and returns them.
    @discardableResult
    func say(
        _ text: String, expecting count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeBotAPI.Sent] {
        let before = fake.read { $0.sentMessages.count }
        fake.userSends(text, chat: chat)
        return awaitMessages(after: before, count: count, timeout: timeout, sourceLocation: sourceLocation)
    }

    /// Waits until `count` messages after the first `before` reached Telegram; returns them.
    func awaitMessages(
        after before: Int, count: Int, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) -> [FakeBotAPI.Sent] {
        let arrived = fake.wait(timeout: timeout) { $0.sentMessages.count >= before + count }
        #expect(arrived, "expected \(count) message(s); bridge log:\n\(bridgeLogs)", sourceLocation: sourceLocation)
        return fake.read { Array($0.sentMessages.dropFirst(before).prefix(count)) }
    }

    /// Lets in-flight work settle, then checks that exactly `total` messages were sent in all.
    func expectNoMoreMessages(total: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        Thread.sleep(forTimeInterval: 0.4)
        let texts = fake.read { $0.sentMessages.map(\.text) }
        #expect(texts.count == total, "messages sent: \(texts)", sourceLocation: sourceLocation)
    }

    /// Waits until the state file satisfies `predicate`, up to `timeout` seconds.
    func waitForState(timeout: Double = 5, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !predicate(stateText) {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    /// The state file as text.
    var stateText: String {
        (try? String(contentsOfFile: statePath, encoding: .utf8)) ?? ""
    }
}
