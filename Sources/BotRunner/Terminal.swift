import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal's side of a chat: prints messages with numbered buttons, reads answers.
struct Terminal {
    let colors: Bool
    let interactive: Bool

    init() {
        colors = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        interactive = isatty(STDIN_FILENO) == 1
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Prints the bot's messages; returns their buttons as numbered on the screen.
    func show(_ messages: [OutMessage], isPush: Bool = false) -> TerminalButtons {
        var buttons = TerminalButtons(first: TerminalButtons.firstNumber(after: messages.map(\.text)))
        var output = ""
        for message in messages {
            let prefix = isPush ? paint("🔔 ", "33") : ""
            output += prefix + paint(message.text, "36") + "\n"
            for row in message.buttons ?? [] {
                let cells = row.map { label -> String in
                    buttons.labels.append(label)
                    return paint("[\(buttons.first + buttons.labels.count - 1)]", "1;33") + " " + label
                }
                output += "  " + cells.joined(separator: "   ") + "\n"
            }
        }
        write(output)
        return buttons
    }

    /// Writes straight to the terminal (no stdio buffering, so prompts and messages keep their order).
    func write(_ text: String) {
        try? FileDescriptorIO.writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    /// Reads one answer; with `secret` the typed characters are not echoed.
    ///
    /// Nil at end of input.
    func read(secret: Bool) -> String? {
        write(paint("> ", "1;32"))
        guard secret, interactive else { return readLine(strippingNewline: true) }
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            write("\n")
        }
        return readLine(strippingNewline: true)
    }
}

/// The buttons of the last turn as the terminal numbered them.
///
/// Typing a button's number presses it. When the text holds a numbered list (rows to choose, a form's items to fix),
/// the buttons are numbered on after its last row, so that a row's number typed as the answer reaches the dialog
/// instead of pressing a button.
struct TerminalButtons: Equatable {
    /// The number of the first button.
    var first = 1
    var labels: [String] = []

    /// The label of the button whose number was typed, or nil when `typed` is not one.
    func label(typed: String) -> String? {
        guard let number = Int(typed), number >= first, number < first + labels.count else { return nil }
        return labels[number - first]
    }

    /// One past the highest row number of a numbered list ("3.
    ///
    /// …" or "3) …" at a line's start) in `texts`.
    static func firstNumber(after texts: [String]) -> Int {
        var highest = 0
        for text in texts {
            for line in text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
                let rest = trimmed.dropFirst(digits.count)
                guard !digits.isEmpty, digits.count <= 4, let number = Int(digits),
                    rest.first == "." || rest.first == ")", rest.dropFirst().first == " "
                else { continue }
                highest = max(highest, number)
            }
        }
        return highest + 1
    }
}
