import BotCore

/// libFuzzer entry point for the line protocol's decoder: framing, JSON, the wire codec and the client's
/// decoder of server lines, with properties that must hold for every input.
///
/// Built by `scripts/fuzz.sh`; the seed corpus is `Fuzz/corpus/protocol/`.
@_cdecl("LLVMFuzzerTestOneInput")
public func protocolFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    ProtocolFuzzChecks.run(bytes)
    return 0
}

enum ProtocolFuzzChecks {
    static func run(_ bytes: [UInt8]) {
        // Framing: the same stream cut at any point gives the same lines.
        var whole = LineFramer(maximumLineLength: 512)
        let expected = whole.append(bytes) + whole.finish()
        var pieces = LineFramer(maximumLineLength: 512)
        let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        let split = pieces.append(bytes[..<cut]) + pieces.append(bytes[cut...]) + pieces.finish()
        check(expected == split, "framing depends on where the stream was cut")
        for event in expected {
            guard case .line(let line) = event else { continue }
            check(line.count <= 512, "a line over the limit came through")
            decodeAndRoundTrip(line)
        }
        decodeAndRoundTrip(bytes)
        _ = ServerLine.decode(bytes)
        _ = try? JSONParser.parse(bytes, maximumDepth: 64)
    }

    /// A line the codec accepts as a message encodes back to a line that decodes to the same message.
    static func decodeAndRoundTrip(_ line: [UInt8]) {
        switch WireCodec.decode(line, lineNumber: 1) {
        case .success(.message(let message)):
            let encoded = WireCodec.encodeMessage(message)
            check(encoded.last == 0x0A && !encoded.dropLast().contains(0x0A), "an encoded message spans lines")
            guard case .success(.message(let again)) = WireCodec.decode(Array(encoded.dropLast()), lineNumber: 1)
            else { fail("a message did not decode after encoding") }
            check(again == message, "a message changed on the way through the codec")
        case .success, .failure:
            break
        }
    }

    static func check(_ condition: Bool, _ problem: String) {
        if !condition { fail(problem) }
    }

    static func fail(_ problem: String) -> Never {
        fatalError("protocol fuzz: \(problem)")
    }
}
