import BotCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small tmpfs mounted for one test: a real disk that fills up and can be made read-only.
///
/// Needs root (or CAP_SYS_ADMIN); where mounting is not allowed the tests that need it say so and fall back to SQLite's
/// own limits in-process.
final class FaultDisk {
    let url: URL
    private var mounted = false

    /// Mounts `megabytes` of tmpfs on a fresh folder; nil when the system does not allow it.
    init?(megabytes: Int) {
        url = crashTestFolder("fault-disk")
        guard geteuid() == 0, Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", url.path])
        else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        mounted = true
    }

    deinit { unmount() }

    func unmount() {
        guard mounted else { return }
        mounted = !Self.run("/bin/umount", ["-l", url.path])
        try? FileManager.default.removeItem(at: url)
    }

    /// Remounts read-only (false when files are open for writing) or read-write.
    @discardableResult
    func remount(readOnly: Bool) -> Bool {
        Self.run("/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", url.path])
    }

    /// Fills the disk with a file until no byte more fits; returns the file.
    func fill() -> URL {
        let filler = url.appendingPathComponent("filler")
        let fd = open(filler.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x55, count: 4_096)
        while (try? FileDescriptorIO.writeAll(fd, chunk)) != nil {}
        var byte: [UInt8] = [0]
        while write(fd, &byte, 1) == 1 {}
        return filler
    }

    /// Runs a command; true when it exits 0.
    @discardableResult
    static func run(_ path: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

/// A message line for the protocol.
func messageLine(chat: String, _ text: String, id: String) -> String {
    String(decoding: WireCodec.encodeMessage(ChatMessage(chat: chat, text: text, id: id)).dropLast(), as: UTF8.self)
}

/// Opens the database at `path` (a second connection, as another process would).
func openDatabase(_ path: String, busyTimeout: Int32 = 5_000) throws -> Connection {
    try Connection(path: path, busyTimeout: busyTimeout)
}
