/// Content-Transfer-Encoding codecs (RFC 2045) and the RFC 2047 "Q" encoding, on raw bytes.
///
/// The decoders are lenient the way mail readers have to be: they decode what they can and report
/// `isClean == false` instead of failing, so a damaged part still yields its readable prefix.
enum MailTransferEncoding {
    // MARK: - Base64

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 6-bit values by byte; 0xFF for bytes outside the alphabet.
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in base64Alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// Decodes base64, skipping whitespace; an incomplete final group or a stray byte makes it unclean.
    static func decodeBase64<Bytes: Collection>(
        _ input: Bytes
    ) -> (bytes: [UInt8], isClean: Bool) where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var group: UInt32 = 0
        var count = 0
        var isClean = true
        var sawPadding = false

        func flushPartialGroup() {
            switch count {
            case 2: output.append(UInt8(truncatingIfNeeded: group >> 4))
            case 3:
                output.append(UInt8(truncatingIfNeeded: group >> 10))
                output.append(UInt8(truncatingIfNeeded: group >> 2))
            case 1: isClean = false
            default: break
            }
            group = 0
            count = 0
        }

        for byte in input {
            let value = base64Values[Int(byte)]
            if value != 0xFF {
                if sawPadding, count == 0 {
                    sawPadding = false  // a second base64 run glued to the first, as some encoders write
                }
                group = group << 6 | UInt32(value)
                count += 1
                if count == 4 {
                    output.append(UInt8(truncatingIfNeeded: group >> 16))
                    output.append(UInt8(truncatingIfNeeded: group >> 8))
                    output.append(UInt8(truncatingIfNeeded: group))
                    group = 0
                    count = 0
                }
            } else if byte == UInt8(ascii: "=") {
                if count > 0 {
                    flushPartialGroup()
                }
                sawPadding = true
            } else if !isWhitespace(byte) {
                isClean = false
            }
        }
        if count > 0 {
            isClean = false  // the data stopped in the middle of a group: truncated or missing padding
            flushPartialGroup()
        }
        return (output, isClean)
    }

    /// Base64 text split into lines of at most `lineLength` characters, each line ending in CRLF.
    static func encodeBase64Lines<Bytes: Collection>(
        _ input: Bytes, lineLength: Int = 76
    ) -> String where Bytes.Element == UInt8 {
        let bytes = Array(input)
        var encoded: [UInt8] = []
        encoded.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = UInt32(bytes[index])
            let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            encoded.append(base64Alphabet[Int(group >> 18 & 0x3F)])
            encoded.append(base64Alphabet[Int(group >> 12 & 0x3F)])
            encoded.append(remaining > 1 ? base64Alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            encoded.append(remaining > 2 ? base64Alphabet[Int(group & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        var lines = ""
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLength, encoded.count)
            lines += String(decoding: encoded[start..<end], as: UTF8.self) + "\r\n"
            start = end
        }
        return lines
    }

    /// Unbroken base64 text, as used inside RFC 2047 encoded words.
    static func encodeBase64<Bytes: Collection>(_ input: Bytes) -> String where Bytes.Element == UInt8 {
        var text = encodeBase64Lines(input, lineLength: Int.max)
        if text.hasSuffix("\r\n") {
            text.removeLast()  // "\r\n" is a single Character
        }
        return text
    }

    // MARK: - Quoted-printable

    /// Decodes quoted-printable: `=XX` escapes, `=` soft line breaks, and trailing blanks dropped.
    static func decodeQuotedPrintable<Bytes: Collection>(
        _ input: Bytes
    ) -> (bytes: [UInt8], isClean: Bool) where Bytes.Element == UInt8 {
        let bytes = Array(input)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var isClean = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
                // A soft line break: "=" then optional transport padding, then the line end.
                var next = index + 1
                while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 {
                    next += 1
                }
                if next == bytes.count {
                    index = next
                    continue
                }
                if bytes[next] == UInt8(ascii: "\n") {
                    index = next + 1
                    continue
                }
                if bytes[next] == UInt8(ascii: "\r") {
                    index = next + 1 < bytes.count && bytes[next + 1] == UInt8(ascii: "\n") ? next + 2 : next + 1
                    continue
                }
                isClean = false  // "=" not followed by two hex digits: keep it literally
                output.append(byte)
                index += 1
            } else if byte == 0x20 || byte == 0x09 {
                var next = index
                while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 {
                    next += 1
                }
                let endsLine =
                    next == bytes.count || bytes[next] == UInt8(ascii: "\r") || bytes[next] == UInt8(ascii: "\n")
                if !endsLine {
                    output.append(contentsOf: bytes[index..<next])
                }
                index = next
            } else {
                output.append(byte)
                index += 1
            }
        }
        return (output, isClean)
    }

    /// Encodes UTF-8 text as quoted-printable with CRLF hard breaks and lines of at most 76 characters.
    ///
    /// Line breaks in `text` (LF, CRLF or CR) become CRLF. Trailing blanks are escaped so transports
    /// can't strip them, and a line starting with "From " gets its "F" escaped against mbox munging.
    static func encodeQuotedPrintable(_ text: String) -> String {
        let maximumLineLength = 76
        var output = ""
        for (lineIndex, line) in MailText.lines(of: text).enumerated() {
            if lineIndex > 0 {
                output += "\r\n"
            }
            let bytes = Array(line.utf8)
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let token: String
                switch byte {
                case UInt8(ascii: "="):
                    token = escape(byte)
                case 0x20, 0x09:
                    token = isLast ? escape(byte) : String(UnicodeScalar(byte))
                case UInt8(ascii: "F") where index == 0 && line.hasPrefix("From "):
                    token = escape(byte)
                case 33...126:
                    token = String(UnicodeScalar(byte))
                default:
                    token = escape(byte)
                }
                // Keep one column for the "=" of a soft break, unless this token ends the line.
                let limit = isLast ? maximumLineLength : maximumLineLength - 1
                if current.utf8.count + token.utf8.count > limit {
                    output += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            output += current
        }
        return output
    }

    // MARK: - RFC 2047 "Q"

    /// Decodes the "Q" encoding of RFC 2047 encoded words: `_` is a space, `=XX` a byte.
    static func decodeQ(_ input: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(input)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                output.append(0x20)
            } else if byte == UInt8(ascii: "="), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    // MARK: - Helpers

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
