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

    /// Prints the bot's messages; returns the flat list of button labels, numbered from 1.
    func show(_ messages: [OutMessage], isPush: Bool = false) -> [String] {
        var labels: [String] = []
        var output = ""
        for message in messages {
            let prefix = isPush ? paint("🔔 ", "33") : ""
            output += prefix + paint(message.text, "36") + "\n"
            for row in message.buttons ?? [] {
                let cells = row.map { label -> String in
                    labels.append(label)
                    return paint("[\(labels.count)]", "1;33") + " " + label
                }
                output += "  " + cells.joined(separator: "   ") + "\n"
            }
        }
        write(output)
        return labels
    }

    /// Writes straight to the terminal (no stdio buffering, so prompts and messages keep their order).
    func write(_ text: String) {
        try? FileDescriptorIO.writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    /// Reads one answer; with `secret` the typed characters are not echoed. Nil at end of input.
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
