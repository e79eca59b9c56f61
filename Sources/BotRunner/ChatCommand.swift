import BotCore
import Cabinet
import Dialogs
import Foundation

/// `botrunner chat`: the assistant in the terminal, on the embedded database.
enum ChatCommand {
    static func run(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: ["demo"])
        try arguments.allowOnly(["chat", "demo", "record"])
        let configuration = try arguments.configuration()
        let chat = arguments.value("chat") ?? "term:local"
        let processor = try SchoolBot.makeProcessor(configuration)
        if arguments.has("demo") {
            try DemoCommand.prepare(processor)
        }
        let routes = RouteTable()
        routes.opened(0)
        let terminal = Terminal()
        let recordPath = arguments.value("record")
        let recorder = recordPath.map { _ in
            ScriptRecorder(
                clock: configuration.clock, language: configuration.language,
                setup: arguments.has("demo") ? ["demo"] : [])
        }
        var counter = 0
        var buttons = TerminalButtons()
        var secret = false
        func send(_ text: String) {
            counter += 1
            let message = ChatMessage(
                chat: chat, text: text, id: "term-\(ProcessInfo.processInfo.processIdentifier)-\(counter)")
            let lines = processor.exchange(message, routes: routes)
            if let recorder, let recordPath {
                recorder.record(message, replies: lines)
                do {
                    try recorder.write(to: recordPath)
                } catch {
                    printError("botrunner: cannot write \(recordPath): \(error)")
                }
            }
            for (_, line) in lines where line.chat == chat || line.type == "error" {
                switch line.type {
                case "turn":
                    buttons = terminal.show(line.messages)
                    secret = line.messages.last?.input == .secret
                case "push":
                    _ = terminal.show(line.messages, isPush: true)
                default:
                    printError("botrunner: \(line.code ?? "error"): \(line.message ?? "")")
                }
            }
        }
        send("/start")
        while let typed = terminal.read(secret: secret) {
            let text = typed.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if !secret, let label = buttons.label(typed: text) {
                send(label)
            } else {
                send(typed)
            }
        }
        return 0
    }
}

/// The demo school for `--demo`.
enum DemoCommand {
    /// Creates whatever of the demo school is missing and prints its logins on stderr.
    static func prepare(_ processor: TurnProcessor<SchoolEnvironment>) throws {
        let logins = try processor.db.transaction { try DemoSchool.seed(processor.environment.cabinet) }
        printError("Demo school (INN \(DemoSchool.schoolINN)). Logins:")
        for login in logins {
            printError("  \(login.login) / \(login.password)  (\(login.role.rawValue))")
        }
    }
}
