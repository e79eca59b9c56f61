import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The root dialog of the socket tests: pushes, big and slow answers, and an order check.
///
/// - `tell CHAT WORDS` pushes WORDS to CHAT;
/// - `big` answers 60,000 characters; `slow MS` sleeps before answering;
/// - `n:K` checks that K follows the chat's previous `n:` number (answers `ok K` or `out of order K`).
struct SocketTestMenu: Dialog {
    struct State: Codable, Equatable, Sendable { var last = 0 }
    var id: String { "menu" }

    func start(_ argument: String?, context: DialogContext<TestEnv>) -> Step<State> {
        .stay(State(), [OutMessage("menu")])
    }

    func handle(_ event: DialogEvent, state: State, context: DialogContext<TestEnv>) -> Step<State> {
        guard case .text(let text) = event else { return .stay(state, [OutMessage("menu")]) }
        let words = text.split(separator: " ", maxSplits: 2).map(String.init)
        switch words.first {
        case "tell" where words.count == 3:
            context.push(to: words[1], [OutMessage(words[2])])
            return .stay(state, [OutMessage("sent")])
        case "big":
            return .stay(state, [OutMessage(String(repeating: "x", count: 60_000))])
        case "slow" where words.count == 2:
            usleep(UInt32(words[1]).map { $0 * 1_000 } ?? 0)
            return .stay(state, [OutMessage("slept")])
        default:
            if text.hasPrefix("n:"), let number = Int(text.dropFirst(2)) {
                let verdict = number == state.last + 1 ? "ok" : "out of order"
                return .stay(State(last: number), [OutMessage("\(verdict) \(number)")])
            }
            return .stay(state, [OutMessage("menu")])
        }
    }

    func step(of state: State) -> String { "main" }
}

/// A `SocketServer` with the test dialogs on a temporary database, running on its own thread.
final class RunningSocketServer: @unchecked Sendable {
    let server: SocketServer<TestEnv>
    /// The bound addresses (port 0 replaced by the real port).
    let addresses: [ListenAddress]
    /// Every line the server logged.
    let logs = LockedBox<[String]>([])
    /// What `run` threw, once it returned.
    let failure = LockedBox<Error?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts a server; throws what `run` throws before it is ready.
    init(_ options: SocketServerOptions, database: String = temporaryDatabasePath()) throws {
        let logs = self.logs
        let server = try SocketServer(options: options, log: { line in logs.value.append(line) }) {
            let db = try Connection.open(DatabaseLocation(database), durability: .normal)
            try Migrator.migrate(db, CoreStore.migrations)
            let engine = Engine(
                dialogs: [SocketTestMenu(), TestHelp()], rootDialog: "menu", helpDialog: "help",
                catalog: TestCatalog.catalog, random: .seeded(1))
            let clock = Clock.frozen(at: Date(timeIntervalSince1970: 1_777_000_000))
            let processor = TurnProcessor(db: db, engine: engine, clock: clock, environment: TestEnv())
            processor.requests = testRequests
            return processor
        }
        self.server = server
        let ready = DispatchSemaphore(value: 0)
        let bound = LockedBox<[ListenAddress]>([])
        let (failure, finished) = (self.failure, self.finished)
        Thread {
            do {
                try server.run { addresses in
                    bound.value = addresses
                    ready.signal()
                }
            } catch {
                failure.value = error
                ready.signal()
            }
            finished.signal()
        }.start()
        ready.wait()
        if let error = failure.value { throw error }
        addresses = bound.value
    }

    /// The first TCP address.
    var tcp: ListenAddress { addresses.first { if case .tcp = $0 { true } else { false } }! }

    /// Stops the server and waits until `run` returned; false if it did not within `timeout` seconds.
    @discardableResult
    func stop(timeout: Double = 10) -> Bool {
        server.stop()
        return finished.wait(timeout: .now() + timeout) == .success
    }

    /// Waits until a logged line contains `text`.
    func waitForLog(_ text: String, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if logs.value.contains(where: { $0.contains(text) }) { return true }
            usleep(5_000)
        }
        return false
    }
}

/// A short temporary path for a Unix socket (`sun_path` holds 107 bytes).
func temporarySocketPath() -> String {
    "/tmp/bot-\(UUID().uuidString.prefix(8)).sock"
}

/// A JSON message line.
func messageLine(_ chat: String, _ text: String, id: String? = nil) -> String {
    String(decoding: WireCodec.encodeMessage(ChatMessage(chat: chat, text: text, id: id)).dropLast(), as: UTF8.self)
}
