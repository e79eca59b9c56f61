import BotCore
import Foundation
import Testing

/// The terminal chat: a button is pressed by typing its number, and a row's number typed where the dialog asks
/// for rows reaches the dialog, because the buttons are numbered on after the list.
@Suite struct TerminalChatTests {
    @Test func aTypedNumberPressesAButtonOrChoosesARowWithoutMixingThemUp() throws {
        let folder = crashTestFolder("terminal-numbers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let transcript = folder.appendingPathComponent("recorded.dialog")
        let typed = ["/login", "director", "demo-director", "1", "2", "1", ""].joined(separator: "\n")
        let run = try BotProcess.run(
            [
                "chat", "--demo", "--db", folder.appendingPathComponent("bot.sqlite").path,
                "--now", "2026-04-30T10:00:00+03:00", "--record", transcript.path,
            ], input: Data(typed.utf8))
        let shown = run.outputText
        #expect(run.status == 0)
        let sent = try String(contentsOf: transcript, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("> ") }.map { String($0.dropFirst(2)) }
        #expect(
            sent == ["/start", "/login", "director", "<secret>", "Подтвердить пользователей", "2", "Подтвердить"],
            "the menu's [1], then row 2 of the list, then the choice's [1]")
        #expect(shown.contains("[1] Подтвердить пользователей"))
        #expect(shown.contains("3. Попов Дмитрий Андреевич — учитель\n"))
        #expect(shown.contains("[4] Все   [5] Поиск"), "the list's buttons come after its three rows")
        #expect(shown.contains("Выбрано: 1. Подтвердить или отклонить?\nКузнецова Ольга Николаевна"))
        #expect(shown.contains("Подтверждено: 1."))
    }
}
