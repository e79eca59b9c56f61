import BotCore
import Foundation

/// The hostile-input corpus under `Tests/Corpus/`: protocol lines with what each must get back, and answers to
/// type into forms.
enum HostileCorpus {
    /// One line of `hostile-lines.txt`: what must come back, and the bytes to send.
    struct Line {
        var number: Int
        var expected: String
        var bytes: [UInt8]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Corpus").standardized

    static func lines() throws -> [Line] {
        let text = try String(contentsOf: folder.appendingPathComponent("hostile-lines.txt"), encoding: .utf8)
        var result: [Line] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty, !line.hasPrefix("#"), let space = line.firstIndex(of: " ") else { continue }
            let payload = expand(String(line[line.index(after: space)...]))
            result.append(Line(number: index + 1, expected: String(line[..<space]), bytes: rawBytes(payload)))
        }
        return result
    }

    static func answers() throws -> [String] {
        let text = try String(contentsOf: folder.appendingPathComponent("hostile-answers.txt"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { scalars(expand(String($0))) }
    }

    /// `{{repeat N TEXT}}` is TEXT N times (`\}` in TEXT is a brace).
    static func expand(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "{{repeat ") {
            output += rest[..<start.lowerBound]
            let afterKeyword = rest[start.upperBound...]
            guard let space = afterKeyword.firstIndex(of: " "), let count = Int(afterKeyword[..<space]) else {
                output += "{{repeat "
                rest = afterKeyword
                continue
            }
            var argument = ""
            var index = afterKeyword.index(after: space)
            while index < afterKeyword.endIndex {
                if afterKeyword[index...].hasPrefix("\\}") {
                    argument += "}"
                    index = afterKeyword.index(index, offsetBy: 2)
                } else if afterKeyword[index...].hasPrefix("}}") {
                    break
                } else {
                    argument.append(afterKeyword[index])
                    index = afterKeyword.index(after: index)
                }
            }
            output += String(repeating: argument, count: count)
            rest = index < afterKeyword.endIndex ? afterKeyword[afterKeyword.index(index, offsetBy: 2)...] : ""
        }
        return output + rest
    }

    /// The UTF-8 of `text` with every `\xHH` replaced by that byte.
    static func rawBytes(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count, utf8[index + 1] == UInt8(ascii: "x"),
                let value = UInt8(String(decoding: utf8[(index + 2)...(index + 3)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }

    /// `text` with every `\u{H...}` replaced by that scalar.
    static func scalars(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "\\u{"), let end = rest[start.upperBound...].firstIndex(of: "}"),
            let value = UInt32(rest[start.upperBound..<end], radix: 16), let scalar = Unicode.Scalar(value)
        {
            output += rest[..<start.lowerBound]
            output.unicodeScalars.append(scalar)
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }
}

/// Something that carries protocol lines to the bot and back: standard I/O, a TCP or a Unix socket.
protocol LineTransport: AnyObject {
    var name: String { get }
    func write(_ bytes: [UInt8]) -> Bool
    func readLines(timeout: TimeInterval) -> [[UInt8]]
}

extension ServeProcess: LineTransport {
    var name: String { "stdio" }
}

extension LineTransport {
    /// Sends `bytes` as a line, then a ping; returns what came back before the pong (nil when it never came).
    func exchange(_ bytes: [UInt8], canary: String, timeout: TimeInterval = 60) -> [ServerLine]? {
        let ping = Array(#"{"type":"ping","id":"\#(canary)"}"#.utf8) + [0x0A]
        guard write(bytes + [0x0A] + ping) else { return nil }
        var answers: [ServerLine] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for bytes in readLines(timeout: 1) {
                guard let line = ServerLine.decode(bytes) else {
                    answers.append(ServerLine.decode(#"{"type":"unreadable"}"#)!)
                    continue
                }
                if line.type == "pong" && line.id == canary { return answers }
                answers.append(line)
            }
        }
        return nil
    }

    /// Sends one chat message and returns its answer.
    func message(chat: String, _ text: String, id: String) -> ServerLine? {
        let bytes = Array(WireCodec.encodeMessage(ChatMessage(chat: chat, text: text, id: id)).dropLast())
        guard let lines = exchange(bytes, canary: "after-\(id)"), lines.count == 1 else { return nil }
        return lines[0]
    }
}
