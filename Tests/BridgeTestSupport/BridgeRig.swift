import BotCore
import Foundation
import Testing

/// A real `botrunner serve --unix` and a real bridge program in a folder of their own; a subclass adds the
/// fake messenger API the bridge talks to.
open class BridgeRig {
    public let folder = ChildProcess.temporaryFolder()
    /// `telegram-bridge`, `max-bridge`.
    public let program: String
    public private(set) var bot: ChildProcess?
    public private(set) var bridge: ChildProcess?
    private var bridgeStarts = 0

    public var socketPath: String { folder.appendingPathComponent("bot.sock").path }
    public var database: String { folder.appendingPathComponent("bot.sqlite").path }
    public var statePath: String { folder.appendingPathComponent("bridge-state.json").path }
    public var bridgeTokenPath: String { folder.appendingPathComponent("bridge.token").path }
    public var botTokenPath: String { folder.appendingPathComponent("messenger.token").path }
    /// Everything every bridge process wrote to stderr.
    public var bridgeLogs: String {
        (1...max(1, bridgeStarts)).map { (try? String(contentsOf: bridgeLog($0), encoding: .utf8)) ?? "" }.joined()
    }

    /// A rig for `program` whose messenger token is `botToken`.
    public init(program: String, botToken: String) throws {
        self.program = program
        try "\(botToken)\n".write(toFile: botTokenPath, atomically: true, encoding: .utf8)
        try "bridge-secret-\(UUID().uuidString)\n".write(toFile: bridgeTokenPath, atomically: true, encoding: .utf8)
    }

    deinit {
        bridge?.kill()
        bot?.kill()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Adds the demo school and its confirmed director `director` / `demo-director`.
    public func seedDirector() throws {
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
    public func startBot() throws {
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
    public func killBot() {
        bot?.kill()
    }

    /// Starts (or restarts) the bridge against `apiBase` and the bot's socket, with `extra` options.
    public func startBridge(apiBase: String, chatRate: String = "100", extra: [String] = []) throws {
        bridgeStarts += 1
        bridge = try ChildProcess(
            program,
            [
                "--bot-token-file", botTokenPath, "--connect", "unix:\(socketPath)", "--bridge-token-file",
                bridgeTokenPath, "--api-base", apiBase, "--state", statePath, "--poll-timeout", "1",
                "--chat-rate", chatRate,
            ] + extra, logFile: bridgeLog(bridgeStarts))
    }

    /// Kills the bridge with SIGKILL.
    public func killBridge() {
        bridge?.kill()
    }

    private func bridgeLog(_ start: Int) -> URL {
        folder.appendingPathComponent("bridge-\(start).log")
    }

    /// Waits until the state file satisfies `predicate`, up to `timeout` seconds.
    public func waitForState(timeout: Double = 5, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !predicate(stateText) {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }

    /// The state file as text.
    public var stateText: String {
        (try? String(contentsOfFile: statePath, encoding: .utf8)) ?? ""
    }

    /// The bot's token for a direct `hello`, as the bridge sends it.
    public var bridgeToken: String {
        ((try? String(contentsOfFile: bridgeTokenPath, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
