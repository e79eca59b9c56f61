import BotCore
import Foundation

/// A command line the bridge cannot run with: printed on stderr, exit status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// What one bridge program is: its name, its messenger's defaults and the switches of its own.
public struct BridgeProgram: Sendable {
    /// `telegram-bridge`.
    public var name: String
    /// `Telegram`.
    public var messenger: String
    /// Where the bot token comes from, for the usage text (`@BotFather`).
    public var tokenSource: String
    public var defaultAPIBase: String
    /// The longest long poll the messenger allows, in seconds.
    public var maximumPollTimeout: Int
    /// Switches without a value: name → what it does.
    public var flags: [(name: String, help: String)]

    public init(
        name: String, messenger: String, tokenSource: String, defaultAPIBase: String, maximumPollTimeout: Int,
        flags: [(name: String, help: String)] = []
    ) {
        self.name = name
        self.messenger = messenger
        self.tokenSource = tokenSource
        self.defaultAPIBase = defaultAPIBase
        self.maximumPollTimeout = maximumPollTimeout
        self.flags = flags
    }

    /// The usage text.
    public var usage: String {
        let pad = String(repeating: " ", count: name.count + 8)
        let flagWords = flags.map { "[--\($0.name)]" }.joined(separator: " ")
        let flagLines = flags.map { "  --\($0.name.padding(toLength: 21, withPad: " ", startingAt: 0))\($0.help)" }
        return """
            usage: \(name) --bot-token-file FILE --connect HOST:PORT|unix:PATH
            \(pad)[--bridge-token-file FILE] [--api-base URL] [--state FILE] [--poll-timeout SECONDS]
            \(pad)[--chat-rate PER_SECOND] [--global-rate PER_SECOND] [--answer-timeout SECONDS] \(flagWords)

              --bot-token-file F     the \(messenger) bot token (from \(tokenSource)), alone in a file
              --connect ADDRESS      the bot's socket: HOST:PORT (host defaults to 127.0.0.1) or unix:PATH
              --bridge-token-file F  the token of `botrunner serve --token-file`, sent in the hello line
              --api-base URL         the \(messenger) Bot API server (default \(defaultAPIBase))
              --state FILE           position, unsent replies and secret prompts (default \(name).state.json)
              --poll-timeout S       how long one poll waits for news (default 30, at most \(maximumPollTimeout))
              --chat-rate N          messages a second per chat, on average (default 1; bursts of 3)
              --global-rate N        calls a second over all chats (default 30)
              --answer-timeout S     seconds to wait for the bot's answer before moving on (default 60)

            """ + flagLines.joined(separator: "\n")
    }
}

/// What a bridge was asked to do, validated before anything starts.
public struct BridgeOptions: Equatable, Sendable {
    /// The program's name: also the id of the ping that proves the bot accepted the connection.
    public var program: String
    public var botTokenFile: String
    public var connect: ListenAddress
    public var bridgeTokenFile: String?
    public var apiBase: String
    public var statePath: String
    /// Seconds the messenger holds a poll open when there is nothing new.
    public var pollTimeout = 30
    /// Messages a second per chat, on average.
    public var chatRate = 1.0
    /// Calls a second over all chats.
    public var globalRate = 30
    /// Seconds a message given to the bot may wait for its turn before the poll position moves past it.
    public var answerTimeout = 60.0
    /// The program's switches that were given.
    public var flags: Set<String> = []

    private static let valued: Set<String> = [
        "bot-token-file", "connect", "bridge-token-file", "api-base", "state", "poll-timeout", "chat-rate",
        "global-rate", "answer-timeout",
    ]

    /// Parses the words after the program name (`--name value` or `--name=value`).
    public static func parse(_ words: [String], for program: BridgeProgram) throws(UsageError) -> BridgeOptions {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        let flagNames = Set(program.flags.map(\.name))
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
            if flagNames.contains(name) && value == nil {
                flags.insert(name)
                index += 1
                continue
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
        var options = BridgeOptions(
            program: program.name, botTokenFile: tokenFile, connect: try parseAddress(connect),
            apiBase: program.defaultAPIBase, statePath: "\(program.name).state.json")
        options.flags = flags
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
            guard let seconds = Int(text), (0...program.maximumPollTimeout).contains(seconds) else {
                throw UsageError("--poll-timeout takes whole seconds from 0 to \(program.maximumPollTimeout)")
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
        if let text = values["answer-timeout"] {
            guard let seconds = Double(text), seconds >= 1, seconds.isFinite else {
                throw UsageError("--answer-timeout takes a number of seconds, at least 1")
            }
            options.answerTimeout = seconds
        }
        return options
    }

    /// `HOST:PORT`, `PORT` or `unix:PATH`.
    public static func parseAddress(_ text: String) throws(UsageError) -> ListenAddress {
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
    public static func readBotToken(_ path: String) throws(UsageError) -> String {
        let token = try readFile(path, option: "bot-token-file").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw UsageError("--bot-token-file: \(path) is empty") }
        guard !token.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw UsageError("--bot-token-file: \(path) must hold the token alone, on one line")
        }
        return token
    }

    /// Reads the bridge token as `botrunner serve --token-file` does: trailing whitespace trimmed.
    public static func readBridgeToken(_ path: String) throws(UsageError) -> String {
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
