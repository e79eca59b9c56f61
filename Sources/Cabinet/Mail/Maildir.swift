import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A message file in a Maildir folder.
public struct MaildirMessage: Hashable, Sendable {
    /// The file name: the unique part, plus `:2,FLAGS` once the message is in `cur/`.
    public var name: String
    /// The file's location.
    public var url: URL

    /// Creates a reference to a message file.
    public init(name: String, url: URL) {
        self.name = name
        self.url = url
    }
}

/// A Maildir folder (`tmp/`, `new/`, `cur/`) shared with an MTA or a mail reader.
///
/// ```swift
/// let inbox = try Maildir(root: inboxURL)
/// for message in try inbox.newMessages() {
///     let mail = try MailMessage.parse(try inbox.read(message))
///     // ... make a ticket ...
///     _ = try inbox.markSeen(message)
/// }
/// ```
public struct Maildir: Sendable {
    /// A folder of the Maildir that holds messages.
    public enum Folder: String, Sendable {
        /// Delivered and not yet seen.
        case new
        /// Seen; file names carry an info suffix such as `:2,S`.
        case cur
    }

    /// The Maildir's directory.
    public let root: URL
    /// Where delivered file names come from.
    public let naming: MaildirNaming

    /// Opens the Maildir at `root`, creating `root`, `tmp/`, `new/` and `cur/` (mode 0700) when missing.
    public init(root: URL, naming: MaildirNaming = .live()) throws(MaildirError) {
        self.root = root
        self.naming = naming
        for folder in ["", "tmp", "new", "cur"] {
            try MaildirFiles.makeDirectories(folder.isEmpty ? root.path : root.appendingPathComponent(folder).path)
        }
    }

    /// Delivers `data` as a new message: written to `tmp/`, synced, then moved into `new/`.
    @discardableResult
    public func deliver(_ data: Data) throws(MaildirError) -> MaildirMessage {
        let staged = try stage(data)
        do {
            return try publish(staged.name)
        } catch {
            discard(staged.name)
            throw error
        }
    }

    /// Writes `data` under a new name (or `name`) into `tmp/` and syncs it: the message exists but is not
    /// delivered yet (a mail program takes only `new/`).
    ///
    /// `publish` delivers it, `discard` drops it.
    public func stage(_ data: Data, name given: String? = nil) throws(MaildirError) -> MaildirMessage {
        let name = given ?? naming.makeUniqueName()
        guard Self.isPlainName(name) else { throw MaildirError(.makeName, path: name, code: EINVAL) }
        let temporary = url(.tmp, name)
        try MaildirFiles.writeSynced(data, to: temporary.path)
        return MaildirMessage(name: name, url: temporary)
    }

    /// Moves the staged message `name` from `tmp/` into `new/`.
    ///
    /// The move is a hard link plus unlink, so an existing file in `new/` is never overwritten (that
    /// fails with `EEXIST`); where links are not supported it falls back to `rename`. The directory
    /// `new/` is synced afterwards on a best-effort basis. On failure the staged file stays in `tmp/`.
    @discardableResult
    public func publish(_ name: String) throws(MaildirError) -> MaildirMessage {
        guard Self.isPlainName(name) else { throw MaildirError(.makeName, path: name, code: EINVAL) }
        let temporary = url(.tmp, name).path
        let destination = url(.new, name).path
        if link(temporary, destination) == 0 {
            unlink(temporary)
        } else {
            let code = errno
            guard code != EEXIST, access(destination, F_OK) != 0 else {
                throw MaildirError(.deliver, path: destination, code: EEXIST)
            }
            guard rename(temporary, destination) == 0 else {
                throw MaildirError(.deliver, path: destination, code: errno)
            }
        }
        MaildirFiles.syncDirectory(url(.new, "").path)
        return MaildirMessage(name: name, url: url(.new, name))
    }

    /// Whether `new/` or `cur/` holds the message `name` (in `cur/` with an info suffix).
    public func isDelivered(_ name: String) -> Bool {
        guard Self.isPlainName(name) else { return false }
        if access(url(.new, name).path, F_OK) == 0 { return true }
        let seen = (try? MaildirFiles.listDirectory(url(.cur, "").path)) ?? []
        return seen.contains { $0 == name || $0.hasPrefix(name + ":") }
    }

