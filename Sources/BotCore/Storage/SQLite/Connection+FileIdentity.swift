#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The device and inode of a database file: which file, not only which name.
public struct FileIdentity: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// The identity of the file at `path` now, or nil when there is none.
    public static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// The database file was deleted or replaced under a running process: what it writes now is lost at the next
/// start, so nothing may be acknowledged.
public struct DatabaseFileLost: Error, CustomStringConvertible {
    public var path: String
    public var description: String {
        "the database file \(path) was deleted or replaced while in use; nothing more is acknowledged"
    }
}

extension Connection {
    /// Throws `DatabaseFileLost` unless `path` still names the file `identity` was taken from.
    ///
    /// SQLite keeps writing to an unlinked file through its open descriptor and reports success, so a server
    /// calls this before acknowledging a batch.
    public func checkFile(is identity: FileIdentity?) throws(DatabaseFileLost) {
        guard let identity else { return }
        guard FileIdentity.of(path) == identity else { throw DatabaseFileLost(path: path) }
    }

    /// The identity of the file this connection opened (nil for an in-memory database and for PostgreSQL).
    public var fileIdentity: FileIdentity? {
        dialect != .sqlite || path == ":memory:" || path.isEmpty ? nil : FileIdentity.of(path)
    }
}
