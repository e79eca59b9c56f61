import Foundation

/// The line protocol on standard input and output: one connection carrying many chats.
///
/// A `SocketServer` with standard I/O only: a reader thread decodes, the turn writer owns the database and
/// handles batches, and each answer is written after its commit. Only protocol lines go to the output.
public enum StdioServer {
    /// The connection number of standard input/output.
    public static let connection = StdioChannel.connection

    /// Serves until end of input, then finishes what was accepted, writes its answers and returns.
    public static func run<Environment>(
        input: Int32 = 0, output: Int32 = 1, batchLimit: Int = 512, maintenanceInterval: TimeInterval = 5,
        log: @escaping @Sendable (String) -> Void,
        makeProcessor: @escaping @Sendable () throws -> TurnProcessor<Environment>
    ) throws {
        var options = SocketServerOptions(stdio: (input, output))
        options.batchLimit = batchLimit
        options.maintenanceInterval = maintenanceInterval
        options.statsInterval = 0
        try SocketServer(options: options, log: log, makeProcessor: makeProcessor).run()
    }
}

/// A value shared between threads behind a lock.
///
/// `@unchecked Sendable`: `value` is only touched while holding `lock`.
public final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    public init(_ value: Value) {
        self.stored = value
    }

    public var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
