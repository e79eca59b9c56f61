import Foundation

/// The shared secret socket clients present in their `hello` line (`--token-file`).
public struct AccessToken: Sendable {
    private let bytes: [UInt8]

    /// A token from its text, trailing whitespace (a file's final newline) trimmed; nil when nothing is left.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
            bytes.removeLast()
        }
        guard !bytes.isEmpty else { return nil }
        self.bytes = bytes
    }

    /// Reads the token from a file.
    public static func load(from path: String) throws -> AccessToken {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenFileError(description: "cannot read the token file \(path)")
        }
        guard let token = AccessToken(String(decoding: data, as: UTF8.self)) else {
            throw TokenFileError(description: "the token file \(path) is empty")
        }
        return token
    }

    /// Whether `presented` is the token, in time that depends on the token's length only, not on where the
    /// first difference is (so that a client cannot guess it byte by byte).
    public func matches(_ presented: String?) -> Bool {
        guard let presented else { return false }
        let candidate = Array(presented.utf8)
        var difference = UInt(bitPattern: candidate.count ^ bytes.count)
        for index in bytes.indices {
            let byte = index < candidate.count ? candidate[index] : 0
            difference |= UInt(byte ^ bytes[index])
        }
        return difference == 0
    }
}

/// A token file that cannot be used.
public struct TokenFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
