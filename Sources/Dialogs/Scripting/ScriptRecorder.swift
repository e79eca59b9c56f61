import BotCore
import Foundation

/// Writes a live conversation down as a `.dialog` script, so that a real conversation becomes a test in one step
/// (`botrunner chat --record FILE`).
///
/// Every turn is recorded with its meta, each message's exact text, buttons and input kind, and the pushes that
/// came with it; the clock's start and the minutes between messages are kept. A text typed where the bot asked
/// for a secret is written as ``secretPlaceholder``, which the runner refuses until a person writes the password.
///
/// ```swift
/// let recorder = ScriptRecorder(clock: configuration.clock, language: configuration.language, setup: ["demo"])
/// let lines = processor.exchange(message, routes: routes)
/// recorder.record(message, replies: lines)
/// try recorder.write(to: "conversation.dialog")
/// ```
///
/// Not `Sendable`: it belongs to the chat loop that feeds it.
public final class ScriptRecorder {
    /// What a recorded secret is replaced by.
    public static let secretPlaceholder = "<secret>"

    private let clock: Clock
    private var lines: [String]
    private var lastInstant: Date
    private var names: [String: String] = [:]
    private var currentChat: String?
    private var askedSecret: Set<String> = []

    /// A recorder whose script starts at the clock's present, in `language`, with `setup` lines (fixtures such as
    /// `demo` for `botrunner chat --demo`) written after the clock.
    public init(
        clock: Clock, language: Language = .ru, setup: [String] = [],
        title: String = "Recorded with botrunner chat --record"
    ) {
        self.clock = clock
        let start = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
        lastInstant = start
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = clock.timeZone
        lines = ["# " + title, "clock " + formatter.string(from: start)]
        if language != .ru { lines.append("language \(language.rawValue)") }
        lines += setup
    }

    /// The script so far.
    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// Writes the script so far to `path` (replacing the file).
    public func write(to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Records a message sent and the lines that came back (as ``TurnProcessor/exchange(_:connection:routes:)``
    /// returns them).
    public func record(_ message: ChatMessage, replies: [(Int, ServerLine)]) {
        lines.append("")
        moveClock()
        switchChat(to: message)
        let typed =
            askedSecret.contains(message.chat)
            ? Self.secretPlaceholder : message.text.replacingOccurrences(of: "\n", with: " ")
        lines.append("> " + typed)
        var pushes: [ServerLine] = []
        var turnSeen = false
        for (_, line) in replies {
            if line.type == "push" {
                if line.chat.flatMap({ names[$0] }) != nil { pushes.append(line) }
            } else if !turnSeen {
                turnSeen = true
                lines.append(contentsOf: Self.expectations(of: line))
                if line.messages.compactMap(\.input).last == .secret {
                    askedSecret.insert(message.chat)
                } else {
                    askedSecret.remove(message.chat)
                }
            }
        }
        for push in pushes {
            lines.append("push " + (push.chat.flatMap { names[$0] } ?? ""))
            lines.append(contentsOf: Self.messageLines(push.messages))
        }
    }

    private func moveClock() {
        let minutes = Int(clock.now().timeIntervalSince(lastInstant) / 60)
        guard minutes >= 1 else { return }
        lines.append("clock +\(minutes) minutes")
        lastInstant += Double(minutes) * 60
    }

    private func switchChat(to message: ChatMessage) {
        if let name = names[message.chat] {
            if currentChat != name { lines.append("chat " + name) }
            currentChat = name
            return
        }
        let plain = !message.chat.contains { $0.isWhitespace || $0 == "\"" || $0 == "=" } && !message.chat.isEmpty
        let name = plain ? message.chat : "chat\(names.count + 1)"
        names[message.chat] = name
        var declaration = "chat " + name
        if !plain { declaration += " id=" + ScriptLexer.quote(message.chat) }
        if let user = message.userName { declaration += " user=" + ScriptLexer.quote(user) }
        if let language = message.userLanguage { declaration += " lang=" + ScriptLexer.quote(language) }
        lines.append(declaration)
        currentChat = name
    }

    /// The `<` lines that hold for a turn exactly as it came.
    static func expectations(of line: ServerLine) -> [String] {
        if line.type == "error" { return ["< error \(line.code ?? "internal")"] }
        var result = ["< dialog \(line.dialog ?? "") step \(line.step ?? "")"]
        if line.duplicate { result.append("< duplicate") }
        return result + messageLines(line.messages)
    }

    /// `< text`, `< buttons` and `< input` lines for messages (numbered when there are several).
    static func messageLines(_ messages: [OutMessage]) -> [String] {
        var result: [String] = []
        if messages.count != 1 { result.append("< messages \(messages.count)") }
        for (index, message) in messages.enumerated() {
            let prefix = messages.count > 1 ? "message \(index + 1) " : ""
            if fitsBlock(message.text) {
                result.append("< \(prefix)text:")
                result += message.text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "    " + $0 }
            } else {
                result.append("< \(prefix)text " + ScriptLexer.quote(message.text))
            }
            let buttons = (message.buttons ?? []).flatMap { $0 }
            if !buttons.isEmpty {
                result.append("< \(prefix)buttons " + buttons.map(ScriptLexer.quote).joined(separator: " "))
            }
            if message.input == .secret { result.append("< \(prefix)input secret") }
        }
        return result
    }

    /// Whether a text reads back unchanged from an indented block: several lines, none with spaces at its ends,
    /// not starting or ending with an empty line.
    static func fitsBlock(_ text: String) -> Bool {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count > 1, let first = parts.first, let last = parts.last, !first.isEmpty, !last.isEmpty else {
            return false
        }
        return parts.allSatisfy { $0.first?.isWhitespace != true && $0.last?.isWhitespace != true }
    }
}
