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
    ///
    /// The move is a hard link plus unlink, so an existing file in `new/` is never overwritten (that
    /// fails with `EEXIST`); where links are not supported it falls back to `rename`. The directory
    /// `new/` is synced afterwards on a best-effort basis.
    @discardableResult
    public func deliver(_ data: Data) throws(MaildirError) -> MaildirMessage {
        let name = naming.makeUniqueName()
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains(":"), !name.contains("\0")
        else { throw MaildirError(.makeName, path: name, code: EINVAL) }
        let temporary = url(.tmp, name).path
        let destination = url(.new, name).path
        try MaildirFiles.writeSynced(data, to: temporary)
        if link(temporary, destination) == 0 {
            unlink(temporary)
        } else {
            let code = errno
            guard code != EEXIST, access(destination, F_OK) != 0 else {
                unlink(temporary)
                throw MaildirError(.deliver, path: destination, code: EEXIST)
            }
            guard rename(temporary, destination) == 0 else {
                let renameCode = errno
                unlink(temporary)
                throw MaildirError(.deliver, path: destination, code: renameCode)
            }
        }
        MaildirFiles.syncDirectory(url(.new, "").path)
        return MaildirMessage(name: name, url: url(.new, name))
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

    // MARK: - Private

    private enum Subdirectory: String {
        case tmp, new, cur
    }

    private func url(_ subdirectory: Subdirectory, _ name: String) -> URL {
        let directory = root.appendingPathComponent(subdirectory.rawValue, isDirectory: true)
        return name.isEmpty ? directory : directory.appendingPathComponent(name)
    }
}
