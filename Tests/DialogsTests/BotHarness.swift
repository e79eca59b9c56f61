import BotCore
import Cabinet
import Dialogs
import Foundation

/// The whole assistant on a temporary folder, driven in-process like `serve` drives it.
final class BotHarness {
    let folder: URL
    let configuration: BotConfiguration
    let processor: TurnProcessor<SchoolEnvironment>
    let routes = RouteTable()
    private var counter = 0

    var cabinet: Cabinet { processor.environment.cabinet }

    init(now: String = "2026-04-30T10:00:00+03:00") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dialogs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        configuration = BotConfiguration(
            databasePath: folder.appendingPathComponent("bot.sqlite").path,
            clock: Clock.frozen(at: Clock.parseInstant(now)!), durability: .normal, random: .seeded(7),
            passwordCost: 1)
        processor = try SchoolBot.makeProcessor(configuration)
        for connection in 0..<8 { routes.opened(connection) }
    }

    /// Sends a message from `chat` (on its own connection number) and returns the turn.
    @discardableResult
    func send(_ text: String, chat: String = "c1", connection: Int = 0) -> ServerLine {
        counter += 1
        let lines = processor.exchange(
            ChatMessage(chat: chat, text: text, id: "m\(counter)"), connection: connection, routes: routes)
        lastPushes = lines.filter { $0.1.type == "push" }.map(\.1)
        return lines.first { $0.1.type == "turn" || $0.1.type == "error" }?.1
            ?? ServerLine.decode(#"{"type":"none"}"#)!
    }

    /// The pushes the last message produced.
    var lastPushes: [ServerLine] = []

    /// Runs the periodic work (the inbox scan) and returns the pushes it made.
    func maintain() -> [ServerLine] {
        processor.runMaintenance(routes: routes).compactMap { ServerLine.decode(Array($0.bytes.dropLast())) }
    }

    /// Writes a message into the inbox's `new/`.
    func dropMail(_ data: Data, name: String) throws {
        let new = URL(fileURLWithPath: configuration.inbox).appendingPathComponent("new")
        try FileManager.default.createDirectory(at: new, withIntermediateDirectories: true)
        for sub in ["tmp", "cur"] {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: configuration.inbox).appendingPathComponent(sub),
                withIntermediateDirectories: true)
        }
        try data.write(to: new.appendingPathComponent(name))
    }

    /// The messages written to the outbox's `new/`.
    func outbox() throws -> [MailMessage] {
        let new = URL(fileURLWithPath: configuration.outbox).appendingPathComponent("new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
        return try names.sorted().map { try MailMessage.parse(Data(contentsOf: new.appendingPathComponent($0))) }
    }

    /// Every byte of the database files.
    func databaseBytes() throws -> Data {
        var data = Data()
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: configuration.databasePath + suffix) {
                data.append(bytes)
            }
        }
        return data
    }

    /// Seeds the demo school.
    func seedDemo() throws {
        _ = try processor.db.transaction { try DemoSchool.seed(cabinet) }
    }
}

extension ServerLine {
    /// All message texts joined.
    var text: String { messages.map(\.text).joined(separator: "\n") }
    /// All button labels.
    var buttons: [String] { messages.flatMap { $0.buttons ?? [] }.flatMap { $0 } }
}
