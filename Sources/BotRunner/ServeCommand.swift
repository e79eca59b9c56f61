import BotCore
import Dialogs
import Foundation

/// `botrunner serve`: the line protocol on standard I/O, TCP and Unix sockets (any of them at once).
enum ServeCommand {
    static func run(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: ["stdio", "log-personal-data", "demo", "http-secure-cookies"])
        try arguments.allowOnly(
            Set([
                "stdio", "listen", "unix", "token-file", "queue", "batch", "output-limit", "stats-interval",
                "log-personal-data", "hello-timeout", "max-connections", "max-unauthenticated",
                "session-retention", "demo",
            ]).union(WebCommandLine.names))
        var options = try serverOptions(arguments)
        let configuration = try arguments.configuration()
        // One server per SQLite file: a second one would race the first for the mail and the pushes. Several
        // servers share a PostgreSQL database: per-chat locks and leases keep them apart (docs/scaling.md).
        var lock: ProcessLock?
        if let path = configuration.database.filePath {
            do {
                lock = try ProcessLock(forDatabase: path)
            } catch {
                throw UsageError(error.description)
            }
            ProcessSetup.restrictDatabaseFiles(path)
        }
        defer { withExtendedLifetime(lock) {} }
        // Each connection is a descriptor: take what the system allows, and keep room for the database and mail.
        let descriptors = ProcessSetup.raiseDescriptorLimit()
        options.maxConnections = min(options.maxConnections, max(16, descriptors - 64))
        // Logs go to operators, not to the people in them: INNs, addresses and names are masked unless asked.
        let log = Redaction.sink(personalData: arguments.has("log-personal-data")) { printError("botrunner: \($0)") }
        var retention = CoreStore.defaultSessionRetention
        if let text = arguments.value("session-retention") {
            guard let days = Double(text), days > 0 else { throw UsageError("--session-retention takes days") }
            retention = days * 86_400
        }
        options.web = try WebCommandLine.options(arguments, database: configuration.database)
        let demo = arguments.has("demo")
        let server = try SocketServer(options: options, log: log) { [retention] in
            let processor = try SchoolBot.makeProcessor(configuration)
            processor.sessionRetention = retention
            if demo { try DemoCommand.prepare(processor) }
            return processor
        }
        switch configuration.database {
        case .sqlite(let path): log("store: SQLite \(path)")
        case .postgres: log("store: PostgreSQL \(configuration.database) (several serve processes may share it)")
        }
        try SignalWatcher.install { signal in
            log("\(signal == SIGINT ? "SIGINT" : "SIGTERM"): finishing accepted messages (again to exit at once)")
            server.stop()
        }
        try server.run()
        // A supervisor should restart the server on a database that is there again, and see why it stopped.
        return server.stats.databaseLost.load(ordering: .relaxed) ? 1 : 0
    }

    /// The server options the command line asks for.
    static func serverOptions(_ arguments: Arguments) throws -> SocketServerOptions {
        var options = SocketServerOptions()
        do {
            if let listen = arguments.value("listen") {
                options.listen.append(try ListenAddress.parseTCP(listen))
            }
            if let path = arguments.value("unix") {
                options.listen.append(try ListenAddress.parseUnix(path))
            }
        } catch {
            throw UsageError("\(error)")
        }
        if arguments.has("stdio") {
            options.stdio = (STDIN_FILENO, STDOUT_FILENO)
        }
        guard options.stdio != nil || !options.listen.isEmpty || arguments.value("http") != nil else {
            throw UsageError("serve needs --stdio, --listen HOST:PORT, --unix PATH or --http HOST:PORT")
        }
        if let path = arguments.value("token-file") {
            do {
                options.token = try AccessToken.load(from: path)
            } catch {
                throw UsageError("\(error)")
            }
        }
        options.queueCapacity = try positive(arguments, "queue") ?? options.queueCapacity
        options.connectionQueueLimit = max(1, options.queueCapacity / 2)
        options.batchLimit = try positive(arguments, "batch") ?? options.batchLimit
        options.outputLimit = try byteCount(arguments, "output-limit") ?? options.outputLimit
        options.maxConnections = try positive(arguments, "max-connections") ?? options.maxConnections
        options.maxUnauthenticated = try positive(arguments, "max-unauthenticated") ?? options.maxUnauthenticated
        if let text = arguments.value("hello-timeout") {
            guard let seconds = Double(text), seconds > 0 else {
                throw UsageError("--hello-timeout takes seconds (more than 0)")
            }
            options.helloTimeout = seconds
        }
        if let text = arguments.value("stats-interval") {
            guard let seconds = Double(text), seconds >= 0 else {
                throw UsageError("--stats-interval takes seconds (0: no summary)")
            }
            options.statsInterval = seconds
        }
        return options
    }

    private static func positive(_ arguments: Arguments, _ name: String) throws -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Int(text), value > 0 else { throw UsageError("--\(name) takes a positive number") }
        return value
    }

    /// A byte count with an optional K or M suffix (`65536`, `64K`, `8M`).
    private static func byteCount(_ arguments: Arguments, _ name: String) throws -> Int? {
        guard var text = arguments.value(name)?.uppercased() else { return nil }
        var unit = 1
        if text.hasSuffix("K") { unit = 1 << 10 } else if text.hasSuffix("M") { unit = 1 << 20 }
        if unit > 1 { text.removeLast() }
        guard let value = Int(text), value > 0 else { throw UsageError("--\(name) takes bytes, e.g. 65536, 64K or 8M") }
        return value * unit
    }
}
