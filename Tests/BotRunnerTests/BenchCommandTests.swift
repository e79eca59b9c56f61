import Foundation
import Testing

@Suite struct BenchCommandTests {
    @Test func aSmallBenchChecksItselfAndPrintsEveryMode() throws {
        let process = Process()
        process.executableURL = BotProcess.executable
        process.arguments = ["bench", "--chats", "12", "--window", "8", "--connections", "2", "--durability", "normal"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("12 chats x 10 turns = 120 turns per mode"))
        for mode in ["in-process", "stdio", "tcp"] {
            #expect(text.contains("\n\(mode) "), "a line of figures for \(mode)")
        }
        #expect(text.contains("cold start to first turn"))
        #expect(text.contains("checked:"))
    }
}
