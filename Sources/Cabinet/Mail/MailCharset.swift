import Foundation

/// A text charset that mail parts declare, limited to the ones Russian-language mail actually uses.
///
/// The 8-bit Cyrillic charsets are decoded with built-in 128-entry tables rather than Foundation,
/// because `String(data:encoding:)` on Linux has no KOI8-R and the tables keep both charsets behaving
/// the same on every platform.
enum MailCharset: Equatable, Sendable {
    case utf8
    case usASCII
    case latin1
    case windows1252
    case windows1251
    case koi8r

    /// The charset for a MIME label such as `"UTF-8"`, `"cp1251"` or `"koi8-r"`; `nil` when unknown.
    init?(label: String) {
        var name = label.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
            name = String(name.dropFirst().dropLast())
        }
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            self = .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "646", "":
            self = .usASCII
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819":
            self = .latin1
        case "windows-1252", "cp1252", "x-cp1252":
            self = .windows1252
        case "windows-1251", "cp1251", "x-cp1251", "win-1251", "windows1251", "cp-1251":
            self = .windows1251
        case "koi8-r", "koi8r", "koi8", "cskoi8r", "koi8-ru", "koi8-u":
            // KOI8-U and KOI8-RU differ from KOI8-R only in Ukrainian and Belarusian letters.
            self = .koi8r
        default:
            return nil
        }
    }

    /// Decodes `bytes`; `isLossless` is `false` when some bytes were invalid and got replaced.
    func decode<Bytes: Collection>(_ bytes: Bytes) -> (text: String, isLossless: Bool) where Bytes.Element == UInt8 {
        switch self {
        case .utf8:
            return Self.decodeUTF8(bytes)
        case .usASCII:
            // Mail labelled ASCII often carries UTF-8 or cp1251 from a misconfigured client.
            if bytes.allSatisfy({ $0 < 0x80 }) {
                return (String(decoding: bytes, as: UTF8.self), true)
            }
            return (Self.decodeUnlabelled(bytes), false)
        case .latin1:
            return (Self.decodeSingleByte(bytes, high: nil), true)
        case .windows1252:
            return (Self.decodeSingleByte(bytes, high: Self.windows1252High), true)
        case .windows1251:
            return (Self.decodeSingleByte(bytes, high: Self.windows1251High), true)
        case .koi8r:
            return (Self.decodeSingleByte(bytes, high: Self.koi8rHigh), true)
        }
    }

    /// Decodes text whose charset is unknown or missing: UTF-8 when valid, otherwise windows-1251.
    ///
    /// windows-1251 is the most common legacy charset in Russian mail and accepts every byte, so the
    /// result is always readable text rather than replacement characters.
    static func decodeUnlabelled<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let utf8 = decodeUTF8(bytes)
        return utf8.isLossless ? utf8.text : decodeSingleByte(bytes, high: windows1251High)
    }

    // MARK: - Decoders

    private static func decodeUTF8<Bytes: Collection>(
        _ bytes: Bytes
    ) -> (text: String, isLossless: Bool) where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var isLossless = true
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                scalars.append(scalar)
            case .error:
                scalars.append("\u{FFFD}")
                isLossless = false
            case .emptyInput:
                return (String(scalars), isLossless)
            }
        }
    }

    /// Maps bytes below 0x80 to ASCII and the rest through `high` (or to U+0080...U+00FF when `nil`).
    private static func decodeSingleByte<Bytes: Collection>(
        _ bytes: Bytes, high: [UInt16]?
    ) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else if let high, let scalar = Unicode.Scalar(UInt32(high[Int(byte) - 0x80])) {
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }
}
