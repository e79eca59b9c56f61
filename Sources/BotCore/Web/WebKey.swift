import COpenSSL
import Foundation

/// The server's secret for the web channel: it signs the cookies that name a browser's chat and derives CSRF
/// tokens (HMAC-SHA256 from OpenSSL's libcrypto; nothing hand-made).
public struct WebKey: Sendable {
    private let secret: [UInt8]

    /// A key of at least 32 bytes.
    public init(secret: [UInt8]) throws(WebKeyError) {
        guard secret.count >= 32 else { throw WebKeyError(description: "the secret must be at least 32 bytes") }
        self.secret = secret
    }

    /// The key in `path` (its bytes, trailing whitespace trimmed).
    public static func load(from path: String) throws(WebKeyError) -> WebKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebKeyError(description: "\(path): cannot be read")
        }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        do {
            return try WebKey(secret: bytes)
        } catch {
            throw WebKeyError(description: "\(path): \(error.description)")
        }
    }

    /// The key in `path`, made there first (32 random bytes as hex, mode 0600) when the file does not exist.
    public static func loadOrCreate(at path: String) throws(WebKeyError) -> WebKey {
        if !FileManager.default.fileExists(atPath: path) {
            let text = Self.randomHex(bytes: 32) + "\n"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                defer { _ = Glibc.close(fd) }
                do {
                    try FileDescriptorIO.writeAll(fd, Array(text.utf8))
                } catch {
                    throw WebKeyError(description: "\(path): \(error)")
                }
            }
        }
        return try load(from: path)
    }

    /// A random id of `bytes` bytes as lowercase hex, from OpenSSL's generator.
    public static func randomHex(bytes count: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            // The system generator as the fallback; either is a CSPRNG.
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
            return hex(bytes)
        }
        return hex(bytes)
    }

    /// HMAC-SHA256 of `text` under the key, as hex.
    func mac(_ text: String) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let input = Array(text.utf8)
        _ = secret.withUnsafeBytes { key in
            input.withUnsafeBytes { data in
                HMAC(
                    EVP_sha256(), key.baseAddress, Int32(key.count), data.bindMemory(to: UInt8.self).baseAddress,
                    data.count, &digest, &length)
            }
        }
        return Self.hex(Array(digest.prefix(Int(length))))
    }

    /// `id.signature`: what a cookie holds.
    func sign(_ id: String) -> String { id + "." + mac("chat|" + id) }

    /// The id of a signed cookie value, or nil when its signature does not match (or the shape is wrong).
    func verify(_ value: String) -> String? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 32, parts[0].allSatisfy(\.isHexDigit) else { return nil }
        let id = String(parts[0])
        return Self.equal(String(parts[1]), mac("chat|" + id)) ? id : nil
    }

    /// The CSRF token that goes with a cookie's id.
    func csrf(for id: String) -> String { mac("csrf|" + id) }

    /// Whether `token` is the CSRF token of `id` (compared in constant time).
    func checkCSRF(_ token: String?, for id: String) -> Bool {
        guard let token else { return false }
        return Self.equal(token, csrf(for: id))
    }

    private static func equal(_ a: String, _ b: String) -> Bool {
        let (left, right) = (Array(a.utf8), Array(b.utf8))
        guard left.count == right.count else { return false }
        return CRYPTO_memcmp(left, right, left.count) == 0
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A web key that cannot be used, with the reason.
public struct WebKeyError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
