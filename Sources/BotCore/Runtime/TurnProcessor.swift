import Foundation

/// One accepted chat message and the connection it came on.
public struct Job: Sendable {
    public var connection: Int
    public var message: ChatMessage

    public init(connection: Int, message: ChatMessage) {
        self.connection = connection
        self.message = message
    }
}

/// Bytes to write to a connection, in order.
public struct Delivery: Equatable, Sendable {
    public var connection: Int
    public var bytes: [UInt8]

    public init(connection: Int, bytes: [UInt8]) {
        self.connection = connection
        self.bytes = bytes
    }
}

/// Which open connections have carried a chat (most recent first); pushes go there.
public protocol ChatRoutes: AnyObject {
    func connections(carrying chat: String) -> [Int]
    func noteCarried(chat: String, on connection: Int)
}

/// Hooks the application runs around each batch's transaction and each turn's savepoint (staged mail, for
/// example).
public struct BatchHooks {
    /// The batch committed; what it returns (nil: nothing) runs once the commit is durable (at once, unless the
    /// processor's commits are synced later: `deferCommitSyncs()`), before the batch's lines are delivered.
    public var didCommit: () -> (() -> Void)?
    public var didRollBack: () -> Void
    /// A turn of the batch begins; it may fail and be undone on its own while the batch goes on.
    public var willBeginTurn: () -> Void
    /// The turn that began last failed: its savepoint was rolled back, and the batch goes on.
    public var didFailTurn: () -> Void

    public init(
        didCommit: @escaping () -> (() -> Void)? = { nil }, didRollBack: @escaping () -> Void = {},
        willBeginTurn: @escaping () -> Void = {}, didFailTurn: @escaping () -> Void = {}
    ) {
        self.didCommit = didCommit
        self.didRollBack = didRollBack
        self.willBeginTurn = willBeginTurn
        self.didFailTurn = didFailTurn
    }
}

/// The one owner of the write connection: handles a batch of messages in one transaction
/// and returns what to write, only after the commit.
///
/// Not `Sendable`: it lives on the writer thread that created it.
public final class TurnProcessor<Environment> {
    public let db: Connection
    public let engine: Engine<Environment>
    public let clock: Clock
    public let environment: Environment
    public var hooks = BatchHooks()
    /// Periodic work of the application (scanning the mail inbox), run by the server between batches in a
    /// transaction of its own; returns pushes to deliver.
    public var maintenance: (() throws -> [Push])?
    /// Answers consoles' requests (`ServerEvent.request`); nil: every request is refused `not_found`.
    public var requests: AppRequestHandler<Environment>?
    /// How long a silent chat's session is kept (see `CoreStore.pruneSessions`).
    public var sessionRetention = CoreStore.defaultSessionRetention
    /// Sink for operational diagnostics (never personal data).
    public var log: (String) -> Void = { _ in }
    private var batches = 0
    /// Batches run again after losing a serialization conflict to another process (PostgreSQL), since start.
    public private(set) var serializationRetriesDone = 0
    /// Chats that may have pushes queued (a superset): a turn of any other chat skips the query for them.
    ///
    /// Loaded from `push_queue` at first use and after a rollback; every push is queued through `route` and
    /// a chat leaves the set when its query finds nothing. Correct only because this processor's connection
    /// is the one writer of the database: no other process queues pushes behind its back (SQLite; on PostgreSQL
    /// every turn asks).
    var chatsWithPushes: Set<String>?
    /// Decoded sessions of recent chats, so that a chat's next turn skips decoding its stored JSON.
    let sessions = SessionCache(capacity: 4_096)
    /// The database file opened at start; every batch checks that it is still the one under its path.
    private let databaseFile: FileIdentity?
    /// Set once the database file was found deleted or replaced: the server must stop, every batch fails.
    public private(set) var databaseLost = false
    /// Transactions committed since start (batches and maintenance), numbered from 1.
    public private(set) var commits = 0
    /// Set by `deferCommitSyncs()`: commits return before they are durable, and what waits for durability (what
    /// `hooks.didCommit` returned) waits here, in commit order, for `commitsBecameDurable(through:)`.
    public private(set) var deferredSync: WALSync?
    private var awaitingDurability: [(commit: Int, action: () -> Void)] = []

    public init(db: Connection, engine: Engine<Environment>, clock: Clock, environment: Environment) {
        self.db = db
        self.engine = engine
        self.clock = clock
        self.environment = environment
        self.databaseFile = db.fileIdentity
    }

    /// Fails (for good) when the database file is no longer the one opened at start.
    private func checkDatabaseFile() throws {
        do {
            try db.checkFile(is: databaseFile)
        } catch {
            if !databaseLost { log("\(error); stopping") }
            databaseLost = true
            throw error
        }
    }

    /// What a batch produced: per item, in order, the lines for its connection; then pushes.
    public struct BatchResult {
        /// For each job: the pushes that waited for its chat, then its turn (or an error).
        public var replies: [[Delivery]]
        /// Pushes made during the batch, to the connections carrying their chats.
        public var pushes: [Delivery]
    }

