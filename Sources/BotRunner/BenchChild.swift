import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `stdio` and `tcp` modes: a child `botrunner serve` driven through its pipes or sockets.
enum BenchChild {
    /// This executable's path, to start the child from.
    static var executable: String {
        var buffer = [CChar](repeating: 0, count: 4_096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 {
            return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return CommandLine.arguments[0]
    }

    static func run(
        mode: String, settings: BenchCommand.Settings, folder: URL, check: inout BenchCheck
    ) throws -> BenchFigures {
        let database = folder.appendingPathComponent("\(mode).sqlite").path
        var arguments = ["serve", "--db", database, "--durability", settings.durability.rawValue]
        arguments += mode == "stdio" ? ["--stdio"] : ["--listen", "127.0.0.1:0"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let logs = LogLines(errors.fileHandleForReading.fileDescriptor, keep: 200, name: "bench-child-log")
        var sockets: [Int32] = []
        defer { sockets.forEach(Descriptor.close) }
        let endpoints: [BenchDriver.Endpoint]
        var detail: String
        if mode == "stdio" {
            endpoints = [
                BenchDriver.Endpoint(
                    read: output.fileHandleForReading.fileDescriptor, write: input.fileHandleForWriting.fileDescriptor)
            ]
            detail = "child serve --stdio, window \(settings.window)"
        } else {
            guard let address = logs.waitForListening() else {
                process.terminate()
                throw BenchError("the server did not say where it listens")
            }
            for _ in 0..<settings.connections {
                sockets.append(try SocketDialer.connect(to: address))
            }
            endpoints = sockets.map { BenchDriver.Endpoint(read: $0, write: $0) }
            detail = "child serve --listen, \(settings.connections) connections x window \(settings.window)"
        }
        if let rate = settings.rate { detail += ", offered \(Int(rate))/s" }
        let driver = BenchDriver(chats: settings.chats, window: settings.window, rate: settings.rate)
        let (seconds, latencies) = try driver.run(endpoints, check: &check)
        let peak = peakResidentBytes(pid: process.processIdentifier)
        if mode == "stdio" {
            try input.fileHandleForWriting.close()
        } else {
            kill(process.processIdentifier, SIGTERM)
        }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            usleep(5_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw BenchError("the server did not stop within 60 s of being asked: \(logs.tail())")
        }
        guard process.terminationStatus == 0 else {
            throw BenchError("the server exited with status \(process.terminationStatus): \(logs.tail())")
        }
        check.finish(database: database)
        return BenchFigures(
            mode: mode, turns: settings.chats * BenchWorkload.turnsPerChat, seconds: seconds, latencies: latencies,
            peakRSSBytes: peak, detail: detail)
    }

    /// Milliseconds from starting `serve --stdio` on a fresh database to reading the first turn, three times.
    static func coldStarts(folder: URL, durability: Durability) throws -> [Double] {
        try (0..<3).map { attempt in
            let database = folder.appendingPathComponent("cold-\(attempt).sqlite").path
            let started = Descriptor.monotonicNanoseconds()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", "--stdio", "--db", database, "--durability", durability.rawValue]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let client = LineClient(descriptor: dup(output.fileHandleForReading.fileDescriptor))
            let first = Array(#"{"chat":"cold","text":"/start","id":"1"}"#.utf8) + [0x0A]
            try FileDescriptorIO.writeAll(input.fileHandleForWriting.fileDescriptor, first)
            let line = client.receive(timeout: 10)
            let elapsed = Double(Descriptor.monotonicNanoseconds() - started) / 1e6
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            guard line?.type == "turn" else { throw BenchError("no first turn from a fresh server") }
            return elapsed
        }
    }
}

extension LogLines {
    /// The address from the server's `listening on tcp HOST:PORT` line.
    func waitForListening(timeout: Double = 10) -> ListenAddress? {
        guard let line = waitForLine(containing: "listening on tcp ", timeout: timeout),
            let range = line.range(of: "listening on tcp ")
        else { return nil }
        return try? ListenAddress.parseTCP(String(line[range.upperBound...]))
    }

    /// The last lines, for an error message.
    func tail() -> String {
        all.suffix(5).joined(separator: " | ")
    }
}
