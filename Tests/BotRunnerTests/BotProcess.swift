import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `botrunner`, started as a child process and driven through its pipes.
final class BotProcess {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private lazy var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)

    /// The folder of the test bundle, where SwiftPM puts the `botrunner` executable too.
    static var executable: URL {
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [products, Bundle.main.bundleURL] {
            let url = candidate.appendingPathComponent("botrunner")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return products.appendingPathComponent("botrunner")
    }

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("botrunner-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    init(_ arguments: [String]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Writes raw bytes to the bot's standard input.
    func write(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes))
    }

    /// Writes one line (a newline is added).
    func send(_ line: String) {
        write(Array((line + "\n").utf8))
    }

    /// Reads the next output line, waiting up to `timeout` seconds.
    func readLine(timeout: TimeInterval = 10) -> String? {
        reader.line(timeout: timeout).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sends a line and decodes the next output line.
    func exchange(_ line: String) -> ServerLine? {
        send(line)
        return readLine().flatMap { ServerLine.decode($0) }
    }

    /// Closes standard input and waits for the exit status.
    func finish() -> Int32 {
        input.fileHandleForWriting.closeFile()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills the process with SIGKILL (no chance to clean up).
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Everything written to standard error so far (after the process ended).
    func errorOutput() -> String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
