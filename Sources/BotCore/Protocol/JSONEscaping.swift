/// Writes a JSON string (RFC 8259) as UTF-8 bytes: one routine for the wire lines and the stored JSON, since both
/// run on every turn.
///
/// Runs of bytes that need no escape are copied whole.
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
}
