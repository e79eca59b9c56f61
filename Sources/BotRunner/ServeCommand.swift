import BotCore
import Dialogs
import Foundation

/// `botrunner serve --stdio`: the line protocol.
enum ServeCommand {
    static func run(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: ["stdio"])
        try arguments.allowOnly(["stdio"])
        guard arguments.has("stdio") else { throw UsageError("serve needs --stdio") }
        let configuration = try arguments.configuration()
        let log: @Sendable (String) -> Void = { printError("botrunner: \($0)") }
        try StdioServer.run(log: log) {
            try SchoolBot.makeProcessor(configuration)
        }
        return 0
    }
}
