import BotCore
import CCrypt
import Foundation

/// Hashes and verifies passwords with yescrypt (`$y$`) through libcrypt, the hash `/etc/shadow` uses.
///
/// The salt's bytes come from the injected `RandomSource`; `crypt_r` works in a heap-allocated, zeroed
/// `struct crypt_data` that is wiped before it is freed. Verification recomputes the hash with the stored
/// setting and compares in constant time. See `crypt(5)` and `crypt_gensalt(3)`.
struct PasswordHasher {
    /// The prefix every hash this type makes begins with.
    static let prefix = "$y$"
    private static let saltByteCount = 16

    let random: RandomSource
    /// The yescrypt cost; 0 means libcrypt's default.
    let cost: Int

    /// A hasher drawing salts from `random`, with the yescrypt `cost` (0 for libcrypt's default).
    init(random: RandomSource, cost: Int = 0) {
        self.random = random
        self.cost = cost
    }

    /// The yescrypt hash of `password` with a fresh salt, or nil when libcrypt fails.
    func hash(_ password: String) -> String? {
        var bytes: [CChar] = []
        while bytes.count < Self.saltByteCount {
            withUnsafeBytes(of: random.next().littleEndian) { raw in
                bytes.append(contentsOf: raw.map { CChar(bitPattern: $0) })
            }
        }
        var output = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let produced = bytes.withUnsafeBufferPointer { random in
            crypt_gensalt_rn(
                Self.prefix, UInt(cost), random.baseAddress, Int32(Self.saltByteCount), &output, Int32(output.count))
        }
        guard produced != nil else { return nil }
        let setting = String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hash = Self.crypt(password, setting: setting), hash.hasPrefix(Self.prefix) else { return nil }
        return hash
    }

    /// Whether `password` hashes, with the setting stored in `hash`, to exactly `hash`.
    func verify(_ password: String, against hash: String) -> Bool {
        guard hash.hasPrefix(Self.prefix), let computed = Self.crypt(password, setting: hash) else {
            return false
        }
        return Self.constantTimeEqual(Array(computed.utf8), Array(hash.utf8))
    }

    /// Runs `crypt_r` in a zeroed heap `struct crypt_data`; nil on failure (libcrypt returns `*0`/`*1` or NULL).
    private static func crypt(_ password: String, setting: String) -> String? {
        guard !password.utf8.contains(0) else { return nil }
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        let raw = UnsafeMutableRawPointer(data)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            data.deallocate()
        }
        guard let result = crypt_r(password, setting, data) else { return nil }
        let text = String(cString: result)
        return text.hasPrefix("*") ? nil : text
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        let count = max(lhs.count, rhs.count)
        for index in 0..<count {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