    /// Handles `jobs` in order in one transaction; the deliveries are safe to write once this returns.
    public func process(_ jobs: [Job], routes: ChatRoutes) -> BatchResult {
        process(jobs.map(Work.job), routes: routes)
    }

    /// Handles `work` in order in one transaction: each item in a savepoint of its own, so that a failing one is
    /// answered `internal` and undone while the batch goes on.
    ///
    /// On PostgreSQL the batch's chats are locked against other processes first, and a batch that lost a
    /// serialization conflict or a deadlock to another process runs again (nothing of it was kept), up to
    /// `serializationRetries` times; then its messages are answered `overloaded`.
    func process(_ work: [Work], routes: ChatRoutes) -> BatchResult {
        var attempt = 0
        while true {
            switch attemptBatch(work, routes: routes) {
            case .success(let result):
                return result
            case .failure(let error):
                if let failure = error as? DatabaseError, failure.isSerializationFailure,
                    attempt < Self.serializationRetries
                {
                    attempt += 1
                    serializationRetriesDone += 1
                    // Both sides retrying at once would meet again: wait a little, longer each time.
                    Thread.sleep(forTimeInterval: Double.random(in: 0.001...0.004) * Double(attempt))
                    continue
                }
                log("batch of \(work.count) rolled back: \(error)")
                let code: WireErrorCode = (error as? DatabaseError)?.isBusy == true ? .overloaded : .internal
                let failed = work.map { item in
                    let wire = WireError(
                        code, "the message could not be stored; please send it again", replyTo: item.replyTo)
                    return item.connection.map { [Delivery(connection: $0, bytes: WireCodec.encodeError(wire))] } ?? []
                }
                return BatchResult(replies: failed, pushes: [])
            }
        }
    }

    /// How many times a batch that lost to another process (PostgreSQL) runs again before it is refused.
    static var serializationRetries: Int { 8 }

    /// One run of a batch: its result once committed, or the error that rolled it back.
    private func attemptBatch(_ work: [Work], routes: ChatRoutes) -> Result<BatchResult, any Error> {
        var replies: [[Delivery]] = []
        var pushDeliveries: [Delivery] = []
        var pushesMade: [Push] = []
        var delivered: Set<Int> = []
        do {
            try db.transaction(lockingChats: work.compactMap(\.chat)) {
                for item in work {
                    if let chat = item.chat, let connection = item.connection {
                        routes.noteCarried(chat: chat, on: connection)
                    }
                    // A wake's pushes go where its chat is carried now; none there: they wait in the database.
                    let targets = item.connection.map { [$0] } ?? item.chat.map(routes.connections(carrying:)) ?? []
                    hooks.willBeginTurn()
                    do {
                        try db.transaction {
                            let result = try handle(item)
                            var lines: [Delivery] = []
                            if !targets.isEmpty {
                                // Queued pushes are removed when the batch ends: another message of the same chat
                                // earlier in the batch may have delivered them already.
                                for queued in result.queued where delivered.insert(queued.seq).inserted {
                                    lines += targets.map { Delivery(connection: $0, bytes: queued.bytes) }
                                }
                            }
                            if let answer = result.answer, let connection = item.connection {
                                lines.append(Delivery(connection: connection, bytes: answer))
                            }
                            replies.append(lines)
                            pushesMade.append(contentsOf: result.pushes)
                        }
                    } catch {
                        // The store ended the whole transaction (a full disk, a lost connection, a serialization
                        // failure): the batch fails as one.
                        if db.transactionWasRolledBack || (error as? DatabaseError)?.isSerializationFailure == true {
                            throw error
                        }
                        hooks.didFailTurn()
                        log("turn failed: \(error)")
                        let wire = WireError(
                            .internal, "the message could not be handled; nothing was changed", replyTo: item.replyTo)
                        replies.append(
                            item.connection.map { [Delivery(connection: $0, bytes: WireCodec.encodeError(wire))] } ?? []
                        )
                    }
                }
                pushDeliveries = try route(pushesMade, routes: routes)
                try CoreStore.removePushes(db, delivered.sorted())
                batches += 1
                if batches % 1_000 == 1 {
                    try CoreStore.pruneTurns(db, now: clock.now())
                    let forgotten = try CoreStore.pruneSessions(db, now: clock.now(), retention: sessionRetention)
                    if forgotten > 0 {
                        log("forgot \(forgotten) sessions of chats silent for \(Int(sessionRetention / 86_400)) days")
                    }
                }
                try checkDatabaseFile()
            }
            didCommit()
            return .success(BatchResult(replies: replies, pushes: pushDeliveries))
        } catch {
            hooks.didRollBack()
            chatsWithPushes = nil
            return .failure(error)
        }
    }

