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

    /// A `serve` child and its log.
    private struct Child {
        let process: Process
        let input: Pipe
        let output: Pipe
        let logs: LogLines
    }

    private static func start(_ arguments: [String]) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let logs = LogLines(errors.fileHandleForReading.fileDescriptor, keep: 200, name: "bench-child-log")
        return Child(process: process, input: input, output: output, logs: logs)
    }

    /// Runs the workload through `serve` children on `database`: one over stdio, or `settings.processes` over TCP
    /// (several only on PostgreSQL), the connections spread over them; each chat stays on its connection.
    static func run(
        mode: String, settings: BenchCommand.Settings, database: String, check: inout BenchCheck
    ) throws -> BenchFigures {
        var arguments = ["serve", "--db", database, "--durability", settings.durability.rawValue]
        arguments += mode == "stdio" ? ["--stdio"] : ["--listen", "127.0.0.1:0"]
        // One first, so that it applies the migrations; the others find them done.
        var children = [try start(arguments)]
        var sockets: [Int32] = []
        defer { sockets.forEach(Descriptor.close) }
        let endpoints: [BenchDriver.Endpoint]
        var detail: String
        if mode == "stdio" {
            let child = children[0]
            endpoints = [
                BenchDriver.Endpoint(
                    read: child.output.fileHandleForReading.fileDescriptor,
                    write: child.input.fileHandleForWriting.fileDescriptor)
            ]
            detail = "child serve --stdio, window \(settings.window)"
        } else {
            var addresses: [ListenAddress] = []
            while true {
                guard let address = children[addresses.count].logs.waitForListening() else {
                    children.forEach { $0.process.terminate() }
                    throw BenchError("the server did not say where it listens")
                }
                addresses.append(address)
                guard addresses.count < settings.processes else { break }
                children.append(try start(arguments))
            }
            for index in 0..<settings.connections {
                sockets.append(try SocketDialer.connect(to: addresses[index % addresses.count]))
            }
            endpoints = sockets.map { BenchDriver.Endpoint(read: $0, write: $0) }
            detail = "child serve --listen, \(settings.connections) connections x window \(settings.window)"
            if settings.processes > 1 { detail += ", \(settings.processes) processes (peak RSS of the largest)" }
        }
        if let rate = settings.rate { detail += ", offered \(Int(rate))/s" }
        let driver = BenchDriver(chats: settings.chats, window: settings.window, rate: settings.rate)
        let (seconds, latencies) = try driver.run(endpoints, check: &check)
        let peak = children.map { peakResidentBytes(pid: $0.process.processIdentifier) }.max() ?? 0
        for child in children {
            if mode == "stdio" {
                try child.input.fileHandleForWriting.close()
            } else {
                kill(child.process.processIdentifier, SIGTERM)
            }
        }
        for child in children {
            let deadline = Date().addingTimeInterval(60)
            while child.process.isRunning && Date() < deadline {
                usleep(5_000)
            }
            if child.process.isRunning {
                kill(child.process.processIdentifier, SIGKILL)
                child.process.waitUntilExit()
                throw BenchError("the server did not stop within 60 s of being asked: \(child.logs.tail())")
            }
            guard child.process.terminationStatus == 0 else {
                throw BenchError(
                    "the server exited with status \(child.process.terminationStatus): \(child.logs.tail())")
            }
        }
        check.finish(database: database)
        return BenchFigures(
            mode: mode, turns: settings.chats * BenchWorkload.turnsPerChat, seconds: seconds, latencies: latencies,
            peakRSSBytes: peak, detail: detail)
    }

    /// Milliseconds from starting `serve --stdio` on a fresh database to reading the first turn, three times.
    static func coldStarts(store: BenchStore, durability: Durability) throws -> [Double] {
        try (0..<3).map { attempt in
            let database = try store.fresh("cold\(attempt)")
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
