/// A value that writes its own JSON: byte for byte what `StateJSON` writes for it through `Codable` (keys sorted,
/// no whitespace), without `Codable`'s generic containers, which cost more than a dialog's own work on a turn.
///
/// `StateJSON.encode` takes this way wherever it meets such a value, at the top or nested; reading stays with
/// `Codable`. A test compares both ways for each conforming type.
public protocol JSONWritable: Encodable {
    /// Appends the value's JSON.
    func writeJSON(into output: inout [UInt8])
}

extension FormState: JSONWritable {
    /// `{"position":…,"values":{…}}`, the values by sorted key.
    public func writeJSON(into output: inout [UInt8]) {
        output += #"{"position":{"#.utf8
        switch position {
        case .asking(let index):
            output += #""asking":{"_0":"#.utf8
            output += String(index).utf8
            output.append(UInt8(ascii: "}"))
        case .summary:
            output += #""summary":{}"#.utf8
        case .editing(let index):
            output += #""editing":{"_0":"#.utf8
            output += String(index).utf8
            output.append(UInt8(ascii: "}"))
        }
        output += #"},"values":{"#.utf8
        for (offset, key) in values.keys.sorted().enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            JSONEscaping.appendQuoted(key, to: &output)
            output.append(UInt8(ascii: ":"))
            JSONEscaping.appendQuoted(values[key] ?? "", to: &output)
        }
        output += "}}".utf8
    }
}

extension StateJSON {
    /// Appends `text` as a JSON string, escaped as everywhere else in the stored JSON (for `JSONWritable` values).
    public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        JSONEscaping.appendQuoted(text, to: &output)
    }
}
