import Foundation

/// Where the unique part of each delivered file name comes from.
public struct MaildirNaming: Sendable {
    /// Returns a new name for every call; it must not contain `/` or `:` nor start with `.`.
    public var makeUniqueName: @Sendable () -> String

    /// Creates a naming scheme from a generator (tests pass a deterministic counter).
    public init(makeUniqueName: @escaping @Sendable () -> String) {
        self.makeUniqueName = makeUniqueName
    }

    /// Names in the modern Maildir form `seconds.MmicrosecondsPpidQcounter.host`.
    ///
    /// The counter is shared by every `live` generator in the process, so two deliveries in the same
    /// microsecond still get different names.
    public static func live(hostName: String = ProcessInfo.processInfo.hostName) -> MaildirNaming {
        let host = hostName.isEmpty ? "localhost" : sanitized(hostName)
        let pid = ProcessInfo.processInfo.processIdentifier
        return MaildirNaming {
            let now = Date().timeIntervalSince1970
            let seconds = Int(now)
            let microseconds = Int((now - Double(seconds)) * 1_000_000)
            return "\(seconds).M\(microseconds)P\(pid)Q\(DeliveryCounter.shared.next()).\(host)"
        }
    }

    /// The process id in a name `live()` made on `hostName`, or nil for a name of another form or host.
    public static func processID(inLiveName name: String, hostName: String = ProcessInfo.processInfo.hostName)
        -> Int32?
    {
        let host = hostName.isEmpty ? "localhost" : sanitized(hostName)
        let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == host, let p = parts[1].firstIndex(of: "P"),
            let q = parts[1][p...].firstIndex(of: "Q")
        else { return nil }
        return Int32(parts[1][parts[1].index(after: p)..<q])
    }

    /// The host name with `/` and `:` escaped as the Maildir convention asks.
    private static func sanitized(_ host: String) -> String {
        host.replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
    }
}

/// A process-wide delivery counter.
///
/// `@unchecked Sendable`: `value` is only read and written while `lock` is held.
private final class DeliveryCounter: @unchecked Sendable {
    static let shared = DeliveryCounter()
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
