/// Hand-written JSON for the two records written on every turn, the session and the turn, byte for byte what
/// `StateJSON` (and `JSONEncoder` with sorted keys) writes for them, without `Codable`'s generic machinery.
///
/// A test compares both ways and counts the types' stored properties, so a field added to `Session`, `Frame`,
/// `Turn`, `OutMessage` or `MessageTable` fails it until it is written here too.
extension CoreStore {
    /// A session's JSON.
    static func sessionJSON(_ session: Session) -> String {
        String(decoding: sessionJSONBytes(session), as: UTF8.self)
    }

    /// A session's JSON as UTF-8 bytes.
    static func sessionJSONBytes(_ session: Session) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128 + session.frames.reduce(0) { $0 + $1.state.utf8.count + 48 })
        output += #"{"format":"#.utf8
        output += String(session.format).utf8
        output += #","frames":["#.utf8
        for (index, frame) in session.frames.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += #"{"id":"#.utf8
            JSONNode.writeString(frame.id, into: &output)
            output += #","state":"#.utf8
            JSONNode.writeString(frame.state, into: &output)
            output += #","version":"#.utf8
            output += String(frame.version).utf8
            output.append(UInt8(ascii: "}"))
        }
        output += #"],"invalidStreak":"#.utf8
        output += String(session.invalidStreak).utf8
        if let keyboard = session.keyboard {
            output += #","keyboard":{"rows":"#.utf8
            writeRows(keyboard.rows, into: &output)
            output += #","step":"#.utf8
            JSONNode.writeString(keyboard.step, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        if let language = session.language {
            output += #","language":"#.utf8
            JSONNode.writeString(language.rawValue, into: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// A session from its JSON; anything but the usual shape goes through `Codable`, which decides.
    static func session(fromJSON json: String) throws -> Session {
        try session(fromJSON: Array(json.utf8))
    }

    /// A session from its JSON bytes: the writer's own shape read directly (`SessionScanner`), anything else
    /// through `Codable`, which decides.
    static func session(fromJSON json: [UInt8]) throws -> Session {
        if let session = SessionScanner.session(json) { return session }
        return try StateJSON.decode(Session.self, from: json)
    }

    /// A turn's JSON, as the turn log keeps it.
    static func turnJSONBytes(_ turn: Turn) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        output += #"{"dialog":"#.utf8
        JSONNode.writeString(turn.dialog, into: &output)
        output += #","messages":["#.utf8
        for (index, message) in turn.messages.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            var separator = UInt8(ascii: "{")
            func key(_ name: String) {
                output.append(separator)
                separator = UInt8(ascii: ",")
                JSONNode.writeString(name, into: &output)
                output.append(UInt8(ascii: ":"))
            }
            if let buttons = message.buttons {
                key("buttons")
                writeRows(buttons, into: &output)
            }
            if let input = message.input {
                key("input")
                JSONNode.writeString(input.rawValue, into: &output)
            }
            if let table = message.table {
                key("table")
                output += #"{"columns":"#.utf8
                writeRow(table.columns, into: &output)
                output += #","rows":"#.utf8
                writeRows(table.rows, into: &output)
                output.append(UInt8(ascii: "}"))
            }
            key("text")
            JSONNode.writeString(message.text, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output += #"],"step":"#.utf8
        JSONNode.writeString(turn.step, into: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    private static func writeRows(_ rows: [[String]], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, row) in rows.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeRow(row, into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    private static func writeRow(_ row: [String], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (index, cell) in row.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONNode.writeString(cell, into: &output)
        }
        output.append(UInt8(ascii: "]"))
    }
}
