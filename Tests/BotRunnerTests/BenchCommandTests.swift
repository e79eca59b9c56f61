import Foundation
import Testing

@Suite struct BenchCommandTests {
    @Test func aSmallBenchChecksItselfAndPrintsEveryMode() throws {
        let run = try BotProcess.run(
            ["bench", "--chats", "12", "--window", "8", "--connections", "2", "--durability", "normal"])
        let text = run.outputText
        #expect(run.status == 0, "\(text)")
        #expect(text.contains("12 chats x 10 turns = 120 turns per mode"))
        for mode in ["in-process", "stdio", "tcp"] {
            #expect(text.contains("\n\(mode) "), "a line of figures for \(mode)")
        }
        #expect(text.contains("cold start to first turn"))
        #expect(text.contains("checked:"))
    }
}
