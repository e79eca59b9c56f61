import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `botrunner serve --stdio` as a child process for the crash, fault, hostile-input and secrets suites: raw
/// writes that report a dead server instead of trapping, lines read with a deadline, standard error kept in a
/// file (so it can neither fill a pipe nor be lost), SIGKILL, and the child's memory.
final class ServeProcess {
    let process = Process()
    /// Where the server's standard error goes.
    let logURL: URL
    private let input = Pipe()
    private let output = Pipe()
    private lazy var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)

    /// A write to a dead child must fail with EPIPE, not kill the test runner.
    static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Starts `botrunner` with `arguments`; standard error is appended to `logURL`.
    ///
    /// `directory`, when given, is the child's current folder (where files without a configured place go).
    init(_ arguments: [String], logURL: URL, environment: [String: String]? = nil, directory: URL? = nil) throws {
        _ = Self.ignoreBrokenPipes
        self.logURL = logURL
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        log.seekToEndOfFile()
        process.executableURL = BotProcess.executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = log
        try process.run()
        try? log.close()
    }

    /// The arguments of `serve --stdio` on the database in `folder` with a pinned clock.
    static func stdio(folder: URL, extra: [String] = []) -> [String] {
        [
            "serve", "--stdio", "--db", folder.appendingPathComponent("bot.sqlite").path,
            "--now", "2026-04-30T10:00:00+03:00",
        ] + extra
    }

    var pid: Int32 { process.processIdentifier }
    /// The server's standard input, for a writer thread of a test's own.
    var inputDescriptor: Int32 { input.fileHandleForWriting.fileDescriptor }
    var isRunning: Bool { process.isRunning }

    /// Writes bytes to the server's standard input; false when the server is gone.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        do {
            try FileDescriptorIO.writeAll(input.fileHandleForWriting.fileDescriptor, bytes)
            return true
        } catch {
            return false
        }
    }

    /// Writes one line (a newline is added).
    @discardableResult
    func send(_ line: String) -> Bool {
        write(Array((line + "\n").utf8))
    }

    /// The complete lines that arrive within `timeout` (at least one unless the time runs out or output ends).
    func readLines(timeout: TimeInterval) -> [[UInt8]] {
        if !pending.isEmpty {
            defer { pending.removeAll() }
            return pending
        }
        return reader.lines(timeout: timeout)
    }

    /// The next line, decoded, within `timeout`.
    func next(timeout: TimeInterval = 20) -> ServerLine? {
        if pending.isEmpty { pending = readLines(timeout: timeout) }
        guard !pending.isEmpty else { return nil }
        return ServerLine.decode(pending.removeFirst())
    }

    private var pending: [[UInt8]] = []

    /// Sends a line and returns the next line the server writes.
    func exchange(_ line: String, timeout: TimeInterval = 20) -> ServerLine? {
        send(line)
        return next(timeout: timeout)
    }

    /// SIGKILL: no chance to finish anything; a line half written stays half written.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        reader.discard()
        pending.removeAll()
    }

    /// Closes standard input and waits (up to `timeout`) for the exit status; nil if it did not exit.
    func finish(timeout: TimeInterval = 30) -> Int32? {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill()
            return nil
        }
        return process.terminationStatus
    }

    /// The resident memory of the server, in KiB.
    func residentKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    }

    /// Everything the server logged so far.
    func log() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Waits until the log holds `text`; false after `timeout` seconds.
    func waitForLog(_ text: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !log().contains(text) {
            guard Date() < deadline else { return false }
            usleep(50_000)
        }
        return true
    }
}

/// A fresh folder for one test's database, outbox and logs.
func crashTestFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The server of a crash test and the client's connection to it: standard I/O, or one TCP connection that says
/// hello first.
///
/// `killAndRestart()` is the crash: SIGKILL, then a new process on the same database.
final class CrashServer {
    static let token = "crash-token-7719"
    let folder: URL
    let overTCP: Bool
    private(set) var process: ServeProcess
    private(set) var transport: LineTransport

    init(folder: URL, overTCP: Bool) throws {
        self.folder = folder
        self.overTCP = overTCP
        (process, transport) = try Self.start(folder: folder, overTCP: overTCP)
    }

    private static func start(folder: URL, overTCP: Bool) throws -> (ServeProcess, LineTransport) {
        let log = folder.appendingPathComponent("log")
        guard overTCP else {
            let process = try ServeProcess(ServeProcess.stdio(folder: folder), logURL: log)
            return (process, process)
        }
        // A fresh log per start, so the address read is this process's.
        try? FileManager.default.removeItem(at: log)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("bot.sock"))
        let process = try ServeProcess(try ServeProcess.sockets(folder: folder, token: token), logURL: log)
        let (tcp, _) = try process.listenAddresses()
        let connection = try SocketTransport(name: "tcp", address: tcp)
        guard connection.write(Array(#"{"type":"hello","token":"\#(token)"}"#.utf8) + [0x0A]) else {
            throw SocketTestError("the hello was not taken")
        }
        return (process, connection)
    }

    /// SIGKILL, then `whileDown` (the files as the kill left them), then a new server on the same database.
    func killAndRestart(whileDown: () throws -> Void = {}) throws {
        process.kill()
        (transport as? SocketTransport)?.close()
        try whileDown()
        (process, transport) = try Self.start(folder: folder, overTCP: overTCP)
    }

    /// Ends the server the graceful way; its exit status.
    func stop() -> Int32? {
        overTCP ? process.terminate() : process.finish()
    }
}
