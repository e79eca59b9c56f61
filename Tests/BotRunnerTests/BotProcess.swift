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

    /// What a run to the end printed.
    struct Finished {
        /// The exit status (SIGTERM's when the run was stopped at the time limit).
        var status: Int32
        var output: Data
        var errors: Data
        var outputText: String { String(decoding: output, as: UTF8.self) }
        var errorText: String { String(decoding: errors, as: UTF8.self) }
    }

    /// Runs `botrunner arguments` with `input` as its standard input to the end (stopped after `timeout`
    /// seconds).
    ///
    /// Input and output go through files, so neither side can block on a full pipe.
    /// Standard error goes to `errorsTo` instead when given (then `errors` is empty).
    static func run(
        _ arguments: [String], input: Data = Data(), timeout: TimeInterval = 120, errorsTo: FileHandle? = nil
    ) throws -> Finished {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = ["in", "out", "err"].map { folder.appendingPathComponent($0) }
        try input.write(to: files[0])
        for file in files.dropFirst() { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try errorsTo ?? FileHandle(forWritingTo: files[2])
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Finished(
            status: process.terminationStatus, output: try Data(contentsOf: files[1]),
            errors: try Data(contentsOf: files[2]))
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
