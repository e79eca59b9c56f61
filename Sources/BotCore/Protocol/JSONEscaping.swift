/// Writes a JSON string (RFC 8259) as UTF-8 bytes: one routine for the wire lines and the stored JSON, since both
/// run on every turn.
///
/// The bytes that need an escape are found eight at a time. A text without any is copied whole; one with some (a
/// dialog's state inside the session's JSON has dozens of quotes) is written through a pointer into a buffer of
/// the longest size it can take, then copied once, rather than appended piece by piece.
enum JSONEscaping {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// Appends `text` in quotes: `"` and `\` escaped, `\n`, `\r` and `\t` as such, other control characters and
    /// DEL as `\u00XX`; everything else (all of Unicode) as it is.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard var next = firstEscape(in: bytes, from: 0) else {
                output.append(quote)
                output.append(contentsOf: bytes)
                output.append(quote)
                return
            }
            // Each byte takes at most six (`\u00XX`), and the quotes two.
            let escaped = [UInt8](unsafeUninitializedCapacity: bytes.count * 6 + 2) { buffer, count in
                let source = bytes.baseAddress!
                let target = buffer.baseAddress!
                var written = 0
                func put(_ byte: UInt8) {
                    target[written] = byte
                    written += 1
                }
                func copy(_ range: Range<Int>) {
                    (target + written).initialize(from: source + range.lowerBound, count: range.count)
                    written += range.count
                }
                put(quote)
                var start = 0
                while true {
                    copy(start..<next)
                    let byte = bytes[next]
                    put(backslash)
                    switch byte {
                    case quote, backslash: put(byte)
                    case 0x0A: put(UInt8(ascii: "n"))
                    case 0x0D: put(UInt8(ascii: "r"))
                    case 0x09: put(UInt8(ascii: "t"))
                    default:
                        put(UInt8(ascii: "u"))
                        put(UInt8(ascii: "0"))
                        put(UInt8(ascii: "0"))
                        put(hexDigits[Int(byte >> 4)])
                        put(hexDigits[Int(byte & 0xF)])
                    }
                    start = next + 1
                    guard let found = firstEscape(in: bytes, from: start) else { break }
                    next = found
                }
                copy(start..<bytes.count)
                put(quote)
                count = written
            }
            output.append(contentsOf: escaped)
        }
    }

    /// The index of the first byte from `start` on that needs an escape, if any.
    private static func firstEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            let flags = escapeFlags(word)
            if flags != 0 { return index + flags.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == quote || byte == backslash || byte == 0x7F { return index }
            index += 1
        }
        return nil
    }

    /// The high bit of each byte of `word` that needs an escape, and perhaps of bytes after such a byte; zero when
    /// none does, so that runs without escapes are skipped eight bytes at a time.
    ///
    /// `(x - 0x01…) & ~x & 0x80…` marks the zero bytes of `x` and `(x - n…) & ~x & 0x80…` the bytes below `n`
    /// (for `n` up to 0x80), the lowest mark always right: a borrow only runs upwards from a marked byte.
    @inline(__always)
    private static func escapeFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return control | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
            | zeroBytes(word ^ (ones &* 0x7F))
    }
}