    /// Lets this processor's commits return before they are durable (SQLite, durability `.full`): the caller
    /// acknowledges nothing a commit holds before the returned sync ran after it, and then calls
    /// `commitsBecameDurable(through:)`. nil where every commit is durable when it returns (or never waits).
    public func deferCommitSyncs() throws -> WALSync? {
        deferredSync = try db.deferCommitSyncs()
        return deferredSync
    }

    /// Every commit up to `commit` is durable: runs what waited for them, in order (between transactions).
    public func commitsBecameDurable(through commit: Int) {
        var done = 0
        for (number, action) in awaitingDurability {
            guard number <= commit else { break }
            action()
            done += 1
        }
        if done > 0 { awaitingDurability.removeFirst(done) }
    }

    /// Whether something waits for `commit` to be durable (its lines must then follow that work).
    public func awaitsDurability(_ commit: Int) -> Bool {
        awaitingDurability.last.map { $0.commit >= commit } ?? false
    }

    private func didCommit() {
        commits += 1
        guard let whenDurable = hooks.didCommit() else { return }
        if deferredSync == nil {
            whenDurable()
        } else {
            awaitingDurability.append((commits, whenDurable))
        }
    }

    /// Runs `maintenance` in a transaction and routes its pushes like a batch's.
    public func runMaintenance(routes: ChatRoutes) -> [Delivery] {
        // With several processes on one database, one of them at a time reads the inbox.
        guard let maintenance, db.holdsLease(.maintenance) else { return [] }
        var deliveries: [Delivery] = []
        do {
            try checkDatabaseFile()
            try db.transaction {
                deliveries = try route(try maintenance(), routes: routes)
            }
            didCommit()
        } catch {
            hooks.didRollBack()
            chatsWithPushes = nil
            log("maintenance failed: \(error)")
            return []
        }
        return deliveries
    }

    /// The pushes queued for `chat`, encoded, with their sequence numbers; no query when the chat has none.
    private func queuedPushes(_ chat: String) throws -> [(seq: Int, bytes: [UInt8])] {
        if db.dialect == .postgres {
            // Other processes queue pushes too: no set kept here can know them.
            return try CoreStore.pendingPushes(db, chat: chat).map { ($0.seq, WireCodec.encodePush($0.push)) }
        }
        if chatsWithPushes == nil {
            chatsWithPushes = Set(try db.query("SELECT DISTINCT chat FROM push_queue") { row in row.text(0) })
        }
        guard chatsWithPushes?.contains(chat) == true else { return [] }
        let queued = try CoreStore.pendingPushes(db, chat: chat)
        if queued.isEmpty { chatsWithPushes?.remove(chat) }
        return queued.map { ($0.seq, WireCodec.encodePush($0.push)) }
    }

    private func handle(_ item: Work) throws -> Handled {
        switch item {
        case .job(let job):
            let handled = try handle(job)
            return Handled(answer: handled.turn, queued: handled.queued, pushes: handled.pushes)
        case .request(let request):
            return try answer(request)
        case .attach(_, let chat), .wake(let chat):
            return Handled(answer: nil, queued: try queuedPushes(chat), pushes: [])
        }
    }

    private func handle(_ job: Job) throws -> (turn: [UInt8], queued: [(seq: Int, bytes: [UInt8])], pushes: [Push]) {
        let message = job.message
        let queued: [(seq: Int, bytes: [UInt8])]
        let answered: Turn?
        var session: (session: Session?, known: Bool) = (nil, false)
        if db.dialect == .postgres {
            // One round trip to the server for what SQLite reads in three statements.
            let stored = try CoreStore.chatState(db, chat: message.chat, messageID: message.id)
            queued = stored.hasPushes ? try queuedPushes(message.chat) : []
            answered = try stored.turn.map { try StateJSON.decode(Turn.self, from: $0) }
            if let json = stored.session {
                session = CoreStore.session(stored: json, chat: message.chat, cache: sessions)
            }
        } else {
            queued = try queuedPushes(message.chat)
            answered = try message.id.flatMap { try CoreStore.answeredTurn(db, chat: message.chat, messageID: $0) }
            if answered == nil { session = try CoreStore.loadCachedSession(db, chat: message.chat, cache: sessions) }
        }
        if let id = message.id, let turn = answered {
            return (WireCodec.encodeTurn(turn, chat: message.chat, replyTo: id, duplicate: true), queued, [])
        }
        let incoming = IncomingText(
            chat: message.chat, text: message.text, messageID: message.id, userName: message.userName,
            userLanguage: message.userLanguage)
        let outcome = try engine.handle(
            incoming, session: session.session, clock: clock, environment: environment, stackChecked: session.known)
        let now = clock.now()
        try CoreStore.saveSession(db, chat: message.chat, outcome.session, at: now, cache: sessions)
        if let id = message.id {
            try CoreStore.recordTurn(db, chat: message.chat, messageID: id, outcome.turn, at: now)
        }
        return (WireCodec.encodeTurn(outcome.turn, chat: message.chat, replyTo: message.id), queued, outcome.pushes)
    }
}
