import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the bridge keeps across restarts: the poll position, the answered updates above it, the chats waiting
/// for a secret, the chats the messenger moved, and the calls the messenger has not accepted yet.
///
/// Never a person's text. Version 1 (Telegram's first bridge: update ids as numbers) is read and written anew
/// as version 2.
public struct BridgeSnapshot<Call: BridgeCall>: Codable, Equatable, Sendable {
    public var version = 2
    /// The poll position (Telegram's offset, MAX's marker).
    public var offset: Int64 = 0
    /// Protocol message id → its position.
    public var answered: [String: Int64] = [:]
    /// Chat → the serial of the update whose turn asked for a secret.
    public var secretPrompts: [String: Int64] = [:]
    public var nextSerial: Int64 = 1
    /// Chat → the chat the messenger moved it to.
    public var movedChats: [String: String] = [:]
    public var outbox: [Call] = []

    public init(
        offset: Int64 = 0, answered: [String: Int64] = [:], secretPrompts: [String: Int64] = [:],
        nextSerial: Int64 = 1, movedChats: [String: String] = [:], outbox: [Call] = []
    ) {
        self.offset = offset
        self.answered = answered
        self.secretPrompts = secretPrompts
        self.nextSerial = nextSerial
        self.movedChats = movedChats
        self.outbox = outbox
    }

    private enum CodingKeys: String, CodingKey {
        case version, offset, answered, outbox
        case secretPrompts = "secret_prompts"
        case nextSerial = "next_serial"
        case movedChats = "moved_chats"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        offset = try container.decode(Int64.self, forKey: .offset)
        outbox = try container.decode([Call].self, forKey: .outbox)
        secretPrompts = try container.decode([String: Int64].self, forKey: .secretPrompts)
        if version == 1 {
            // Telegram's update ids: the message id was `tg:<id>`, its position the id itself, and a prompt's
            // update id orders like a serial (every later update has a higher one).
            let ids = try container.decode([Int64].self, forKey: .answered)
            answered = Dictionary(ids.map { ("tg:\($0)", $0) }, uniquingKeysWith: max)
            nextSerial = max(offset, (ids.max() ?? 0) + 1, (secretPrompts.values.max() ?? 0) + 1)
            version = 2
        } else {
            answered = try container.decode([String: Int64].self, forKey: .answered)
            nextSerial = try container.decode(Int64.self, forKey: .nextSerial)
            movedChats = try container.decodeIfPresent([String: String].self, forKey: .movedChats) ?? [:]
        }
    }
}

/// A state file that cannot be read or written.
public struct StateFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The `--state` file: JSON, replaced atomically (write a temporary file, fsync, rename), so a crash leaves
/// either the old state or the new one.
public struct StateFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The saved state; nil when the file does not exist yet.
    public func load<Call: BridgeCall>(_ type: Call.Type) throws(StateFileError) -> BridgeSnapshot<Call>? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateFileError(description: "cannot read the state file \(path)")
        }
        do {
            let snapshot = try JSONDecoder().decode(BridgeSnapshot<Call>.self, from: data)
            guard snapshot.version == 2 else {
                throw StateFileError(description: "the state file \(path) has version \(snapshot.version); expected 2")
            }
            return snapshot
        } catch let error as StateFileError {
            throw error
        } catch {
            throw StateFileError(description: "the state file \(path) is not a bridge state: \(error)")
        }
    }

    /// Replaces the file with `snapshot`.
    public func save<Call>(_ snapshot: BridgeSnapshot<Call>) throws(StateFileError) {
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