    /// The content of the staged message `name`.
    public func readStaged(_ name: String) throws(MaildirError) -> Data {
        guard Self.isPlainName(name) else { throw MaildirError(.makeName, path: name, code: EINVAL) }
        return try MaildirFiles.readAll(url(.tmp, name).path)
    }

    /// Whether `tmp/` holds the staged message `name`.
    public func isStaged(_ name: String) -> Bool {
        Self.isPlainName(name) && access(url(.tmp, name).path, F_OK) == 0
    }

    /// Removes the staged message `name` from `tmp/` (nothing happens when it is not there).
    public func discard(_ name: String) {
        guard Self.isPlainName(name) else { return }
        unlink(url(.tmp, name).path)
    }

    /// The names in `tmp/` that no writer will finish: last changed before `instant` (the Maildir convention
    /// removes them after 36 hours), or written on this host by a process that is no longer running.
    public func abandonedStaged(before instant: Date) throws(MaildirError) -> [String] {
        try MaildirFiles.listDirectory(url(.tmp, "").path).filter { name in
            var status = stat()
            guard Self.isPlainName(name), stat(url(.tmp, name).path, &status) == 0 else { return false }
            if Double(status.st_mtim.tv_sec) < instant.timeIntervalSince1970 { return true }
            guard let writer = MaildirNaming.processID(inLiveName: name),
                writer != ProcessInfo.processInfo.processIdentifier
            else { return false }
            return kill(writer, 0) != 0 && errno == ESRCH
        }
    }

    /// A name that stays inside its folder and carries no info suffix.
    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains(":") && !name.contains("\0")
    }

    /// The messages in `new/`, sorted by file name (so by delivery time for time-based names).
    public func newMessages() throws(MaildirError) -> [MaildirMessage] {
        try messages(in: .new)
    }

    /// The messages in `folder`, sorted by file name; dot-files are skipped.
    public func messages(in folder: Folder) throws(MaildirError) -> [MaildirMessage] {
        let directory = root.appendingPathComponent(folder.rawValue)
        return try MaildirFiles.listDirectory(directory.path)
            .filter { !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { MaildirMessage(name: $0, url: directory.appendingPathComponent($0)) }
    }

    /// The content of a message file.
    public func read(_ message: MaildirMessage) throws(MaildirError) -> Data {
        try MaildirFiles.readAll(message.url.path)
    }

    /// Moves a message from `new/` to `cur/` with the info suffix `:2,S` (seen); returns its new place.
    @discardableResult
    public func markSeen(_ message: MaildirMessage) throws(MaildirError) -> MaildirMessage {
        let unique = message.name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? message.name
        let seenName = unique + ":2,S"
        let source = message.url.path
        let destination = url(.cur, seenName)
        guard rename(source, destination.path) == 0 else {
            throw MaildirError(.move, path: source, code: errno)
        }
        return MaildirMessage(name: seenName, url: destination)
    }

    /// Moves a message that cannot be taken (not a regular file, or refused by the store) out of `new/` into
    /// `bad/` beside `cur/` (made when missing), where an operator can look at it; returns its new place.
    @discardableResult
    public func setAside(_ message: MaildirMessage) throws(MaildirError) -> MaildirMessage {
        let folder = root.appendingPathComponent("bad", isDirectory: true)
        if mkdir(folder.path, 0o700) != 0 && errno != EEXIST {
            throw MaildirError(.createDirectory, path: folder.path, code: errno)
        }
        let destination = folder.appendingPathComponent(message.name)
        guard rename(message.url.path, destination.path) == 0 else {
            throw MaildirError(.move, path: message.url.path, code: errno)
        }
        return MaildirMessage(name: message.name, url: destination)
    }

    // MARK: - Private

    private enum Subdirectory: String {
        case tmp, new, cur
    }

    private func url(_ subdirectory: Subdirectory, _ name: String) -> URL {
        let directory = root.appendingPathComponent(subdirectory.rawValue, isDirectory: true)
        return name.isEmpty ? directory : directory.appendingPathComponent(name)
    }
}
