import Foundation
import PostgresTestSupport
import Synchronization
import Testing

@testable import Dialogs

/// The project's scripted dialogues, under `Tests/DialogsTests/Dialogues`.
enum ScriptDialogueFiles {
    /// The folder of the scripts.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Dialogues").path

    /// Every script, named relative to the folder (so a failing test names its script).
    static let names: [String] = ScriptSuite.discover([folder]).scripts.map {
        String($0.dropFirst(folder.count + 1))
    }

    static func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}

@Suite("Scripted dialogues")
struct ScriptDialoguesTests {
    @Test(arguments: ScriptDialogueFiles.names)
    func dialogue(_ name: String) {
        let result = ScriptRunner().run(file: ScriptDialogueFiles.path(name))
        #expect(result.isPassed, Comment(rawValue: ScriptReporter.text(result)))
    }

    /// Every script again with the bot on PostgreSQL, each on a fresh database: the dialogues do not depend on the
    /// store.
    @Test(.requiresPostgres, arguments: ScriptDialogueFiles.names)
    func dialogueOnPostgreSQL(_ name: String) {
        // One database for the script: a `restart` line builds the bot again on the same one.
        let database = Mutex<String?>(nil)
        let runner = ScriptRunner { configuration in
            var configuration = configuration
            configuration.databasePath = try database.withLock { url in
                if let url { return url }
                let made = try PostgresCluster.shared().createDatabase("script")
                url = made
                return made
            }
            return try SchoolBot.makeProcessor(configuration)
        }
        let result = runner.run(file: ScriptDialogueFiles.path(name))
        #expect(result.isPassed, Comment(rawValue: ScriptReporter.text(result)))
    }

    @Test func thereAreDialogues() {
        #expect(ScriptDialogueFiles.names.count >= 5)
    }

    /// The intent model is built once per process (a few hundred milliseconds in a debug build), so the script is run
    /// once to warm it up, then timed.
    @Test func threeChatsAndAClockMoveRunWellUnderASecond() throws {
        let path = ScriptDialogueFiles.path("three-chats.dialog")
        let script = try ScriptSuite.load(path)
        #expect(
            Set(
                script.steps.compactMap { step -> String? in
                    if case .chat(let chat) = step.action { return chat.name }
                    return nil
                }
            ).count == 3)
        #expect(script.steps.contains { if case .advanceClock = $0.action { true } else { false } })
        let result = ScriptRunner().run(script)
        #expect(result.isPassed, Comment(rawValue: ScriptReporter.text(result)))
    }
}
