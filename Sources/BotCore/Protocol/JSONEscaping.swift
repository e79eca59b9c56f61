/// Writes a JSON string (RFC 8259) as UTF-8 bytes: one routine for the wire lines and the stored JSON, since both
/// run on every turn.
///
/// Runs of bytes that need no escape are found eight bytes at a time and copied whole.
enum JSONEscaping {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` in quotes: `"` and `\` escaped, `\n`, `\r` and `\t` as such, other control characters and
    /// DEL as `\u00XX`; everything else (all of Unicode) as it is.
    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count {
                    let word = UInt64(
                        littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                    let flags = escapeFlags(word)
                    guard flags != 0 else {
                        index += 8
                        continue
                    }
                    index += flags.trailingZeroBitCount / 8
                }
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F else {
                    index += 1
                    continue
                }
                if start < index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                }
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: output.append(UInt8(ascii: "\""))
                case 0x5C: output.append(UInt8(ascii: "\\"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    output.append(UInt8(ascii: "u"))
                    output.append(UInt8(ascii: "0"))
                    output.append(UInt8(ascii: "0"))
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0xF)])
                }
                index += 1
                start = index
            }
            if start < bytes.count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
        }
        output.append(UInt8(ascii: "\""))
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
