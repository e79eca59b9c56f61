import Foundation

/// Reads a session's JSON exactly as `CoreStore.sessionJSONBytes` writes it, straight from its bytes: no tree of
/// values, no dictionary per object. A chat whose session is not in the cache (most chats, when more of them talk
/// than the cache holds) is read this way on every turn.
///
/// Anything else (whitespace, another order of keys, an escape it does not take) is nil, and the general decoder
/// decides; a test compares both on the sessions the writer makes.
struct SessionScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The session `json` holds, or nil when it is not in the writer's own shape.
    static func session(_ json: [UInt8]) -> Session? {
        json.withUnsafeBufferPointer { buffer in
            var scanner = SessionScanner(buffer)
            return scanner.session()
        }
    }

    private mutating func session() -> Session? {
        var session = Session()
        guard take(#"{"format":"#), let format = int(), take(#","frames":["#) else { return nil }
        session.format = format
        if !take("]") {
            repeat {
                guard take(#"{"id":"#), let id = string(), take(#","state":"#), let state = string(),
                    take(#","version":"#), let version = int(), take("}")
                else { return nil }
                session.frames.append(Frame(id: id, version: version, state: state))
            } while take(",")
            guard take("]") else { return nil }
        }
        guard take(#","invalidStreak":"#), let streak = int() else { return nil }
        session.invalidStreak = streak
        if take(#","keyboard":{"rows":"#) {
            guard let rows = rows(), take(#","step":"#), let step = string(), take("}") else { return nil }
            session.keyboard = Keyboard(step: step, rows: rows)
        }
        if take(#","language":"#) {
            guard let tag = string(), let language = Language(rawValue: tag) else { return nil }
            session.language = language
        }
        guard take("}"), index == bytes.count else { return nil }
        return session
    }

    /// Moves past `literal` when the bytes continue with it.
    private mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count,
            memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
        else { return false }
        index += count
        return true
    }

    /// A non-negative integer as the writer writes one (no sign, no leading zero).
    private mutating func int() -> Int? {
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            guard index - start < 18 else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start, bytes[start] != UInt8(ascii: "0") || index == start + 1 else { return nil }
        return value
    }

    /// A string, its escapes undone (the ones `JSONEscaping` writes: `\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX`).
    private mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            guard byte >= 0x20 else { return nil }
            index += 1
        }
        return nil
    }

    /// The rest of a string that has escapes, from its first byte at `start`.
    private mutating func escapedString(from start: Int) -> String? {
        var text = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        text.reserveCapacity(bytes.count - start)
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): text.append(escape)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    // `\u00XX`: a control character or DEL, one byte.
                    guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "0"),
                        bytes[index + 1] == UInt8(ascii: "0"), let high = hexDigit(bytes[index + 2]),
                        let low = hexDigit(bytes[index + 3])
                    else { return nil }
                    let value = high << 4 | low
                    guard value < 0x20 || value == 0x7F else { return nil }
                    text.append(value)
                    index += 4
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                text.append(byte)
            }
        }
        return nil
    }

    private func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// `[[string, …], …]`.
    private mutating func rows() -> [[String]]? {
        guard take("[") else { return nil }
        var rows: [[String]] = []
        if take("]") { return rows }
        repeat {
            guard take("[") else { return nil }
            var row: [String] = []
            if !take("]") {
                repeat {
                    guard let cell = string() else { return nil }
                    row.append(cell)
                } while take(",")
                guard take("]") else { return nil }
            }
            rows.append(row)
        } while take(",")
        guard take("]") else { return nil }
        return rows
    }
}
