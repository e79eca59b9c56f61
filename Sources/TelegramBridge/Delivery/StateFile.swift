import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the bridge keeps across restarts: the offset, the answered updates above it, the chats waiting for a
/// secret, and the calls Telegram has not accepted yet.
///
/// Never a person's text.
struct BridgeSnapshot: Codable, Equatable, Sendable {
    var version = 1
    var offset: Int64 = 0
    var answered: [Int64] = []
    /// Telegram chat id (as text, JSON keys being strings) → the update whose turn asked for a secret.
    var secretPrompts: [String: Int64] = [:]
    var outbox: [TelegramCall] = []

    private enum CodingKeys: String, CodingKey {
        case version, offset, answered, outbox
        case secretPrompts = "secret_prompts"
    }
}

/// A state file that cannot be read or written.
struct StateFileError: Error, CustomStringConvertible, Sendable {
    var description: String
}

/// The `--state` file: JSON, replaced atomically (write a temporary file, fsync, rename), so a crash leaves
/// either the old state or the new one.
struct StateFile: Sendable {
    let path: String

    /// The saved state; nil when the file does not exist yet.
    func load() throws(StateFileError) -> BridgeSnapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateFileError(description: "cannot read the state file \(path)")
        }
        do {
            let snapshot = try JSONDecoder().decode(BridgeSnapshot.self, from: data)
            guard snapshot.version == 1 else {
                throw StateFileError(description: "the state file \(path) has version \(snapshot.version); expected 1")
            }
            return snapshot
        } catch let error as StateFileError {
            throw error
        } catch {
            throw StateFileError(description: "the state file \(path) is not a bridge state: \(error)")
        }
    }

    /// Replaces the file with `snapshot`.
    func save(_ snapshot: BridgeSnapshot) throws(StateFileError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(snapshot) else {
            throw StateFileError(description: "cannot encode the bridge state")
        }
        let temporary = path + ".tmp"
        do {
            let fd = Int32(
                try retryingSyscall("open") { Int(open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)) })
            defer { Descriptor.close(fd) }
            try FileDescriptorIO.writeAll(fd, Array(data) + [0x0A])
            try retryingSyscall("fsync") { Int(fsync(fd)) }
            try retryingSyscall("rename") { Int(rename(temporary, path)) }
        } catch {
            throw StateFileError(description: "cannot write the state file \(path): \(error)")
        }
    }
}
