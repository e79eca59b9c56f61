#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a file beside the database, held for the life of the process: a second server on the
/// same database is refused at start instead of racing the first.
public final class ProcessLock {
    private let fd: Int32
    /// The lock file's path.
    public let path: String

    /// The lock for the database at `databasePath` (`<database>.lock`); throws a clear message when another
    /// process holds it.
    public init(forDatabase databasePath: String) throws(ProcessLockError) {
        let path = databasePath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 && (errno == EROFS || errno == EACCES) {
            // A folder the process cannot write: the database cannot be written either, and opening it says so
            // more clearly than a lock file would.
            self.fd = -1
            self.path = path
            return
        }
        guard fd >= 0 else {
            throw ProcessLockError(
                message: "cannot open the lock file \(path): \(SystemError(call: "open", errno: errno))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw ProcessLockError(
                    message: "another botrunner serve is already running on \(databasePath) (it holds \(path)); "
                        + "stop it first or use another --db")
            }
            throw ProcessLockError(message: "cannot lock \(path): \(SystemError(call: "flock", errno: code))")
        }
        self.fd = fd
        self.path = path
    }

    deinit { if fd >= 0 { close(fd) } }
}

/// Why the process lock could not be taken.
public struct ProcessLockError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Settings a long-running server makes once at start.
public enum ProcessSetup {
    /// Files the process creates are readable by its user only (0600 files, 0700 folders): the database, its
    /// WAL and SHM, reports and mail.
    public static func restrictFileModes() {
        umask(0o077)
    }

    /// Takes away group and other access from an existing database and its WAL and SHM files (made by an earlier
    /// version, or copied in with a wider mode).
    public static func restrictDatabaseFiles(_ databasePath: String) {
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            let path = databasePath + suffix
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                _ = chmod(path, info.st_mode & 0o700)
            }
        }
    }

    /// Raises the soft limit on open descriptors to the hard limit; returns the soft limit now in force.
    @discardableResult
    public static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= UInt(Int.max) ? Int.max : Int(limit.rlim_cur)
    }
}
