import CSQLite
import Foundation

/// The fsync a durable commit waits for, taken out of the commit so that it can run on another thread.
///
/// Under synchronous FULL SQLite fsyncs the write-ahead log inside every COMMIT, and the writer waits for the disk
/// before it can start the next batch. With the commit's own sync turned off (synchronous NORMAL, which in WAL mode
/// only leaves that fsync out: the log and the database stay consistent, checkpoints still sync) and this sync run
/// before any of the commit's turns is acknowledged, a commit is exactly as durable when it is acknowledged, and
/// the writer handles the next batch while the disk works. `fdatasync` of the log covers every commit written to it
/// before the call: one sync makes several batches durable.
///
/// `Sendable`: the descriptor is opened at creation and only read after; `fdatasync` may run on any thread.
public final class WALSync: Sendable {
    /// The write-ahead log's path.
    public let path: String
    private let descriptor: Int32

    /// Opens the log at `path` for syncing; it must exist (the connection has read its database).
    init(path: String) throws(SystemError) {
        self.path = path
        descriptor = Int32(try retryingSyscall("open \(path)") { Int(open(path, O_RDONLY | O_CLOEXEC)) })
    }

    deinit {
        Descriptor.close(descriptor)
    }

    /// Makes every commit written to the log before this call durable.
    public func sync() throws(SystemError) {
        // A failed fsync must not be retried as if nothing happened (the kernel may have dropped the pages):
        // the caller acknowledges nothing more.
        try retryingSyscall("fdatasync \(path)") { Int(fdatasync(descriptor)) }
    }
}

extension Connection {
    /// Stops this connection's commits from waiting for the disk and returns the sync that makes them durable; the
    /// caller runs it (on any thread) before acknowledging anything a commit holds.
    ///
    /// Only for a durable (`.full`) SQLite file; nil otherwise: on PostgreSQL the server syncs before COMMIT
    /// returns, with `.normal` nobody waits for the disk, and an in-memory database has nothing to sync.
    public func deferCommitSyncs() throws -> WALSync? {
        guard durability == .full, case .sqlite(let session) = backend, path != ":memory:", !path.isEmpty else {
            return nil
        }
        // A read opens (or makes) the log; open it as SQLite named it, then let commits return without syncing.
        try session.execute("SELECT count(*) FROM sqlite_master")
        guard let file = sqlite3_db_filename(session.handle, "main") else { return nil }
        let sync = try WALSync(path: String(cString: file) + "-wal")
        try session.execute("PRAGMA synchronous = NORMAL")
        return sync
    }
}
