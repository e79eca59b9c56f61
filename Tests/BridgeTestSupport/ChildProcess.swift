import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A built executable of the package (`botrunner`, `telegram-bridge`, `max-bridge`) run as a child, its stderr kept in a file
/// so that it can be read while it runs and after it was killed.
public final class ChildProcess {
    public let process = Process()
    public let logFile: URL

    /// Where SwiftPM put the package's executables: beside the test bundle.
    public static func executable(_ name: String) -> URL {
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [products, Bundle.main.bundleURL] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return products.appendingPathComponent(name)
    }

    /// A fresh folder under /tmp (short, so a Unix socket path inside it fits `sun_path`).
    public static func temporaryFolder() -> URL {
        let url = URL(fileURLWithPath: "/tmp/brg-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts `name` with `arguments`; its stderr goes to `logFile`, stdin and stdout to /dev/null.
    public init(_ name: String, _ arguments: [String], logFile: URL, input: String? = nil) throws {
        self.logFile = logFile
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.executableURL = Self.executable(name)
        process.arguments = arguments
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            pipe.fileHandleForWriting.closeFile()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
    }

    /// Runs an executable to its end; returns its exit status.
    @discardableResult
    public static func run(_ name: String, _ arguments: [String], input: String? = nil, logFile: URL) throws -> Int32 {
        let child = try ChildProcess(name, arguments, logFile: logFile, input: input)
        child.process.waitUntilExit()
        return child.process.terminationStatus
    }

    /// What it wrote to stderr so far.
    public var log: String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// Waits until its stderr contains `text`; returns the log, or nil after `timeout` seconds.
    @discardableResult
    public func waitForLog(_ text: String, timeout: Double = 10) -> String? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            let current = log
            if current.contains(text) { return current }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// Kills it with SIGKILL (no chance to clean up) and waits for it to end.
    public func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Asks it to stop with SIGTERM and waits for the exit status.
    public func terminate() -> Int32 {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { kill() }
}
