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

    @Test func byTurnPrintsTheMeanLatencyOfEachTurnOfTheWorkload() throws {
        let run = try BotProcess.run(
            [
                "bench", "--chats", "6", "--window", "4", "--mode", "in-process,stdio", "--by-turn", "--durability",
                "normal",
            ])
        #expect(run.status == 0, "\(run.outputText)")
        for mode in ["in-process", "stdio"] {
            let line = try #require(
                run.outputText.split(separator: "\n").first {
                    $0.hasPrefix("\(mode) by turn, mean ms from turn 1 to 10: ")
                })
            let means = line.split(separator: ":").last!.split(separator: " ").compactMap { Double($0) }
            #expect(means.count == 10 && means.allSatisfy { $0 > 0 }, "\(line)")
        }
    }
}
