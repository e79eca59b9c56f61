import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `botrunner serve` on sockets, with its standard error read as it comes (for the bound port and
/// the connection log).
///
/// `@unchecked Sendable`: its properties are set in `init` and only read after.
final class SocketBotProcess: @unchecked Sendable {
    let process = Process()
    let folder: URL
    private let errors = Pipe()
    private let input = Pipe()
    private var logLines: LogLines!

    var database: String { folder.appendingPathComponent("bot.sqlite").path }

    /// Starts `botrunner serve` with `arguments` (plus a database in a fresh folder and a pinned clock).
    ///
    /// Its standard error goes to `errorsTo` when given (then `log` stays empty).
    /// `folder` (a fresh one unless given) holds the database: give an earlier process's to restart on it.
    init(_ arguments: [String], folder: URL = BotProcess.temporaryFolder(), errorsTo: FileHandle? = nil) throws {
        self.folder = folder
        process.executableURL = BotProcess.executable
        process.arguments =
            ["serve", "--db", database, "--now", "2026-04-30T10:00:00+03:00"] + arguments
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorsTo ?? errors
        try process.run()
        logLines = LogLines(errors.fileHandleForReading.fileDescriptor)
    }

    /// Waits for a log line containing `text`; returns it.
    @discardableResult
    func waitForLog(_ text: String, timeout: Double = 20) -> String? {
        logLines.waitForLine(containing: text, timeout: timeout)
    }

    /// Everything logged so far.
    var log: [String] { logLines.all }

    /// The TCP address from the `listening on tcp HOST:PORT` line.
    func tcpAddress() throws -> ListenAddress {
        guard let line = waitForLog("listening on tcp "), let range = line.range(of: "listening on tcp ") else {
            throw SocketTestError("the server did not say where it listens: \(log)")
        }
        return try ListenAddress.parseTCP(String(line[range.upperBound...]))
    }

    /// Waits until the Unix socket at `path` accepts a connection.
    func connectUnix(_ path: String, timeout: Double = 20) throws -> LineClient {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let client = try? LineClient(connectingTo: .unixSocket(path: path)) { return client }
            guard Date() < deadline, process.isRunning else {
                throw SocketTestError("no server on \(path) (running: \(process.isRunning))")
            }
            usleep(20_000)
        }
    }

    /// Sends a signal.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit status (nil after `timeout` seconds: the process is then killed).
    func waitForExit(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

struct SocketTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One message line of the credentials flow.
func flowLine(_ chat: String, _ text: String, id: String) -> [UInt8] {
    WireCodec.encodeMessage(ChatMessage(chat: chat, text: text, id: id))
}
