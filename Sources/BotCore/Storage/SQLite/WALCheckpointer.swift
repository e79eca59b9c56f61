import CSQLite
import Foundation
import Synchronization

/// Checkpoints a WAL database from a thread and a connection of its own, so that no commit of the writer waits.
///
/// SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000 pages: it copies them into
/// the database and fsyncs it, and under synchronous FULL that commit (and its whole batch) waits tens of
/// milliseconds. Here the writer's connection only reports the size of its log (a WAL hook, which also turns the
/// automatic checkpoint off) and this thread runs PASSIVE checkpoints, which never take the writer's lock.
/// Durability does not depend on them: every commit's WAL frames are fsynced before it returns (FULL) or before any
/// of its turns is acknowledged (`WALSync`).
///
/// A PASSIVE checkpoint lets the log start over only when it has caught up with the writer; should it fall behind
/// (or its connection not open), the writer checkpoints inline once the log passes `backstopPages`.
final class WALCheckpointer: Sendable {
    /// Frames in the writer's log after its last commit, as the WAL hook saw them.
    let logPages = Atomic<Int>(0)
    /// Checkpoint when the log has grown by this many pages since the last one.
    let thresholdPages: Int
    /// The writer checkpoints by itself past this many pages.
    let backstopPages: Int
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the thread on the database at `path`; it polls the log size every `interval` seconds.
    init(path: String, thresholdPages: Int = 1_000, backstopPages: Int = 50_000, interval: TimeInterval = 0.01) {
        self.thresholdPages = thresholdPages
        self.backstopPages = backstopPages
        let thread = Thread { [self] in
            defer { finished.signal() }
            // Opened on this thread: a Connection lives on one thread. If it cannot open, the backstop still holds.
            guard let connection = try? Connection(path: path) else { return }
            var lastSeen = 0
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: interval)
                let pages = logPages.load(ordering: .relaxed)
                // After a restart the log is smaller than last seen: count from zero.
                guard pages < lastSeen || pages - lastSeen >= thresholdPages, pages >= thresholdPages else { continue }
                lastSeen = pages
                sqlite3_wal_checkpoint_v2(connection.sqliteHandle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
        }
        thread.name = "wal-checkpoint"
        thread.start()
    }

    /// Stops the thread and waits for it to close its connection.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}

extension Connection {
    /// Hands this connection's WAL checkpoints to a background thread (the writer's connection; once, at start).
    ///
    /// A no-op for an in-memory database, which has no log.
    public func checkpointInBackground() {
        guard let handle = sqliteHandle, path != ":memory:", !path.isEmpty, checkpointer == nil else { return }
        let checkpointer = WALCheckpointer(path: path)
        self.checkpointer = checkpointer
        // The connection keeps the checkpointer alive and removes the hook before it lets it go (deinit).
        sqlite3_wal_hook(
            handle,
            { context, db, _, pages in
                let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue()
                checkpointer.logPages.store(Int(pages), ordering: .relaxed)
                if Int(pages) >= checkpointer.backstopPages {
                    sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }
}
