import BotCore
import Foundation

/// A command line the bridge cannot run with: printed on stderr, exit status 2.
struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// What `telegram-bridge` was asked to do, validated before anything starts.
struct BridgeOptions: Equatable, Sendable {
    var botTokenFile: String
    var connect: ListenAddress
    var bridgeTokenFile: String?
    var apiBase = "https://api.telegram.org"
    var statePath = "telegram-bridge.state.json"
    /// Seconds Telegram holds a `getUpdates` call open when there is nothing new.
    var pollTimeout = 30
    /// Messages a second per chat, on average.
    var chatRate = 1.0
    /// Calls a second over all chats.
    var globalRate = 30

    static let usage = """
        usage: telegram-bridge --bot-token-file FILE --connect HOST:PORT|unix:PATH
                               [--bridge-token-file FILE] [--api-base URL] [--state FILE]
                               [--poll-timeout SECONDS] [--chat-rate PER_SECOND] [--global-rate PER_SECOND]

          --bot-token-file F     the Telegram bot token (from @BotFather), alone in a file
          --connect ADDRESS      the bot's socket: HOST:PORT (host defaults to 127.0.0.1) or unix:PATH
          --bridge-token-file F  the token of `botrunner serve --token-file`, sent in the hello line
          --api-base URL         the Bot API server (default https://api.telegram.org)
          --state FILE           offset, unsent replies and secret prompts (default telegram-bridge.state.json)
          --poll-timeout S       how long one getUpdates waits for news (default 30)
          --chat-rate N          messages a second per chat, on average (default 1; bursts of 3)
          --global-rate N        calls a second over all chats (default 30)
        """

    private static let valued: Set<String> = [
        "bot-token-file", "connect", "bridge-token-file", "api-base", "state", "poll-timeout", "chat-rate",
        "global-rate",
    ]

    /// Parses the words after the program name (`--name value` or `--name=value`).
    static func parse(_ words: [String]) throws(UsageError) -> BridgeOptions {
        var values: [String: String] = [:]
        var index = 0
        while index < words.count {
            let word = words[index]
            guard word.hasPrefix("--") else { throw UsageError("unexpected argument \(word)") }
            var name = String(word.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard valued.contains(name) else { throw UsageError("unknown option --\(name)") }
            if value == nil {
                guard index + 1 < words.count else { throw UsageError("--\(name) needs a value") }
                index += 1
                value = words[index]
            }
            guard values[name] == nil else { throw UsageError("--\(name) is given twice") }
            values[name] = value
            index += 1
        }
        guard let tokenFile = values["bot-token-file"] else { throw UsageError("--bot-token-file is required") }
        guard let connect = values["connect"] else { throw UsageError("--connect is required") }
        var options = BridgeOptions(botTokenFile: tokenFile, connect: try parseAddress(connect))
        options.bridgeTokenFile = values["bridge-token-file"]
        if let base = values["api-base"] {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw UsageError("--api-base takes an http or https URL, e.g. http://127.0.0.1:8081")
            }
            options.apiBase = base
        }
        if let state = values["state"] {
            guard !state.isEmpty else { throw UsageError("--state takes a file path") }
            options.statePath = state
        }
        if let text = values["poll-timeout"] {
            guard let seconds = Int(text), (0...50).contains(seconds) else {
                throw UsageError("--poll-timeout takes whole seconds from 0 to 50")
            }
            options.pollTimeout = seconds
        }
        if let text = values["chat-rate"] {
            guard let rate = Double(text), rate > 0, rate.isFinite else {
                throw UsageError("--chat-rate takes a positive number of messages a second")
            }
            options.chatRate = rate
        }
        if let text = values["global-rate"] {
            guard let rate = Int(text), rate > 0 else {
                throw UsageError("--global-rate takes a positive whole number of calls a second")
            }
            options.globalRate = rate
        }
        return options
    }

    /// `HOST:PORT`, `PORT` or `unix:PATH`.
    static func parseAddress(_ text: String) throws(UsageError) -> ListenAddress {
        do {
            if text.hasPrefix("unix:") { return try ListenAddress.parseUnix(String(text.dropFirst(5))) }
            let address = try ListenAddress.parseTCP(text)
            if case .tcp(_, 0) = address { throw UsageError("--connect needs the bot's port, not 0") }
            return address
        } catch let error as UsageError {
            throw error
        } catch {
            throw UsageError("--connect \(error)")
        }
    }

    /// Reads the bot token: the file's contents with surrounding whitespace trimmed, a single word.
    static func readBotToken(_ path: String) throws(UsageError) -> String {
        let token = try readFile(path, option: "bot-token-file").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw UsageError("--bot-token-file: \(path) is empty") }
        guard !token.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw UsageError("--bot-token-file: \(path) must hold the token alone, on one line")
        }
        return token
    }

    /// Reads the bridge token as `botrunner serve --token-file` does: trailing whitespace trimmed.
    static func readBridgeToken(_ path: String) throws(UsageError) -> String {
        var token = try readFile(path, option: "bridge-token-file")
        while let last = token.last, last.isWhitespace { token.removeLast() }
        guard !token.isEmpty else { throw UsageError("--bridge-token-file: \(path) is empty") }
        return token
    }

    private static func readFile(_ path: String, option: String) throws(UsageError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("--\(option): cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
