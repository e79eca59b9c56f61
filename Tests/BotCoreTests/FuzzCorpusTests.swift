import BotCore
import Foundation
import Testing

/// Replays the protocol fuzzer's corpus (`Fuzz/corpus/protocol/`: the seeds and every input that once crashed
/// it) through the decoder in-process, with the harness's properties, so a fixed crash stays fixed.
struct FuzzCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/corpus/protocol").standardized

    static func inputs() throws -> [(name: String, bytes: [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    @Test func theCorpusIsThere() throws {
        #expect(try Self.inputs().count >= 15)
    }

    @Test func everyInputKeepsTheDecodersProperties() throws {
        for (name, bytes) in try Self.inputs() {
            // Framing: the same stream cut anywhere gives the same lines, none over the limit.
            var whole = LineFramer(maximumLineLength: 512)
            let expected = whole.append(bytes) + whole.finish()
            for cut in Set([0, bytes.count / 2, bytes.count, bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)]) {
                var pieces = LineFramer(maximumLineLength: 512)
                let split = pieces.append(bytes[..<cut]) + pieces.append(bytes[cut...]) + pieces.finish()
                #expect(split == expected, "\(name): framing depends on the cut at \(cut)")
            }
            for case .line(let line) in expected {
                #expect(line.count <= 512, "\(name)")
                roundTrip(line, name)
            }
            roundTrip(bytes, name)
            _ = ServerLine.decode(bytes)
            _ = try? JSONParser.parse(bytes, maximumDepth: 64)
        }
    }

    /// A line accepted as a message encodes back to one line that decodes to the same message.
    private func roundTrip(_ line: [UInt8], _ name: String) {
        guard case .success(.message(let message)) = WireCodec.decode(line, lineNumber: 1) else { return }
        let encoded = WireCodec.encodeMessage(message)
        #expect(encoded.last == 0x0A && !encoded.dropLast().contains(0x0A), "\(name): the encoding spans lines")
        guard case .success(.message(let again)) = WireCodec.decode(Array(encoded.dropLast()), lineNumber: 1) else {
            Issue.record("\(name): the encoded message did not decode")
            return
        }
        #expect(again == message, "\(name)")
    }
}
