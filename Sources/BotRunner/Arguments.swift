import BotCore
import Dialogs
import Foundation

/// A command-line usage error: printed on stderr, exit code 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The words after the command: `--name value` options, `--flag` switches and positional words.
struct Arguments {
    private(set) var options: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Parses `words`; `switches` are the options that take no value.
    init(_ words: [String], switches: Set<String>) throws {
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("--") {
                var name = String(word.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    options[String(name[..<equals])] = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                } else if switches.contains(name) {
                    flags.insert(name)
                } else {
                    guard index + 1 < words.count else { throw UsageError("--\(name) needs a value") }
                    options[name] = words[index + 1]
                    index += 1
                }
            } else {
                positional.append(word)
            }
            index += 1
        }
    }

    func value(_ name: String) -> String? { options[name] }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// Refuses options the command does not know.
    func allowOnly(_ names: Set<String>) throws {
        let unknown = Set(options.keys).union(flags).subtracting(names.union(Self.common))
        if let name = unknown.sorted().first {
            throw UsageError("unknown option --\(name)")
        }
    }

    static let common: Set<String> = ["db", "outbox", "inbox", "lang", "now", "durability"]

    /// The configuration the common options describe.
    func configuration() throws -> BotConfiguration {
        var language = Language.ru
        if let tag = value("lang") {
            guard let chosen = Language(tag: tag) else { throw UsageError("--lang takes ru or en") }
            language = chosen
        }
        var clock = Clock()
        if let now = value("now") {
            guard let instant = Clock.parseInstant(now) else {
                throw UsageError("--now takes an ISO 8601 instant, e.g. 2026-04-30T10:00:00+03:00")
            }
            clock = Clock(start: instant)
        }
        var durability = Durability.full
        if let mode = value("durability") {
            guard let chosen = Durability(rawValue: mode) else { throw UsageError("--durability takes full or normal") }
            durability = chosen
        }
        return BotConfiguration(
            databasePath: value("db") ?? "botrunner.sqlite", outbox: value("outbox"), inbox: value("inbox"),
            language: language, clock: clock, durability: durability)
    }
}

/// Writes a line to standard error (logs and diagnostics; stdout is for protocol lines only).
func printError(_ text: String) {
    StandardError.writeLine(text)
}
